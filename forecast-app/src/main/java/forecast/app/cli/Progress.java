package forecast.app.cli;

import java.io.PrintStream;
import java.util.regex.Pattern;

/**
 * A job's progress as it comes: on a terminal one line redrawn in place (carriage return) with a
 * spinner, and a bar when the line says "k of N"; otherwise each progress line as it is, one per line.
 */
final class Progress {
    private static final String SPINNER = "|/-\\";
    private static final Pattern OF = Pattern.compile("(\\d+)\\s+of\\s+(\\d+)");
    private static final int WIDTH = 100;

    private final PrintStream out;
    private final boolean terminal;
    private int frames;
    private int drawn;
    private boolean closed;

    Progress(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /** One progress line of the job. */
    synchronized void line(String text) {
        if (closed) return;
        if (!terminal) {
            out.println(text);
            out.flush();
            return;
        }
        var m = OF.matcher(text);
        String bar = "";
        if (m.find()) {
            long k = Long.parseLong(m.group(1)), n = Long.parseLong(m.group(2));
            if (n > 0 && k <= n) {
                int filled = (int) (20 * k / n);
                bar = "[" + "#".repeat(filled) + ".".repeat(20 - filled) + "] ";
            }
        }
        String shown = SPINNER.charAt(frames++ % SPINNER.length()) + " " + bar + text.replaceAll("\\s*\\R\\s*", " ");
        if (shown.length() > WIDTH) shown = shown.substring(0, WIDTH - 3) + "...";
        out.print("\r" + shown + " ".repeat(Math.max(0, drawn - shown.length())));
        out.flush();
        drawn = shown.length();
    }

    /** The job ended: a terminal's progress line is ended so that what follows starts on a line of its own. */
    synchronized void done() {
        closed = true;
        if (terminal && drawn > 0) {
            out.println();
            drawn = 0;
        }
    }
}
