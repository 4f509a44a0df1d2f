package forecast.adapters.persistence;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatements;

/**
 * The databases the adapters run on. Almost every statement is the same on both; the few that are
 * not ask {@link #of(Handle)} which form to use. The migrations of a database are {@code db/} with
 * the files of {@link #migrationFolder()} in place of those of the same name.
 */
enum Dialect {
    H2("db/h2"),
    POSTGRESQL("db/postgresql");

    private static final String ATTRIBUTE = "forecast.dialect";
    private final String migrationFolder;

    Dialect(String migrationFolder) {
        this.migrationFolder = migrationFolder;
    }

    /** Where this database's own versions of migrations live, when the SQL of {@code db/} does not fit it. */
    String migrationFolder() {
        return migrationFolder;
    }

    /** The database of a JDBC URL. */
    static Dialect of(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:h2:")) return H2;
        if (jdbcUrl.startsWith("jdbc:postgresql:")) return POSTGRESQL;
        throw new IllegalArgumentException("not an H2 or PostgreSQL JDBC URL: " + jdbcUrl.replaceAll("password=[^&;]*", "password=***"));
    }

    /** Remembers the dialect in {@code jdbi}'s configuration, for {@link #of(Handle)}. */
    void install(Jdbi jdbi) {
        jdbi.getConfig(SqlStatements.class).define(ATTRIBUTE, this);
    }

    /** The dialect of the handle's database: H2 unless {@link #install} said otherwise. */
    static Dialect of(Handle h) {
        return h.getConfig(SqlStatements.class).getAttribute(ATTRIBUTE) instanceof Dialect d ? d : H2;
    }
}
