package forecast.domain.serving;

import forecast.domain.series.TimeSeries;

/**
 * What watches the forecasts served (port, implemented by monitoring's monitor): whether a request
 * is recorded for live accuracy, and the recent histories requests bring. Owned here so that
 * serving does not depend on monitoring, which reads the live models.
 */
public interface RequestWatch {
    /** Whether a forecast for {@code seriesId} or {@code unitId} outside an experiment is recorded, to be scored by actuals. */
    boolean records(String seriesId, String unitId);

    /** The history a request for {@code seriesId} sent: the newest values of the series, for input drift. */
    void observeRequest(String seriesId, TimeSeries history);
}
