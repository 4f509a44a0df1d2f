package forecast.domain.memory;

import forecast.domain.pipeline.PipelineRun;
import forecast.domain.pipeline.PipelineStore;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link PipelineStore} held in memory, for tests.
 * Thread-safe; runs are immutable, so a reader sees a run as one save left it.
 */
public final class InMemoryPipelineStore implements PipelineStore {
    /** Newest started first; among runs started at once, the greater id first (as the database sorts). */
    private static final Comparator<PipelineRun> NEWEST_FIRST = Comparator.comparing(PipelineRun::startedAt).thenComparing(PipelineRun::id).reversed();

    private final Map<String, PipelineRun> runs = new HashMap<>(); // guarded by this

    /** @throws IllegalArgumentException when two steps share a position or two contenders a role */
    @Override
    public synchronized void save(PipelineRun run) {
        var positions = new HashSet<Integer>();
        for (var s : run.steps()) if (!positions.add(s.position())) throw new IllegalArgumentException("two steps at position " + s.position());
        var roles = new HashSet<String>();
        for (var c : run.contenders())
            if (c.role() == null || !roles.add(c.role())) throw new IllegalArgumentException("a contender needs a role of its own: " + c.role());
        runs.put(run.id(), run);
    }

    @Override
    public synchronized Optional<PipelineRun> find(String id) {
        return Optional.ofNullable(runs.get(id));
    }

    @Override
    public synchronized List<PipelineRun> list(int limit) {
        return runs.values().stream().sorted(NEWEST_FIRST).limit(Math.max(0, limit)).toList();
    }

    @Override
    public synchronized Optional<PipelineRun> startIfIdle(PipelineRun run) {
        if (!run.running()) throw new IllegalArgumentException("run " + run.id() + " is not running");
        var going = running();
        if (!going.isEmpty()) return Optional.of(going.getFirst());
        save(run);
        return Optional.empty();
    }

    @Override
    public synchronized List<PipelineRun> running() {
        return runs.values().stream().filter(PipelineRun::running).sorted(NEWEST_FIRST).toList();
    }
}
