import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * Writes time_series_train.csv and time_series_test.csv: an hourly demand-like series with a trend,
 * a two-peak daily shape, a weekly shape, temperature and promotion effects and mildly autocorrelated
 * noise. Deterministic (fixed seed, java.util.Random, whose algorithm the JDK specifies).
 *
 * <p>Run from the repository root: {@code java test_data/GenerateTestData.java} (JDK 21+). An optional
 * argument names the output folder; by default it is {@code test_data} when that folder exists
 * under the current one, else the current folder.
 */
public class GenerateTestData {
    static final long SEED = 20240101L;
    static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
    static final int TRAIN_HOURS = 121 * 24; // 2024-01-01 .. 2024-04-30
    static final int TEST_HOURS = 14 * 24;   // 2024-05-01 .. 2024-05-14

    static final double COMFORT = 18.0;          // degrees C above which demand rises
    static final double PER_DEGREE = 1.2;        // units per degree above COMFORT
    static final double PROMOTION_LIFT = 0.12;   // relative lift while a promotion runs
    static final double NOISE_SD = 0.024;        // marginal sd of the relative noise
    static final double NOISE_PHI = 0.5;         // hourly autocorrelation of the noise

    public static void main(String[] args) throws IOException {
        Path out = args.length > 0 ? Path.of(args[0]) : Files.isDirectory(Path.of("test_data")) ? Path.of("test_data") : Path.of(".");
        var random = new Random(SEED);
        int n = TRAIN_HOURS + TEST_HOURS;
        double[] temperature = temperature(n, random);
        int[] promotion = promotions(n, random);
        double[] value = values(n, temperature, promotion, random);
        Set<Integer> missing = missing(random);

        write(out.resolve("time_series_train.csv"), 0, TRAIN_HOURS, value, temperature, promotion, missing);
        write(out.resolve("time_series_test.csv"), TRAIN_HOURS, n, value, temperature, promotion, Set.of());
        System.out.println("wrote " + TRAIN_HOURS + " train rows (" + missing.size() + " missing values) and "
                + TEST_HOURS + " test rows to " + out.toAbsolutePath().normalize());
        Shops.write(out);
    }

    /**
     * Daily sales of eight shops as long CSVs ({@code series_id,timestamp,value}): the portfolio
     * of the README. Each shop has its own level, growth, weekly shape (some busiest on Saturday,
     * some closed-ish on Sunday) and a yearly cycle, times 1 + AR(1) noise; two shops miss a few
     * days. Its own seed, so that the hourly files above do not change.
     */
    static final class Shops {
        static final long SEED = 20241231L;
        static final int SHOPS = 8;
        static final java.time.LocalDate FIRST = java.time.LocalDate.of(2024, 1, 1);
        static final int TRAIN_DAYS = 366; // 2024
        static final int TEST_DAYS = 14;   // 2025-01-01 .. 2025-01-14

        static void write(Path out) throws IOException {
            var random = new Random(SEED);
            var train = new StringBuilder("series_id,timestamp,value\n");
            var test = new StringBuilder("series_id,timestamp,value\n");
            for (int s = 1; s <= SHOPS; s++) {
                String id = String.format(Locale.ROOT, "shop-%02d", s);
                double level = 60 + 55 * random.nextDouble() * s;
                double growth = (random.nextDouble() - 0.3) * 0.0015; // per day, relative
                double saturday = 1.1 + 0.4 * random.nextDouble();
                double sunday = random.nextBoolean() ? 0.35 + 0.2 * random.nextDouble() : 1.0 + 0.2 * random.nextDouble();
                double yearly = 0.05 + 0.1 * random.nextDouble();
                double noise = 0;
                double sd = 0.04 + 0.04 * random.nextDouble();
                var gaps = new TreeSet<Integer>();
                if (s == 3 || s == 6) while (gaps.size() < 4) gaps.add(30 + random.nextInt(TRAIN_DAYS - 60));
                for (int d = 0; d < TRAIN_DAYS + TEST_DAYS; d++) {
                    var day = FIRST.plusDays(d);
                    double week = switch (day.getDayOfWeek()) {
                        case SATURDAY -> saturday;
                        case SUNDAY -> sunday;
                        case FRIDAY -> 1.08;
                        case MONDAY -> 0.92;
                        default -> 1.0;
                    };
                    double season = 1 + yearly * Math.cos(2 * Math.PI * (d - 350) / 365.25);
                    noise = 0.4 * noise + sd * Math.sqrt(1 - 0.16) * random.nextGaussian();
                    double value = level * (1 + growth * d) * week * season * (1 + noise);
                    String cell = gaps.contains(d) ? "" : String.format(Locale.ROOT, "%.1f", value);
                    (d < TRAIN_DAYS ? train : test).append(id).append(',').append(day).append(',').append(cell).append('\n');
                }
            }
            Files.writeString(out.resolve("shops_daily_train.csv"), train);
            Files.writeString(out.resolve("shops_daily_test.csv"), test);
            System.out.println("wrote " + SHOPS + " shops x " + TRAIN_DAYS + " train days and " + TEST_DAYS + " test days to " + out.toAbsolutePath().normalize());
        }
    }

    /** A seasonal warming, a daily cycle peaking mid-afternoon and a slowly wandering weather component. */
    static double[] temperature(int n, Random random) {
        double[] t = new double[n];
        double weather = 0;
        double phi = 0.99; // correlation time of about four days
        double sd = 4.0;
        double innovation = sd * Math.sqrt(1 - phi * phi);
        for (int i = 0; i < n; i++) {
            double day = i / 24.0;
            int hour = i % 24;
            double seasonal = 15.5 + 2.5 * day / 135.0;
            double daily = 4.5 * Math.cos(2 * Math.PI * (hour - 15) / 24.0);
            weather = phi * weather + innovation * random.nextGaussian();
            t[i] = seasonal + daily + weather + 0.3 * random.nextGaussian();
        }
        return t;
    }

    /** Two to four events a week, on different days, of 3 to 6 hours starting in the daytime. */
    static int[] promotions(int n, Random random) {
        int[] p = new int[n];
        for (int week = 0; week * 168 < n; week++) {
            int events = 2 + random.nextInt(3);
            var days = new TreeSet<Integer>();
            while (days.size() < events) days.add(random.nextInt(7));
            for (int day : days) {
                int start = week * 168 + day * 24 + 9 + random.nextInt(10);
                int length = 3 + random.nextInt(4);
                for (int i = start; i < Math.min(n, start + length); i++) p[i] = 1;
            }
        }
        return p;
    }

    static double[] values(int n, double[] temperature, int[] promotion, Random random) {
        double[] v = new double[n];
        double noise = 0;
        double innovation = NOISE_SD * Math.sqrt(1 - NOISE_PHI * NOISE_PHI);
        for (int i = 0; i < n; i++) {
            var time = START.plusSeconds(3600L * i).atOffset(ZoneOffset.UTC);
            int hour = time.getHour();
            var dow = time.getDayOfWeek();
            boolean weekend = dow == DayOfWeek.SATURDAY || dow == DayOfWeek.SUNDAY;
            double level = 135.0 + 0.0065 * i;
            double base = level * weekly(dow) * daily(hour, weekend);
            double lifted = base * (1 + PROMOTION_LIFT * promotion[i]) + PER_DEGREE * Math.max(0, temperature[i] - COMFORT);
            noise = NOISE_PHI * noise + innovation * random.nextGaussian();
            v[i] = lifted * (1 + noise);
        }
        return v;
    }

    static double weekly(DayOfWeek d) {
        return switch (d) {
            case MONDAY -> 1.00;
            case TUESDAY, WEDNESDAY -> 1.02;
            case THURSDAY -> 1.01;
            case FRIDAY -> 0.98;
            case SATURDAY -> 0.88;
            case SUNDAY -> 0.84;
        };
    }

    /** Two peaks on weekdays (morning and evening); on weekends a later, lower first peak. */
    static double daily(int hour, boolean weekend) {
        double morning = weekend ? bump(hour, 11.5, 2.5) * 0.12 : bump(hour, 8.5, 1.6) * 0.22;
        double evening = bump(hour, 19.0, 2.2) * (weekend ? 0.22 : 0.28);
        double night = bump(hour, 3.5, 2.5) * 0.20;
        return 0.95 + morning + evening - night;
    }

    /** A Gaussian bump centred at {@code peak} on the 24-hour circle. */
    static double bump(int hour, double peak, double width) {
        double d = Math.abs(hour - peak);
        d = Math.min(d, 24 - d);
        return Math.exp(-d * d / (2 * width * width));
    }

    /** About ten missing train values: seven single hours and one run of three. */
    static Set<Integer> missing(Random random) {
        var out = new TreeSet<Integer>();
        int run = 24 * 40 + 7 + random.nextInt(10); // mid February, in the morning
        for (int i = 0; i < 3; i++) out.add(run + i);
        while (out.size() < 10) {
            // not in the first two days nor the last eight, so the last week (the seasonal-naive
            // baseline and the most recent lags) is complete
            int i = 48 + random.nextInt(TRAIN_HOURS - 48 - 8 * 24);
            // keep singles apart from each other and from the run, so the run stays the only one
            if (out.subSet(i - 2, i + 3).isEmpty()) out.add(i);
        }
        return out;
    }

    static void write(Path file, int from, int to, double[] value, double[] temperature, int[] promotion,
                      Set<Integer> missing) throws IOException {
        var lines = new ArrayList<String>(to - from + 1);
        lines.add("timestamp,value,temperature,promotion");
        for (int i = from; i < to; i++) {
            String v = missing.contains(i) ? "" : String.format(Locale.ROOT, "%.2f", value[i]);
            lines.add(START.plusSeconds(3600L * i) + "," + v + ","
                    + oneDecimal(temperature[i]) + "," + promotion[i]);
        }
        Files.writeString(file, String.join("\n", lines) + "\n");
    }

    static String oneDecimal(double x) {
        String s = String.format(Locale.ROOT, "%.1f", x);
        return s.equals("-0.0") ? "0.0" : s;
    }
}
