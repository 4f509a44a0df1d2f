package forecast.app;

import forecast.adapters.web.AdminKeys;
import forecast.adapters.web.ForecastServer;
import forecast.app.cli.ClientCommands;
import forecast.app.cli.Io;
import forecast.domain.tuning.Distribution;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The command line (picocli): {@code serve}, {@code tune} and {@code hash-key} run here; the
 * client commands ({@code models}, {@code predict}, {@code train}, {@code jobs}, {@code ab},
 * {@code studies}, {@code drift}, {@code alerts}, {@code pipeline}) talk to a running server (see
 * {@link ClientCommands}). The launcher script {@code ./forecast} passes {@code --home} (the
 * installation directory) to the first three. {@link #run} is the entry point with its streams
 * and environment given, for tests; exit status 0, 1 for a failure (one line on standard error),
 * 2 for a bad command line (one line plus the usage).
 */
public final class Main {
    static final String HASH_KEY_USAGE = "usage: forecast hash-key < file-with-key    (prints sha256:... for security.admin_key_hashes)";

    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args, Io.system()));
    }

    /** Runs the command line {@code args} with {@code io}'s streams and environment; the exit status. */
    public static int run(String[] args, Io io) {
        return commandLine(io).execute(args);
    }

    /** The command tree: every command gets {@code io}; errors are one line (plus the usage for a bad command line). */
    static CommandLine commandLine(Io io) {
        CommandLine.IFactory defaults = CommandLine.defaultFactory();
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                K made = defaults.create(cls);
                if (made instanceof Io.Aware aware) aware.io(io);
                return made;
            }
        };
        var cl = new CommandLine(new Root(), factory);
        ClientCommands.addTo(cl, factory);
        cl.setOut(new PrintWriter(io.out(), true));
        cl.setErr(new PrintWriter(io.err(), true));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((e, args) -> {
            var command = e.getCommandLine();
            var err = command.getErr();
            err.println(command.getCommandName().equals("forecast") ? "forecast: " + e.getMessage()
                    : "forecast " + qualified(command) + ": " + e.getMessage());
            command.usage(err);
            err.flush();
            return command.getCommandSpec().exitCodeOnInvalidInput();
        });
        cl.setExecutionExceptionHandler((e, command, parseResult) -> {
            var err = command.getErr();
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            err.println("forecast " + qualified(command) + ": " + message.replaceAll("\\s*\\R\\s*", " "));
            err.flush();
            return 1;
        });
        return cl;
    }

    /** {@code models list} for the command {@code list} under {@code models}. */
    private static String qualified(CommandLine command) {
        String name = command.getCommandSpec().qualifiedName(" ");
        return name.startsWith("forecast ") ? name.substring("forecast ".length()) : name;
    }

    @Command(name = "forecast", mixinStandardHelpOptions = true, version = "forecast 0.1.0",
            description = "Time-series forecasting: run the server, tune, or use a running server.",
            subcommands = {Serve.class, Tune.class, HashKey.class},
            synopsisSubcommandLabel = "COMMAND",
            footer = {"", "Client commands talk to the server at --url (default: $FORECAST_URL, else http://localhost:8080),",
                    "sending the admin key from $FORECAST_ADMIN_KEY. 'forecast COMMAND --help' tells more."})
    static final class Root {
    }

    /** {@code serve}: starts the server and runs until stopped; exit 1 with one line when it cannot start. */
    @Command(name = "serve", mixinStandardHelpOptions = true, description = "Start the server; it runs until stopped (Ctrl-C, SIGTERM).")
    static final class Serve implements Callable<Integer>, Io.Aware {
        @Option(names = "--port", paramLabel = "N", description = "the port to listen on (default: server.port of the configuration, 8080)")
        Integer port;
        @Option(names = "--data", paramLabel = "DIR", description = "the data directory (default: data.directory of the configuration, ./data)")
        Path data;
        @Option(names = "--config", paramLabel = "FILE", description = "the configuration (default: HOME/config/ml_config.yaml)")
        Path config;
        @Option(names = "--home", paramLabel = "DIR", description = "the installation directory (the launcher passes it)", defaultValue = ".")
        Path home;
        private Io io;

        @Override
        public void io(Io io) {
            this.io = io;
        }

        @Override
        public Integer call() throws InterruptedException {
            var settings = ForecastConfig.load(home, config == null ? home.resolve("config/ml_config.yaml") : config, io.env());
            if (port != null) settings = settings.withPort(port);
            if (data != null) settings = settings.withDataDir(data);
            Application app;
            try {
                app = Application.start(settings, io.out());
            } catch (ForecastServer.BindException e) {
                io.err().println("forecast serve: " + e.getMessage());
                return 1;
            }
            io.out().println("Forecast is serving on http://localhost:" + app.port() + " (data in " + settings.dataDir().toAbsolutePath() + ")");
            io.out().println("SQL: " + app.jdbcUrl().replaceAll("(?i)password=[^&;]*", "password=***")
                    + (settings.database().isDefault() ? " (user sa, no password)" : " (user " + settings.database().user() + ")"));
            io.out().flush();
            var stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                app.close();
                stopped.countDown();
            }, "forecast-shutdown"));
            stopped.await();
            return 0;
        }
    }

    /** {@code tune}: see {@link TuneCommand}. */
    @Command(name = "tune", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Tune a forecaster's hyperparameters in this process, on the server's database, printing each trial.",
                    "It tunes on --series-file, else the stored history of --series-id, else the configured training file."})
    static final class Tune implements Callable<Integer>, Io.Aware {
        @Option(names = "--algorithm", required = true, paramLabel = "NAME", description = "xgboost, lstm, arima, ets, ...")
        String algorithm;
        @Option(names = "--trials", paramLabel = "N", description = "how many trials (default 20 unless --timeout)")
        String trials;
        @Option(names = "--timeout", paramLabel = "SECONDS", description = "stop starting trials after this long")
        String timeout;
        @Option(names = "--study", paramLabel = "NAME", description = "the study's name (default: ALGORITHM-<time>)")
        String study;
        @Option(names = "--resume", description = "continue the study of that name")
        boolean resume;
        @Option(names = "--series-file", paramLabel = "FILE.csv", description = "tune on this CSV: timestamp,value[,feature...]")
        Path seriesFile;
        @Option(names = "--series-id", paramLabel = "ID", description = "the stored series to tune on (default: default)")
        String seriesId;
        @Option(names = "--metric", paramLabel = "NAME", description = "mase (default), mape, smape or rmse")
        String metric;
        @Option(names = "--sampler", paramLabel = "NAME", description = "auto (default: a Gaussian process for the first 100 trials, TPE after), gp, tpe, multivariate_tpe or random")
        String sampler;
        @Option(names = "--pruner", paramLabel = "NAME", description = "median (default), successive_halving or none")
        String pruner;
        @Option(names = "--seed", paramLabel = "N", description = "the sampler's seed")
        String seed;
        @Option(names = "--parallelism", paramLabel = "P", description = "trials at once (default 1)")
        String parallelism;
        @Option(names = "--set", paramLabel = "KEY=VALUE", description = "a fixed hyperparameter (repeatable)")
        Map<String, String> fixed = new TreeMap<>();
        @Option(names = "--space", paramLabel = "NAME=JSON", description = "a search-space entry, such as rounds={\"type\":\"int\",\"low\":50,\"high\":300} (repeatable)")
        List<String> space = List.of();
        @Option(names = {"--data", "--data-dir"}, paramLabel = "DIR", description = "the data directory, as for serve (default: data.directory of the configuration)")
        Path data;
        @Option(names = "--config", paramLabel = "FILE", description = "the configuration (default: HOME/config/ml_config.yaml)")
        Path config;
        @Option(names = "--home", paramLabel = "DIR", description = "the installation directory (the launcher passes it)", defaultValue = ".")
        Path home;
        private Io io;

        @Override
        public void io(Io io) {
            this.io = io;
        }

        @Override
        public Integer call() throws IOException {
            try {
                if (data != null && (Files.isRegularFile(data) || data.toString().toLowerCase(java.util.Locale.ROOT).endsWith(".csv")))
                    throw new IllegalArgumentException("--data is the data directory, as for serve; give the CSV to tune on as --series-file " + data);
                var options = new HashMap<String, String>();
                options.put("--algorithm", algorithm);
                put(options, "--trials", trials);
                put(options, "--timeout", timeout);
                put(options, "--study", study);
                if (resume) options.put("--resume", "true");
                put(options, "--series-file", seriesFile == null ? null : seriesFile.toString());
                put(options, "--series-id", seriesId);
                put(options, "--metric", metric);
                put(options, "--sampler", sampler);
                put(options, "--pruner", pruner);
                put(options, "--seed", seed);
                put(options, "--parallelism", parallelism);
                var searchSpace = new LinkedHashMap<String, Distribution>();
                for (String entry : space) {
                    int eq = entry.indexOf('=');
                    if (eq < 1) throw new IllegalArgumentException("--space needs name=JSON, such as rounds={\"type\":\"int\",\"low\":50,\"high\":300}");
                    searchSpace.put(entry.substring(0, eq), Distribution.fromJson(entry.substring(eq + 1)));
                }
                var settings = ForecastConfig.load(home, config == null ? home.resolve("config/ml_config.yaml") : config, io.env());
                if (data != null) settings = settings.withDataDir(data);
                return TuneCommand.run(settings, options, fixed, searchSpace, io.out());
            } catch (forecast.domain.series.InvalidInputException e) { // the data, not the command line
                io.err().println("forecast tune: " + (seriesFile == null ? "" : seriesFile + ", ") + e.getMessage());
                return 1;
            } catch (IllegalArgumentException e) {
                io.err().println("forecast tune: " + String.valueOf(e.getMessage()).replaceAll("\\s*\\R\\s*", " "));
                io.err().println(TuneCommand.USAGE);
                return 2;
            }
        }

        private static void put(Map<String, String> options, String name, String value) {
            if (value != null) options.put(name, value);
        }
    }

    /** {@code hash-key}: the hash of a key read from standard input. */
    @Command(name = "hash-key", mixinStandardHelpOptions = true,
            description = {"Read an admin API key on standard input and print its sha256:... for security.admin_key_hashes."})
    static final class HashKey implements Callable<Integer>, Io.Aware {
        @Option(names = "--home", hidden = true)
        Path home;
        private Io io;

        @Override
        public void io(Io io) {
            this.io = io;
        }

        @Override
        public Integer call() throws IOException {
            return hashKey(io.in(), io.out(), io.err());
        }
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
}
