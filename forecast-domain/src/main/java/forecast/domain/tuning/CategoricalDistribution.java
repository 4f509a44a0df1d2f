package forecast.domain.tuning;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One of a list of choices: text, booleans, numbers or null, as JSON can carry them. Integral
 * numbers are kept as {@code Long} and the others as {@code Double}, so that {@code 1} and
 * {@code 1L} are the same choice. The internal representation is the choice's index.
 */
public record CategoricalDistribution(List<Object> choices) implements Distribution {
    public CategoricalDistribution {
        if (choices == null || choices.isEmpty()) throw new IllegalArgumentException("a categorical needs at least one choice");
        var normal = new ArrayList<>(choices.size());
        for (Object c : choices) {
            Object n = normalize(c);
            if (normal.contains(n)) throw new IllegalArgumentException("choice " + c + " is given twice");
            normal.add(n);
        }
        choices = Collections.unmodifiableList(normal);
    }

    public static CategoricalDistribution of(Object... choices) {
        return new CategoricalDistribution(java.util.Arrays.asList(choices));
    }

    static Object normalize(Object c) {
        if (c == null || c instanceof String || c instanceof Boolean) return c;
        if (c instanceof Float || c instanceof Double) {
            double d = ((Number) c).doubleValue();
            if (!Double.isFinite(d)) throw new IllegalArgumentException("a choice must be finite, not " + d);
            return d;
        }
        if (c instanceof Number n) return n.longValue();
        throw new IllegalArgumentException("a choice must be text, a number, a boolean or null, not " + c.getClass().getSimpleName());
    }

    @Override
    public double toInternal(Object external) {
        Object n;
        try {
            n = normalize(external);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not one of the choices " + choices + ": " + external);
        }
        int i = choices.indexOf(n);
        if (i < 0 && n instanceof Long l) i = choices.indexOf((double) l); // 1 for a choice of 1.0
        if (i < 0) throw new IllegalArgumentException("not one of the choices " + choices + ": " + external);
        return i;
    }

    @Override
    public Object toExternal(double internal) {
        return choices.get((int) internal);
    }

    @Override
    public boolean contains(double v) {
        return v == Math.rint(v) && v >= 0 && v < choices.size();
    }

    @Override
    public boolean single() {
        return choices.size() == 1;
    }
}
