package forecast.domain.forecasting;

import java.util.Map;
import java.util.TreeMap;

/**
 * A model's settings as text (the way they are written in configuration, requests and the
 * registry), read through typed accessors with a default. Keys are sorted so that two equal
 * settings print the same.
 */
public record Hyperparameters(Map<String, String> values) {
    public static final Hyperparameters NONE = new Hyperparameters(Map.of());

    public Hyperparameters {
        values = Map.copyOf(values);
    }

    public static Hyperparameters of(String... keysAndValues) {
        if (keysAndValues.length % 2 != 0) throw new IllegalArgumentException("keys and values come in pairs");
        var m = new TreeMap<String, String>();
        for (int i = 0; i < keysAndValues.length; i += 2) m.put(keysAndValues[i], keysAndValues[i + 1]);
        return new Hyperparameters(m);
    }

    public int intOr(String key, int fallback) {
        var v = values.get(key);
        if (v == null) return fallback;
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("hyperparameter " + key + " must be an integer: " + v);
        }
    }

    public double doubleOr(String key, double fallback) {
        var v = values.get(key);
        if (v == null) return fallback;
        try {
            double d = Double.parseDouble(v.trim());
            if (!Double.isFinite(d)) throw new NumberFormatException();
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("hyperparameter " + key + " must be a finite number: " + v);
        }
    }

    public String stringOr(String key, String fallback) {
        return values.getOrDefault(key, fallback);
    }

    public boolean booleanOr(String key, boolean fallback) {
        var v = values.get(key);
        if (v == null) return fallback;
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) return Boolean.parseBoolean(v);
        throw new IllegalArgumentException("hyperparameter " + key + " must be true or false: " + v);
    }

    /** These settings with {@code overrides} on top. */
    public Hyperparameters with(Hyperparameters overrides) {
        var m = new TreeMap<>(values);
        m.putAll(overrides.values);
        return new Hyperparameters(m);
    }

    /** These settings without {@code key}. */
    public Hyperparameters without(String key) {
        var m = new TreeMap<>(values);
        m.remove(key);
        return new Hyperparameters(m);
    }

    /**
     * The settings meant for one member of a composite model: {@code xgboost.rounds=60} becomes
     * {@code rounds=60} for {@code prefix} "xgboost"; unprefixed settings are not passed on.
     */
    public Hyperparameters scoped(String prefix) {
        var m = new TreeMap<String, String>();
        values.forEach((k, v) -> {
            if (k.startsWith(prefix + ".")) m.put(k.substring(prefix.length() + 1), v);
        });
        return new Hyperparameters(m);
    }

    /** These settings without the ones scoped to members ({@code name.key}). */
    public Hyperparameters unscoped() {
        var m = new TreeMap<String, String>();
        values.forEach((k, v) -> {
            if (!k.contains(".")) m.put(k, v);
        });
        return new Hyperparameters(m);
    }

    /** Sorted, for stable printing and storage. */
    public Map<String, String> sorted() {
        return new TreeMap<>(values);
    }

    @Override
    public String toString() {
        return sorted().toString();
    }
}
