package forecast.app;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/**
 * The command line: {@code serve [--port N] [--data DIR] [--config FILE] [--home DIR]}. The
 * launcher script {@code ./forecast} passes {@code --home} (the installation directory).
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length == 0 || !args[0].equals("serve")) {
            System.err.println("usage: forecast serve [--port N] [--data DIR] [--config FILE]");
            System.exit(2);
        }
        var options = Options.parse(Arrays.copyOfRange(args, 1, args.length));
        var config = ForecastConfig.load(options.home(), options.config(), System.getenv());
        if (options.port() != null) config = config.withPort(options.port());
        if (options.data() != null) config = config.withDataDir(options.data());
        var app = Application.start(config);
        System.out.println("Forecast is serving on http://localhost:" + app.port() + " (data in " + config.dataDir().toAbsolutePath() + ")");
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stopped.countDown();
        }, "forecast-shutdown"));
        stopped.await();
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
