package forecast.domain.preprocessing;

import java.util.Locale;

/**
 * An affine rescaling fitted on training values and applied unchanged at serving time:
 * {@code transform(x) = (x - center) / scale} and {@code inverse(z) = z * scale + center}.
 *
 * <p>{@code center} is finite and {@code scale} finite and positive, so both directions are
 * defined for every finite input; {@code NaN} (a gap) passes through both as {@code NaN}.
 * {@code inverse(transform(x))} returns {@code x} up to floating-point rounding (a relative error
 * of about 1e-15 of {@code max(|x|, |center|)}); {@link #toString()} and {@link #parse(String)}
 * reproduce the parameters bit for bit, so a saved model rescales exactly as it did when trained.
 */
public record Normalization(Kind kind, double center, double scale) {
    /** Leaves values as they are. */
    public static final Normalization NONE = new Normalization(Kind.NONE, 0, 1);

    /** The ways of choosing {@code center} and {@code scale} from training values. */
    public enum Kind {
        /** Identity: center 0, scale 1. */
        NONE,
        /** Center at the mean, scale by the population standard deviation: training values get mean 0 and sd 1. */
        Z_SCORE,
        /** Center at the minimum, scale by the range: training values fall in [0, 1]. */
        MIN_MAX;

        /** From the name used in configuration: {@code z_score} (or {@code zscore}), {@code min_max}, {@code none}. */
        public static Kind parse(String name) {
            String n = name.trim().toLowerCase(Locale.ROOT).replace("-", "_");
            return switch (n) {
                case "none", "identity" -> NONE;
                case "z_score", "zscore", "standard" -> Z_SCORE;
                case "min_max", "minmax" -> MIN_MAX;
                default -> throw new IllegalArgumentException("normalization must be z_score, min_max or none: " + name);
            };
        }

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Normalization {
        if (kind == null) throw new IllegalArgumentException("normalization kind is missing");
        if (!Double.isFinite(center)) throw new IllegalArgumentException("normalization center must be finite: " + center);
        if (!(scale > 0) || !Double.isFinite(scale))
            throw new IllegalArgumentException("normalization scale must be finite and positive: " + scale);
        if (kind == Kind.NONE && (center != 0 || scale != 1))
            throw new IllegalArgumentException("normalization none has center 0 and scale 1: " + center + ", " + scale);
    }

    /**
     * Fits {@code kind} on {@code training}, skipping {@code NaN}. A constant series (every observed
     * value equal) gets scale 1 and center at that value, so it becomes all zeros rather than a
     * division by zero; the same holds when the spread is too small to divide by.
     *
     * @param training not modified; at least one value must be observed (not {@code NaN}) unless
     *                 {@code kind} is {@link Kind#NONE}
     * @throws IllegalArgumentException when a value is infinite, nothing is observed, or the values
     *                                  are so large that their spread overflows
     */
    public static Normalization fit(Kind kind, double[] training) {
        if (kind == Kind.NONE) return NONE;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double mean = 0;
        double m2 = 0;
        int n = 0;
        for (double x : training) {
            if (Double.isNaN(x)) continue;
            if (Double.isInfinite(x)) throw new IllegalArgumentException("cannot normalize an infinite value");
            n++;
            // Welford's update: one pass, and no catastrophic cancellation on a level far from zero
            double d = x - mean;
            mean += d / n;
            m2 += d * (x - mean);
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        if (n == 0) throw new IllegalArgumentException("cannot fit a normalization without any observed value");
        if (min == max) return new Normalization(kind, min, 1);
        double center = kind == Kind.Z_SCORE ? mean : min;
        double spread = kind == Kind.Z_SCORE ? Math.sqrt(Math.max(0, m2) / n) : max - min;
        if (!Double.isFinite(center) || Double.isInfinite(spread))
            throw new IllegalArgumentException("values are too large to normalize: range [" + min + ", " + max + "]");
        // a spread at rounding level of the magnitude is noise, not signal: dividing by it would amplify rounding
        double magnitude = Math.max(Math.abs(min), Math.abs(max));
        if (!(spread > 1e-12 * magnitude) || spread < Double.MIN_NORMAL) return new Normalization(kind, center, 1);
        return new Normalization(kind, center, spread);
    }

    /** {@code (x - center) / scale}; {@code NaN} stays {@code NaN}. */
    public double transform(double x) {
        return (x - center) / scale;
    }

    /** {@code z * scale + center}; {@code NaN} stays {@code NaN}. */
    public double inverse(double z) {
        return z * scale + center;
    }

    /**
     * A distance in normalized units (a standard deviation, an interval half-width, a residual)
     * back in the series' units: scaled, not shifted. Non-negative stays non-negative.
     */
    public double inverseSpread(double d) {
        return d * scale;
    }

    /** A new array, owned by the caller, of {@link #transform(double)} of each value; {@code values} is not modified. */
    public double[] transform(double[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) out[i] = transform(values[i]);
        return out;
    }

    /** A new array, owned by the caller, of {@link #inverse(double)} of each value; {@code normalized} is not modified. */
    public double[] inverse(double[] normalized) {
        double[] out = new double[normalized.length];
        for (int i = 0; i < normalized.length; i++) out[i] = inverse(normalized[i]);
        return out;
    }

    /**
     * One line that {@link #parse(String)} reads back exactly: {@code z_score center=150.25 scale=12.5}.
     * Numbers are Java's shortest round-tripping decimal form.
     */
    @Override
    public String toString() {
        return kind.id() + " center=" + center + " scale=" + scale;
    }

    /** Reads what {@link #toString()} wrote; {@code none} alone is accepted for the identity. */
    public static Normalization parse(String text) {
        String[] parts = text.trim().split("\\s+");
        Kind kind = Kind.parse(parts[0]);
        if (kind == Kind.NONE && parts.length == 1) return NONE;
        if (parts.length != 3 || !parts[1].startsWith("center=") || !parts[2].startsWith("scale="))
            throw new IllegalArgumentException("normalization must read '<kind> center=<number> scale=<number>': " + text);
        try {
            double center = Double.parseDouble(parts[1].substring("center=".length()));
            double scale = Double.parseDouble(parts[2].substring("scale=".length()));
            return new Normalization(kind, center, scale);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("normalization parameters must be numbers: " + text);
        }
    }
}
