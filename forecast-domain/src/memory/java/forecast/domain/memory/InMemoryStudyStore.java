package forecast.domain.memory;

import forecast.domain.tuning.Distribution;
import forecast.domain.tuning.FrozenTrial;
import forecast.domain.tuning.StudyDefinition;
import forecast.domain.tuning.StudyExistsException;
import forecast.domain.tuning.StudyStore;
import forecast.domain.tuning.TrialState;
import forecast.domain.tuning.TrialStateException;
import forecast.domain.tuning.UnknownStudyException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A {@link StudyStore} held in memory, for tests. Thread-safe. */
public final class InMemoryStudyStore implements StudyStore {
    private record Stored(StudyDefinition definition, List<FrozenTrial> trials) {}

    private final Map<String, Stored> studies = new LinkedHashMap<>(); // guarded by this

    @Override
    public synchronized void create(StudyDefinition study) {
        if (studies.containsKey(study.name())) throw new StudyExistsException("study " + study.name() + " already exists");
        studies.put(study.name(), new Stored(study, new ArrayList<>()));
    }

    @Override
    public synchronized Optional<StudyDefinition> find(String name) {
        return Optional.ofNullable(studies.get(name)).map(Stored::definition);
    }

    @Override
    public synchronized List<StudyDefinition> list() {
        return studies.values().stream().map(Stored::definition).toList();
    }

    @Override
    public synchronized FrozenTrial enqueue(String study, Map<String, Object> fixedParams) {
        var trials = stored(study).trials;
        var trial = FrozenTrial.started(trials.size(), TrialState.WAITING, null, fixedParams);
        trials.add(trial);
        return trial;
    }

    @Override
    public synchronized FrozenTrial startTrial(String study, Instant at) {
        var trials = stored(study).trials;
        for (int i = 0; i < trials.size(); i++) {
            if (trials.get(i).state() == TrialState.WAITING) {
                var running = trials.get(i).running(at);
                trials.set(i, running);
                return running;
            }
        }
        var trial = FrozenTrial.started(trials.size(), TrialState.RUNNING, at, Map.of());
        trials.add(trial);
        return trial;
    }

    @Override
    public synchronized void saveParam(String study, int number, String name, Distribution distribution, Object value) {
        var trial = running(study, number);
        if (trial.params().containsKey(name)) throw new TrialStateException("trial " + number + " already has parameter " + name);
        replace(study, trial.withParam(name, distribution, value));
    }

    @Override
    public synchronized void saveIntermediate(String study, int number, int step, double value) {
        replace(study, running(study, number).withIntermediate(step, value));
    }

    @Override
    public synchronized void saveAttribute(String study, int number, String key, String value) {
        replace(study, existing(study, number).withAttribute(key, value));
    }

    @Override
    public synchronized FrozenTrial finish(String study, int number, TrialState state, Double value, Instant at) {
        if (!state.finished()) throw new IllegalArgumentException("a trial finishes as complete, pruned or failed, not " + state);
        var done = running(study, number).finished(state, value, at);
        replace(study, done);
        return done;
    }

    @Override
    public synchronized List<FrozenTrial> trials(String study) {
        return List.copyOf(stored(study).trials);
    }

    @Override
    public synchronized Optional<FrozenTrial> trial(String study, int number) {
        var trials = stored(study).trials;
        return number >= 0 && number < trials.size() ? Optional.of(trials.get(number)) : Optional.empty();
    }

    private Stored stored(String study) {
        var s = studies.get(study);
        if (s == null) throw new UnknownStudyException("no study " + study);
        return s;
    }

    private FrozenTrial existing(String study, int number) {
        return trial(study, number).orElseThrow(() -> new TrialStateException("study " + study + " has no trial " + number));
    }

    private FrozenTrial running(String study, int number) {
        var trial = existing(study, number);
        if (trial.state() != TrialState.RUNNING)
            throw new TrialStateException("trial " + number + " of " + study + " is " + trial.state().name().toLowerCase() + ", not running");
        return trial;
    }

    private void replace(String study, FrozenTrial trial) {
        stored(study).trials.set(trial.number(), trial);
    }
}
