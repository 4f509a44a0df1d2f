import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a JFR recording's CPU samples went, inclusively: for each of the project's own methods
 * (and a few library entry points), the share of all execution samples with that method anywhere
 * on the stack; then the top frames (self time) by package. Allocation samples are summed the
 * same way by the project's method that allocated.
 * Usage: java bench/JfrSummary.java RECORDING.jfr [ROWS]
 */
public class JfrSummary {
    public static void main(String[] args) throws Exception {
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        var inclusive = new HashMap<String, Integer>();
        var selfByPackage = new HashMap<String, Integer>();
        var allocatedBy = new HashMap<String, Double>();
        int samples = 0;
        double allocated = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(args[0]))) {
            String type = e.getEventType().getName();
            if (e.getStackTrace() == null) continue;
            var frames = e.getStackTrace().getFrames();
            if (type.equals("jdk.ExecutionSample")) {
                samples++;
                var seen = new HashSet<String>();
                for (RecordedFrame f : frames) {
                    String m = name(f);
                    if (interesting(m) && seen.add(m)) inclusive.merge(m, 1, Integer::sum);
                }
                if (!frames.isEmpty()) selfByPackage.merge(pkg(frames.get(0)), 1, Integer::sum);
            } else if (type.equals("jdk.ObjectAllocationSample")) {
                double weight = e.getLong("weight");
                allocated += weight;
                String where = "(outside the project)";
                for (RecordedFrame f : frames) {
                    if (name(f).startsWith("forecast.")) { where = name(f); break; }
                }
                allocatedBy.merge(where, weight, Double::sum);
            }
        }
        System.out.printf(Locale.ROOT, "%d execution samples%n%nInclusive share of CPU samples:%n", samples);
        print(inclusive, samples, rows);
        System.out.printf(Locale.ROOT, "%nSelf samples by package (top frame):%n");
        print(selfByPackage, samples, 15);
        System.out.printf(Locale.ROOT, "%nAllocation: about %.0f MB in the recording (JFR's estimate from its samples); by the innermost project method:%n",
                allocated / 1e6);
        double total = allocated;
        allocatedBy.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(15)
                .forEach(en -> System.out.printf(Locale.ROOT, "%6.1f%%  %s%n", 100 * en.getValue() / total, en.getKey()));
    }

    static boolean interesting(String m) {
        return m.startsWith("forecast.") || m.startsWith("ml.dmlc.xgboost4j.java.Booster.predict")
                || m.startsWith("org.eclipse.parsson.JsonParserImpl.getValue") || m.startsWith("com.fasterxml.jackson.core.JsonFactory.createParser")
                || m.startsWith("io.micrometer.core.instrument") && m.endsWith(".record") || m.startsWith("java.time.Duration.dividedBy")
                || m.startsWith("java.time.Duration.multipliedBy") || m.startsWith("java.math.BigDecimal.<init>");
    }

    static void print(Map<String, Integer> counts, int samples, int rows) {
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(rows)
                .forEach(en -> System.out.printf(Locale.ROOT, "%6.1f%%  %s%n", 100.0 * en.getValue() / samples, en.getKey()));
    }

    static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    static String pkg(RecordedFrame f) {
        String t = f.getMethod().getType().getName();
        int dot = t.lastIndexOf('.');
        return dot < 0 ? t : t.substring(0, dot);
    }
}
