/**
 * The persistence adapters: every storage port of the domain on a relational database through
 * JDBI, H2 embedded by default. Only the factory package is exported; JDBI and JDBC types stay
 * inside.
 */
module forecast.adapters.persistence {
    requires transitive forecast.domain;   // Persistence hands out the domain's ports
    requires java.sql;
    requires org.jdbi.v3.core;   // automatic module (Automatic-Module-Name in the jar's manifest)
    // JDBI's own dependencies: as an automatic module it declares none, so without these a launch
    // with every jar on the module path and no --add-modules fails with NoClassDefFoundError.
    requires org.slf4j;
    requires io.leangen.geantyref;
    requires com.h2database;     // automatic module, name derived from the jar; provides java.sql.Driver
    requires java.naming;        // H2's JdbcDataSource (under its connection pool) implements javax.naming.Referenceable,
                                 // and an automatic module does not bring the JDK modules it uses into the graph

    exports forecast.adapters.persistence;   // PersistenceAdapters, Persistence
}
