package forecast.adapters.ml;

import forecast.domain.series.TimeSeries;
import forecast.domain.tuning.CategoricalDistribution;
import forecast.domain.tuning.Distribution;
import forecast.domain.tuning.FloatDistribution;
import forecast.domain.tuning.IntDistribution;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The default tuning search spaces of the forecasters, scaled to the series' seasons where a
 * setting counts observations (lags, windows, periods). Ranges are the ones practitioners search
 * first; a request may replace any entry.
 */
final class SearchSpaces {
    private SearchSpaces() {}

    private static int shortestSeason(TimeSeries series) {
        return series == null || series.frequency() == null ? 1 : series.frequency().shortestSeason();
    }

    /** Depth, learning rate (log scale), rounds, row and column sampling, and lags around a season. */
    static Map<String, Distribution> xgboost(TimeSeries series) {
        int season = shortestSeason(series);
        int lowLags = Math.max(2, Math.min(12, season / 2));
        int highLags = Math.min(168, Math.max(3 * season, 4 * lowLags));
        var space = new LinkedHashMap<String, Distribution>();
        space.put("max_depth", IntDistribution.of(3, 10));
        space.put("eta", FloatDistribution.logScale(0.01, 0.3));
        space.put("rounds", IntDistribution.stepped(100, 800, 50));
        space.put("subsample", FloatDistribution.of(0.5, 1.0));
        space.put("colsample_bytree", FloatDistribution.of(0.5, 1.0));
        space.put("lags", IntDistribution.of(lowLags, highLags));
        return space;
    }

    /** Units (log scale), layers, input window around one to four seasons, learning rate (log), dropout, epochs. */
    static Map<String, Distribution> lstm(TimeSeries series) {
        int season = shortestSeason(series);
        int lowWindow = Math.max(4, Math.min(season, 168));
        int highWindow = Math.max(lowWindow + 4, Math.min(4 * season, 336));
        var space = new LinkedHashMap<String, Distribution>();
        space.put("units", IntDistribution.logScale(8, 64));
        space.put("layers", IntDistribution.of(1, 2));
        space.put("window", IntDistribution.of(lowWindow, highWindow));
        space.put("learning_rate", FloatDistribution.logScale(1e-4, 1e-2));
        space.put("dropout", FloatDistribution.of(0.0, 0.3));
        space.put("epochs", IntDistribution.stepped(10, 50, 10));
        return space;
    }

    /**
     * The largest AR and MA orders the automatic search may try, the variance-stabilising transform
     * (log and Box-Cox only for positive series), and the seasonal period: none (1) or one of the
     * frequency's seasons, so that tuning decides between non-seasonal, daily and weekly models.
     */
    static Map<String, Distribution> arima(TimeSeries series) {
        var space = new LinkedHashMap<String, Distribution>();
        space.put("max_p", IntDistribution.of(1, 5));
        space.put("max_q", IntDistribution.of(1, 5));
        boolean positive = series != null && java.util.Arrays.stream(series.values()).filter(v -> !Double.isNaN(v)).allMatch(v -> v > 0);
        space.put("transform", positive ? CategoricalDistribution.of("none", "log", "boxcox") : CategoricalDistribution.of("none"));
        List<Object> periods = new ArrayList<>(List.of(1));
        if (series != null && series.frequency() != null)
            for (int p : series.frequency().seasonalPeriods()) if (p > 1 && 2 * p < series.size()) periods.add(p);
        space.put("period", new CategoricalDistribution(periods));
        return space;
    }
}
