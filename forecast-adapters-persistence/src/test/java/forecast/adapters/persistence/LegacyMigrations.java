package forecast.adapters.persistence;

import forecast.domain.registry.Artifact;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;

/**
 * The hand-written migration runner of Forecast before Flyway, kept in the tests to make databases
 * as older builds left them (see {@code FlywayBaselineTest}). A small versioned migration runner. The SQL files of the repository's {@code db/} folder ship in
 * this jar under {@code db/}, listed in order in {@code db/migrations.txt} (a modular jar cannot be
 * listed reliably). Each unapplied one runs in its own transaction and is recorded in
 * {@code schema_version}; a database whose applied migration no longer matches its file (changed
 * after it ran, or unknown to this build) is refused.
 */
final class LegacyMigrations {
    private LegacyMigrations() {}

    static final String INDEX = "db/migrations.txt";
    private static final Pattern NAME = Pattern.compile("V(\\d+)__(\\w+)\\.sql");

    /** One migration file: {@code V<version>__<name>.sql}; the checksum is of its text with LF line ends. */
    record Migration(int version, String name, String file, String sql, String checksum) {}

    /** The last migration the old runner shipped with: Flyway took over after it. */
    static final int LAST_OF_THE_OLD_RUNNER = 9;

    /** The migrations the old runner shipped, in order: this build's up to {@link #LAST_OF_THE_OLD_RUNNER}. */
    static List<Migration> bundled() {
        return all().stream().filter(m -> m.version() <= LAST_OF_THE_OLD_RUNNER).toList();
    }

    /** Every migration this build ships, in order. */
    static List<Migration> all() {
        var migrations = new ArrayList<Migration>();
        for (var line : read(INDEX).lines().map(String::strip).toList()) {
            if (line.isEmpty() || line.startsWith("#")) continue;
            var m = NAME.matcher(line);
            if (!m.matches()) throw new IllegalStateException(INDEX + ": not a migration file name V<n>__<name>.sql: " + line);
            int version = Integer.parseInt(m.group(1));
            if (!migrations.isEmpty() && version <= migrations.getLast().version())
                throw new IllegalStateException(INDEX + ": versions must increase: " + line);
            var sql = read("db/" + line).replace("\r\n", "\n");
            migrations.add(new Migration(version, m.group(2), line, sql, Artifact.sha256(sql.getBytes(StandardCharsets.UTF_8))));
        }
        return migrations;
    }

    private static String read(String resource) {
        // Class.getResourceAsStream finds a resource of this class's own module, encapsulated or not.
        try (InputStream in = LegacyMigrations.class.getResourceAsStream("/" + resource)) {
            if (in == null) throw new IllegalStateException("missing resource " + resource + " in the persistence jar");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Brings the database up to date with {@code migrations}.
     *
     * @return the migrations applied now (none when it was up to date)
     * @throws IllegalStateException when an applied migration differs from the file of the same version
     */
    static List<Migration> apply(Jdbi jdbi, List<Migration> migrations) {
        jdbi.useHandle(h -> h.execute("""
                CREATE TABLE IF NOT EXISTS schema_version (
                    version    INTEGER      NOT NULL PRIMARY KEY,
                    name       VARCHAR(200) NOT NULL,
                    checksum   CHAR(64)     NOT NULL,
                    applied_at TIMESTAMP(9) WITH TIME ZONE NOT NULL
                )"""));
        Map<Integer, String> applied = jdbi.withHandle(h -> h.createQuery("SELECT version, checksum FROM schema_version")
                .map((rs, ctx) -> Map.entry(rs.getInt("version"), rs.getString("checksum").strip()))
                .stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
        checkApplied(applied, migrations);
        var now = new ArrayList<Migration>();
        for (var migration : migrations) {
            if (applied.containsKey(migration.version())) continue;
            // H2 commits DDL implicitly, so only databases with transactional DDL (PostgreSQL) undo
            // a migration that fails half-way; its schema_version row is written only on success.
            jdbi.useTransaction(h -> {
                h.createScript(migration.sql()).execute();
                h.createUpdate("INSERT INTO schema_version (version, name, checksum, applied_at) VALUES (:v, :n, :c, :at)")
                        .bind("v", migration.version()).bind("n", migration.file()).bind("c", migration.checksum())
                        .bind("at", Sql.utc(Instant.now())).execute();
            });
            now.add(migration);
        }
        return now;
    }

    private static void checkApplied(Map<Integer, String> applied, List<Migration> migrations) {
        var known = migrations.stream().collect(Collectors.toMap(Migration::version, m -> m));
        for (var entry : applied.entrySet()) {
            var migration = known.get(entry.getKey());
            if (migration == null)
                throw new IllegalStateException("the database has migration V" + entry.getKey() + " applied, which this build does not know: "
                        + "it was written by a newer version of Forecast");
            if (!migration.checksum().equalsIgnoreCase(entry.getValue()))
                throw new IllegalStateException("migration " + migration.file() + " was changed after it was applied to this database "
                        + "(checksum " + migration.checksum() + ", applied " + entry.getValue() + "); "
                        + "restore the file and add a new migration for the change");
        }
    }
}
