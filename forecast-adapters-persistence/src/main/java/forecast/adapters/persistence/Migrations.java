package forecast.adapters.persistence;

import forecast.domain.registry.Artifact;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.migration.JavaMigration;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.api.pattern.ValidatePattern;
import org.flywaydb.core.api.resource.LoadableResource;

/**
 * The schema's migrations, applied by Flyway. The SQL files of the repository's {@code db/} folder
 * ship in this jar under {@code db/}, listed in order in {@code db/migrations.txt}: a modular jar
 * cannot be listed reliably (its resources are encapsulated, and Flyway's class path scanner does
 * not see into a named module), so Flyway is given them through a {@link ResourceProvider} that
 * reads each file with {@code Class.getResourceAsStream}, which finds this module's own resources.
 * A database whose SQL must differ has its version of a file in {@link Dialect#migrationFolder()}
 * ({@code db/postgresql/V1__model_registry.sql}), used in place of {@code db/}'s.
 *
 * <p>Flyway records what it applied in {@code flyway_schema_history}, and refuses a database whose
 * applied migration differs from this build's file or is unknown to this build (written by a newer
 * Forecast). On PostgreSQL it holds an advisory lock while it migrates, so replicas starting together
 * migrate once: the others wait, then find nothing to do.
 *
 * <p>A database made by the hand-written runner of older builds (table {@code schema_version}) is
 * taken over: its applied migrations are checked against this build's files as that runner did,
 * then Flyway records them as applied without running them (skipExecutingMigrations; its baseline
 * was not honoured by Flyway 13 with a custom resource provider: V1 ran again), and what is newer is applied.
 */
final class Migrations {
    private Migrations() {}

    static final String INDEX = "db/migrations.txt";
    /** Flyway's history table. */
    static final String HISTORY = "flyway_schema_history";
    /** The history table of the hand-written runner that came before Flyway. */
    static final String LEGACY_HISTORY = "schema_version";
    private static final Pattern NAME = Pattern.compile("V(\\d+)__(\\w+)\\.sql");

    /** The migration files this build ships, in order, as {@code db/migrations.txt} names them. */
    static List<String> files() {
        var files = new ArrayList<String>();
        int last = 0;
        for (var line : read(INDEX).orElseThrow(() -> new IllegalStateException("missing resource " + INDEX + " in the persistence jar"))
                .lines().map(String::strip).toList()) {
            if (line.isEmpty() || line.startsWith("#")) continue;
            var m = NAME.matcher(line);
            if (!m.matches()) throw new IllegalStateException(INDEX + ": not a migration file name V<n>__<name>.sql: " + line);
            int version = Integer.parseInt(m.group(1));
            if (version <= last) throw new IllegalStateException(INDEX + ": versions must increase: " + line);
            last = version;
            files.add(line);
        }
        return files;
    }

    /** The version of a migration file name. */
    static int version(String file) {
        var m = NAME.matcher(file);
        if (!m.matches()) throw new IllegalArgumentException("not a migration file name: " + file);
        return Integer.parseInt(m.group(1));
    }

    /** The resource path of {@code file} for {@code dialect}: its own version if it has one, else {@code db/}'s. */
    static String resource(Dialect dialect, String file) {
        var own = dialect.migrationFolder() + "/" + file;
        return read(own).isPresent() ? own : "db/" + file;
    }

    /** The text of {@code file} for {@code dialect}, with LF line ends. */
    static String script(Dialect dialect, String file) {
        var resource = resource(dialect, file);
        return read(resource).orElseThrow(() -> new IllegalStateException("missing resource " + resource + " in the persistence jar")).replace("\r\n", "\n");
    }

    private static Optional<String> read(String resource) {
        // Class.getResourceAsStream finds a resource of this class's own module, encapsulated or not.
        try (InputStream in = Migrations.class.getResourceAsStream("/" + resource)) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Brings the database up to date; see the class comment. */
    static MigrateResult apply(DataSource source, Dialect dialect) {
        return apply(source, dialect, null);
    }

    /**
     * Brings the database up to {@code target} (a version, or null for the newest).
     *
     * @throws IllegalStateException when an applied migration differs from this build's file of the
     *         same version, or is unknown to this build, or a migration fails
     */
    static MigrateResult apply(DataSource source, Dialect dialect, String target) {
        var legacy = legacyVersion(source, dialect);
        var config = Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(source)
                .table(HISTORY)
                .resourceProvider(new Bundled(dialect))
                .javaMigrationClassProvider(List::<Class<? extends JavaMigration>>of)
                .encoding(StandardCharsets.UTF_8)
                .placeholderReplacement(false)                   // the scripts are plain SQL: no ${...} to replace
                .ignoreMigrationPatterns(new ValidatePattern[0]) // a migration applied by a newer build is refused, not ignored
                .validateMigrationNaming(true)
                .cleanDisabled(true);
        try {
            // The old runner's migrations are recorded in Flyway's history as applied, without running them again.
            if (legacy.isPresent()) config.target(String.valueOf(legacy.get())).skipExecutingMigrations(true).load().migrate();
            config.target(target == null ? "latest" : target).skipExecutingMigrations(false);
            return config.load().migrate();
        } catch (FlywayException e) {
            throw new IllegalStateException("the database's migrations differ from this build's, or one failed: " + e.getMessage(), e);
        }
    }

    /**
     * When the database was migrated by the runner before Flyway (it has {@code schema_version} but
     * no Flyway history): the newest version that runner applied, after checking each applied one
     * against this build's file as that runner did. Empty otherwise.
     */
    private static Optional<Integer> legacyVersion(DataSource source, Dialect dialect) {
        try (Connection c = source.getConnection()) {
            if (!hasTable(c, LEGACY_HISTORY) || hasTable(c, HISTORY)) return Optional.empty();
            var applied = new HashMap<Integer, String>();
            try (var s = c.createStatement(); var rs = s.executeQuery("SELECT version, checksum FROM " + LEGACY_HISTORY)) {
                while (rs.next()) applied.put(rs.getInt(1), rs.getString(2).strip());
            }
            checkLegacy(applied, dialect);
            return applied.keySet().stream().max(Integer::compare);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the migrations applied to the database: " + e.getMessage(), e);
        }
    }

    private static void checkLegacy(Map<Integer, String> applied, Dialect dialect) {
        var known = new HashMap<Integer, String>();
        for (var file : files()) known.put(version(file), file);
        for (var entry : applied.entrySet()) {
            var file = known.get(entry.getKey());
            if (file == null)
                throw new IllegalStateException("the database has migration V" + entry.getKey() + " applied, which this build does not know: "
                        + "it was written by a newer version of Forecast");
            // the old runner's checksum: SHA-256 of the file's text with LF line ends
            var checksum = Artifact.sha256(script(dialect, file).getBytes(StandardCharsets.UTF_8));
            if (!checksum.equalsIgnoreCase(entry.getValue()))
                throw new IllegalStateException("migration " + file + " was changed after it was applied to this database "
                        + "(checksum " + checksum + ", applied " + entry.getValue() + "); "
                        + "restore the file and add a new migration for the change");
        }
    }

    private static boolean hasTable(Connection c, String name) throws SQLException {
        String schema = c.getSchema();
        try (var rs = c.getMetaData().getTables(c.getCatalog(), null, null, new String[] {"TABLE", "BASE TABLE"})) {
            while (rs.next()) {
                if (rs.getString("TABLE_NAME").equalsIgnoreCase(name) && (schema == null || schema.equalsIgnoreCase(rs.getString("TABLE_SCHEM")))) return true;
            }
        }
        return false;
    }

    /** This build's migrations for one database, for Flyway. */
    private record Bundled(Dialect dialect) implements ResourceProvider {
        @Override
        public LoadableResource getResource(String name) {
            var file = name.contains("/") ? name.substring(name.lastIndexOf('/') + 1) : name;
            return files().contains(file) ? new Script(dialect, file) : null;
        }

        @Override
        public Collection<LoadableResource> getResources(String prefix, String[] suffixes) {
            var out = new ArrayList<LoadableResource>();
            for (var file : files())
                if (file.startsWith(prefix) && Arrays.stream(suffixes).anyMatch(file::endsWith)) out.add(new Script(dialect, file));
            return out;
        }
    }

    /** One migration file, read from this module's resources. */
    private static final class Script extends LoadableResource {
        private final String file;
        private final String resource;
        private final String sql;

        Script(Dialect dialect, String file) {
            this.file = file;
            this.resource = resource(dialect, file);
            this.sql = script(dialect, file);
        }

        @Override
        public Reader read() {
            return new StringReader(sql);
        }

        @Override
        public String getAbsolutePath() {
            return resource;
        }

        @Override
        public String getAbsolutePathOnDisk() {
            return resource;
        }

        @Override
        public String getFilename() {
            return file;
        }

        @Override
        public String getRelativePath() {
            return file;
        }
    }
}
