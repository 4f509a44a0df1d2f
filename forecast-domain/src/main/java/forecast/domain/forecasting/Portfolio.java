package forecast.domain.forecasting;

import forecast.domain.series.TimeSeries;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a version covering several series serves. A local family keeps one calibrated model per
 * series ({@link Local}); a global family one model across them, fitted on each series divided by
 * its own scale ({@link Global}), as mlforecast scales a panel: a history is divided by its series'
 * scale before the model sees it, and the forecast and its intervals multiplied back. Thread-safe;
 * no I/O.
 */
public sealed interface Portfolio {
    /** The series it was fitted on, by id. */
    List<String> series();

    /** A model of the portfolio, for what every one shares: frequency, feature columns, the fewest observations. */
    CalibratedModel representative();

    /**
     * Forecasts series {@code seriesId} (null: a series it has not seen) from {@code query}'s
     * history; empty when it cannot: a local portfolio has no model of a series it was not fitted on.
     */
    Optional<Forecast> forecast(String seriesId, ForecastQuery query);

    /**
     * What was fitted, for the whole portfolio: a global model's own details (see
     * {@link TrainedModel#fitted()}); for local ones, how many series and the model forms chosen
     * across them with their counts ({@code "ARIMA(1,0,1)(0,1,1)[7] x5, ARIMA(0,1,1) x3"}).
     */
    Map<String, String> fitted();

    /** What was fitted for each series, by id: a local portfolio's per-series details; empty for a global one, whose model is shared. */
    Map<String, Map<String, String>> fittedBySeries();

    /** One model per series. */
    record Local(Map<String, CalibratedModel> models) implements Portfolio {
        public Local {
            if (models.isEmpty()) throw new IllegalArgumentException("a portfolio has at least one series");
            models = Map.copyOf(new TreeMap<>(models));
        }

        @Override
        public List<String> series() {
            return List.copyOf(new TreeMap<>(models).keySet());
        }

        @Override
        public CalibratedModel representative() {
            return models.get(series().get(0));
        }

        @Override
        public Optional<Forecast> forecast(String seriesId, ForecastQuery query) {
            var model = seriesId == null ? null : models.get(seriesId);
            return model == null ? Optional.empty() : Optional.of(model.forecast(query));
        }

        @Override
        public Map<String, String> fitted() {
            var forms = new TreeMap<String, Integer>();
            for (var m : models.values()) {
                String form = m.model().fitted().get("model");
                if (form != null) forms.merge(form, 1, Integer::sum);
            }
            var out = new java.util.LinkedHashMap<String, String>();
            out.put("series", String.valueOf(models.size()));
            if (!forms.isEmpty()) {
                var byCount = forms.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
                out.put("models", String.join(", ", byCount.map(e -> e.getKey() + " x" + e.getValue()).toList()));
            }
            return out;
        }

        @Override
        public Map<String, Map<String, String>> fittedBySeries() {
            var out = new TreeMap<String, Map<String, String>>();
            models.forEach((id, m) -> out.put(id, m.model().fitted()));
            return out;
        }
    }

    /**
     * One model across the series, fitted on each divided by its scale ({@link #scale}); its
     * calibration is in those scaled units, so intervals scale with the series.
     */
    record Global(CalibratedModel shared, Map<String, Double> scales) implements Portfolio {
        public Global {
            if (shared == null || scales.isEmpty()) throw new IllegalArgumentException("a global portfolio needs its model and its series' scales");
            scales = Map.copyOf(new TreeMap<>(scales));
        }

        @Override
        public List<String> series() {
            return List.copyOf(new TreeMap<>(scales).keySet());
        }

        @Override
        public CalibratedModel representative() {
            return shared;
        }

        @Override
        public Optional<Forecast> forecast(String seriesId, ForecastQuery query) {
            Double known = seriesId == null ? null : scales.get(seriesId);
            double s = known != null ? known : scale(query.history());
            var scaled = query.withHistory(divide(query.history(), s));
            var forecast = shared.forecast(scaled);
            var points = new ArrayList<ForecastPoint>(forecast.size());
            for (var p : forecast.points()) {
                var intervals = new ArrayList<PredictionInterval>(p.intervals().size());
                for (var i : p.intervals()) intervals.add(new PredictionInterval(i.level(), i.lo() * s, i.hi() * s));
                points.add(new ForecastPoint(p.time(), p.mean() * s, intervals));
            }
            return Optional.of(new Forecast(points));
        }

        @Override
        public Map<String, String> fitted() {
            var out = new java.util.LinkedHashMap<>(shared.model().fitted());
            out.put("series", String.valueOf(scales.size()));
            return out;
        }

        @Override
        public Map<String, Map<String, String>> fittedBySeries() {
            return Map.of();
        }
    }

    /**
     * A series' scale: the mean absolute value of its known values (1 when that is 0 or none is
     * known), so that series of any size look alike to a global model.
     */
    static double scale(TimeSeries series) {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < series.size(); i++) {
            double v = series.value(i);
            if (Double.isFinite(v)) {
                sum += Math.abs(v);
                n++;
            }
        }
        double mean = n == 0 ? 0 : sum / n;
        return mean > 0 && Double.isFinite(mean) ? mean : 1;
    }

    /** {@code series} with every value divided by {@code scale} (gaps stay gaps). */
    static TimeSeries divide(TimeSeries series, double scale) {
        double[] v = series.values();
        for (int i = 0; i < v.length; i++) v[i] /= scale;
        return series.withValues(v);
    }
}
