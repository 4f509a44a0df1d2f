/**
 * The persistence adapters: every storage port of the domain on a relational database through
 * JDBI, H2 embedded by default or PostgreSQL, migrated by Flyway. Only the factory package is exported; JDBI and JDBC types stay
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

    requires java.management;    // HikariCP registers its pool's MBeans
    requires com.zaxxer.hikari;  // a real module (HikariCP 7); the pool of PostgreSQL connections
    requires org.postgresql.jdbc; // automatic module (Automatic-Module-Name); provides java.sql.Driver
    // Flyway's jars are not modules and name none: automatic modules named after the jar files.
    // flyway.core finds its database support (flyway.database.postgresql) with ServiceLoader, which
    // an automatic module may use for any service; requiring it puts it in the module graph.
    requires flyway.core;
    requires flyway.database.postgresql;

    exports forecast.adapters.persistence;   // PersistenceAdapters, Persistence
}
