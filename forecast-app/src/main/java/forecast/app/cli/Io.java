package forecast.app.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;

/**
 * What a command reads and writes: standard input, output and error, the environment
 * ({@code FORECAST_URL}, {@code FORECAST_ADMIN_KEY}) and whether output goes to a terminal (then
 * progress is drawn in place). Tests pass their own.
 */
public record Io(InputStream in, PrintStream out, PrintStream err, Map<String, String> env, boolean terminal) {
    /** The process's own: {@code System.in/out/err}, {@code System.getenv()}, a terminal when {@code System.console() != null}. */
    public static Io system() {
        return new Io(System.in, System.out, System.err, System.getenv(), System.console() != null);
    }

    /** A command that is given the {@link Io} after picocli created it. */
    public interface Aware {
        void io(Io io);
    }
}
