package forecast.domain.tuning;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Creates and loads studies: the entry point of the tuning library. It knows the samplers (the
 * first is the default) and the pruners by name, and rebuilds a stored study with the same ones,
 * so that loading a study by name after a restart resumes it.
 */
public final class Studies {
    private final StudyStore store;
    private final Map<String, Sampler> samplers = new LinkedHashMap<>();
    private final Clock clock;

    public Studies(StudyStore store, List<Sampler> samplers, Clock clock) {
        if (samplers.isEmpty()) throw new IllegalArgumentException("at least one sampler is needed");
        this.store = store;
        for (var s : samplers) this.samplers.put(s.name(), s);
        this.clock = clock;
    }

    /** The sampler used when a study names none. */
    public String defaultSampler() {
        return samplers.keySet().iterator().next();
    }

    public Set<String> samplers() {
        return samplers.keySet();
    }

    public Set<String> pruners() {
        return Pruners.NAMES;
    }

    /**
     * Stores and returns a new study.
     *
     * @throws StudyExistsException when the name is taken
     * @throws IllegalArgumentException when the sampler or pruner is unknown
     */
    public Study create(StudyDefinition definition) {
        var study = open(definition);
        store.create(definition);
        return study;
    }

    /** The stored study of this name, with its sampler and pruner, ready to go on. */
    public Optional<Study> load(String name) {
        return store.find(name).map(this::open);
    }

    public List<StudyDefinition> list() {
        return store.list();
    }

    public StudyStore store() {
        return store;
    }

    private Study open(StudyDefinition definition) {
        var sampler = samplers.get(definition.sampler());
        if (sampler == null) throw new IllegalArgumentException("unknown sampler " + definition.sampler() + "; known: " + samplers.keySet());
        return new Study(definition, store, sampler, Pruners.named(definition.pruner(), definition.attributes()), clock);
    }
}
