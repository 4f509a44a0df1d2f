package forecast.domain.registry;

import forecast.domain.evaluation.BacktestMetrics;
import java.time.Instant;

/**
 * One series of a version that covers several (a portfolio): its backtest, and the data it was
 * fitted on ({@code observations} from {@code dataFrom} to {@code dataTo}).
 */
public record SeriesMetrics(String seriesId, BacktestMetrics metrics, int observations, Instant dataFrom, Instant dataTo) {
    public SeriesMetrics {
        if (seriesId == null || seriesId.isBlank() || metrics == null) throw new IllegalArgumentException("a series' metrics need its id and figures");
    }
}
