package forecast.domain.serving;

import forecast.domain.observation.ObservationStore;
import forecast.domain.registry.ModelRegistry;
import forecast.domain.series.SeriesId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether each model's live version can serve its model's own series: every stored series that a
 * version of the model was trained on has the frequency and the feature columns the live version
 * forecasts. A live version that cannot (a daily model made live in a model of hourly series) makes
 * the service unhealthy, naming the model. Results are kept for {@code refresh} per live version,
 * because health checks come often and a model's series change rarely.
 */
public final class ModelHealth {
    /** One model's state: {@code healthy}, and why not when it is not. */
    public record Status(String model, String version, boolean healthy, String detail) {}

    private record Checked(String version, Status status, Instant at) {}

    private final LiveModels models;
    private final ModelRegistry registry;
    private final ObservationStore observations;
    private final Clock clock;
    private final Duration refresh;
    private final Map<String, Checked> checked = new ConcurrentHashMap<>();

    public ModelHealth(LiveModels models, ModelRegistry registry, ObservationStore observations, Clock clock, Duration refresh) {
        this.models = models;
        this.registry = registry;
        this.observations = observations;
        this.clock = clock;
        this.refresh = refresh;
    }

    /** Every model with a live version, by name. */
    public List<Status> check() {
        var out = new ArrayList<Status>();
        var now = clock.instant();
        for (var live : models.liveModels()) {
            var v = live.version();
            var last = checked.get(v.model());
            if (last == null || !last.version().equals(v.id()) || last.at().plus(refresh).isBefore(now)) {
                last = new Checked(v.id(), check(live), now);
                checked.put(v.model(), last);
            }
            out.add(last.status());
        }
        return out;
    }

    private Status check(LoadedModel live) {
        var v = live.version();
        var model = live.model().model();
        var served = new ArrayList<String>();
        for (String seriesId : registry.list(v.model()).stream().flatMap(x -> x.seriesIds().stream()).distinct().toList()) {
            var stored = observations.summary(new SeriesId(seriesId)); // not the rows: a model may have thousands of series
            if (stored.isEmpty()) continue;
            var series = stored.get();
            if (series.frequency() != null && !series.frequency().equals(model.frequency()))
                return new Status(v.model(), v.id(), false, v.id() + " forecasts " + model.frequency() + " data, but the model's series " + seriesId
                        + " is " + series.frequency() + ": it cannot serve it; deploy a version that can");
            if (!series.featureNames().containsAll(model.featureNames()))
                return new Status(v.model(), v.id(), false, v.id() + " needs the features " + model.featureNames() + ", but the model's series "
                        + seriesId + " has " + series.featureNames());
            served.add(seriesId);
        }
        return new Status(v.model(), v.id(), true, v.id() + " is live" + (served.isEmpty() ? ""
                : served.size() <= 5 ? " and serves " + String.join(", ", served) : " and serves " + served.size() + " series"));
    }
}
