package forecast.app;

import forecast.adapters.web.AdminKeys;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/**
 * The command line: {@code serve [--port N] [--data DIR] [--config FILE] [--home DIR]},
 * {@code tune ...} and {@code hash-key} (the hash of a key read from standard input). The launcher
 * script {@code ./forecast} passes {@code --home} (the installation directory).
 */
public final class Main {
    static final String HASH_KEY_USAGE = "usage: forecast hash-key < file-with-key    (prints sha256:... for security.admin_key_hashes)";

    private Main() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("tune")) {
            System.exit(tune(Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length > 0 && args[0].equals("hash-key")) {
            System.exit(hashKey(System.in, System.out, System.err));
        }
        if (args.length == 0 || !args[0].equals("serve")) {
            System.err.println("usage: forecast serve [--port N] [--data DIR] [--config FILE]\n" + TuneCommand.USAGE + "\n" + HASH_KEY_USAGE);
            System.exit(2);
        }
        var options = Options.parse(Arrays.copyOfRange(args, 1, args.length));
        var config = ForecastConfig.load(options.home(), options.config(), System.getenv());
        if (options.port() != null) config = config.withPort(options.port());
        if (options.data() != null) config = config.withDataDir(options.data());
        var app = Application.start(config);
        System.out.println("Forecast is serving on http://localhost:" + app.port() + " (data in " + config.dataDir().toAbsolutePath() + ")");
        System.out.println("SQL: " + app.jdbcUrl().replaceAll("(?i)password=[^&;]*", "password=***")
                + (config.database().isDefault() ? " (user sa, no password)" : " (user " + config.database().user() + ")"));
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stopped.countDown();
        }, "forecast-shutdown"));
        stopped.await();
    }

    /**
     * {@code hash-key}: reads an admin API key from {@code in} (surrounding whitespace and the line
     * end dropped) and prints the {@code sha256:...} line to put in
     * {@code security.admin_key_hashes}. Exit code 0, or 2 when no key was given.
     */
    static int hashKey(InputStream in, PrintStream out, PrintStream err) throws IOException {
        String key = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        if (key.isEmpty()) {
            err.println("forecast hash-key: no key on standard input\n" + HASH_KEY_USAGE);
            return 2;
        }
        out.println(AdminKeys.hash(key));
        return 0;
    }

    /** {@code tune ...}: see {@link TuneCommand}; exit code 0, or 2 for a bad command line or request. */
    private static int tune(String[] args) throws java.io.IOException {
        Path home = Path.of(".");
        Path configFile = null;
        Path data = null;
        var options = new java.util.HashMap<String, String>();
        var fixed = new java.util.TreeMap<String, String>();
        var space = new java.util.LinkedHashMap<String, forecast.domain.tuning.Distribution>();
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--resume")) {
                    options.put(a, "true");
                    continue;
                }
                if (i + 1 >= args.length) throw new IllegalArgumentException(a + " needs a value");
                String v = args[++i];
                switch (a) {
                    case "--home" -> home = Path.of(v);
                    case "--config" -> configFile = Path.of(v);
                    case "--data-dir" -> data = Path.of(v);
                    case "--set" -> {
                        int eq = v.indexOf('=');
                        if (eq < 1) throw new IllegalArgumentException("--set needs key=value, not " + v);
                        fixed.put(v.substring(0, eq), v.substring(eq + 1));
                    }
                    case "--space" -> {
                        int eq = v.indexOf('=');
                        if (eq < 1) throw new IllegalArgumentException("--space needs name=JSON, such as rounds={\"type\":\"int\",\"low\":50,\"high\":300}");
                        space.put(v.substring(0, eq), forecast.domain.tuning.Distribution.fromJson(v.substring(eq + 1)));
                    }
                    case "--algorithm", "--trials", "--timeout", "--study", "--data", "--series-id", "--metric", "--sampler", "--pruner", "--seed",
                         "--parallelism" -> options.put(a, v);
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
            var config = ForecastConfig.load(home, configFile == null ? home.resolve("config/ml_config.yaml") : configFile, System.getenv());
            if (data != null) config = config.withDataDir(data);
            return TuneCommand.run(config, options, fixed, space, System.out);
        } catch (IllegalArgumentException e) {
            System.err.println("forecast tune: " + e.getMessage());
            System.err.println(TuneCommand.USAGE);
            return 2;
        }
    }

    private record Options(Path home, Path config, Integer port, Path data) {
        static Options parse(String[] args) {
            Path home = Path.of(".");
            Path config = null;
            Integer port = null;
            Path data = null;
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--home" -> home = Path.of(require(args[i], value));
                    case "--config" -> config = Path.of(require(args[i], value));
                    case "--port" -> {
                        try {
                            port = Integer.parseInt(require(args[i], value));
                        } catch (NumberFormatException e) {
                            throw new IllegalArgumentException("--port needs a number: " + value);
                        }
                    }
                    case "--data" -> data = Path.of(require(args[i], value));
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
                i++;
            }
            return new Options(home, config == null ? home.resolve("config/ml_config.yaml") : config, port, data);
        }

        private static String require(String option, String value) {
            if (value == null) throw new IllegalArgumentException(option + " needs a value");
            return value;
        }
    }
}
