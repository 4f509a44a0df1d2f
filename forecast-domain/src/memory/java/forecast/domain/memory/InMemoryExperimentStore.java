package forecast.domain.memory;

import forecast.domain.experiment.Experiment;
import forecast.domain.experiment.ExperimentStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An {@link ExperimentStore} held in memory, for tests. Thread-safe. */
public final class InMemoryExperimentStore implements ExperimentStore {
    private final Map<String, Experiment> experiments = new LinkedHashMap<>(); // guarded by this

    @Override
    public synchronized Started start(Experiment experiment) {
        if (experiments.containsKey(experiment.name())) return new Started.NameTaken(experiment.name());
        for (var e : experiments.values()) if (e.running() && e.competesWith(experiment)) return new Started.Competing(e);
        experiments.put(experiment.name(), experiment);
        return new Started.Done(experiment);
    }

    @Override
    public synchronized Optional<Experiment> find(String name) {
        return Optional.ofNullable(experiments.get(name));
    }

    @Override
    public synchronized List<Experiment> list() {
        var out = new ArrayList<Experiment>();
        experiments.values().forEach(e -> out.add(0, e));
        return out;
    }

    @Override
    public synchronized List<Experiment> running() {
        return experiments.values().stream().filter(Experiment::running).toList();
    }

    @Override
    public synchronized Optional<Experiment> end(String name, Experiment.State to, Instant at, String by, String promotedVersion) {
        if (to == Experiment.State.RUNNING) throw new IllegalArgumentException("an experiment ends as stopped or promoted");
        var e = experiments.get(name);
        if (e == null || !e.running()) return Optional.empty();
        var ended = e.ended(to, at, by, promotedVersion);
        experiments.put(name, ended);
        return Optional.of(ended);
    }
}
