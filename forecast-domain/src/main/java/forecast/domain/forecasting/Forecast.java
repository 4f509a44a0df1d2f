package forecast.domain.forecasting;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A forecast of consecutive future steps, the first one step after the history's last time. */
public record Forecast(List<ForecastPoint> points) {
    public Forecast {
        points = List.copyOf(points);
        if (points.isEmpty()) throw new IllegalArgumentException("a forecast has at least one point");
    }

    /** Point forecasts without intervals, for models that only give means. */
    public static Forecast ofMeans(List<Instant> times, double[] means) {
        var out = new ArrayList<ForecastPoint>(times.size());
        for (int i = 0; i < times.size(); i++) out.add(new ForecastPoint(times.get(i), means[i], List.of()));
        return new Forecast(out);
    }

    public int size() {
        return points.size();
    }

    public double[] means() {
        double[] out = new double[points.size()];
        for (int i = 0; i < out.length; i++) out[i] = points.get(i).mean();
        return out;
    }

    public List<Instant> times() {
        return points.stream().map(ForecastPoint::time).toList();
    }

    /** Whether every point has an interval at {@code level}. */
    public boolean hasIntervals(Level level) {
        return points.stream().allMatch(p -> p.interval(level).isPresent());
    }
}
