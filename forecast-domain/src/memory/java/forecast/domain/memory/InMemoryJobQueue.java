package forecast.domain.memory;

import forecast.domain.jobs.Job;
import forecast.domain.jobs.JobQueue;
import forecast.domain.jobs.NewJob;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link JobQueue} in memory, in submission order; every operation is atomic under one lock. */
public final class InMemoryJobQueue implements JobQueue {
    private final Map<String, Job> jobs = new LinkedHashMap<>();

    @Override
    public synchronized Job enqueue(NewJob job) {
        if (jobs.containsKey(job.id())) throw new IllegalStateException("job " + job.id() + " exists");
        var queued = new Job(job.id(), job.kind(), job.payload(), Job.State.QUEUED, 0, null, null, List.of(), Map.of(), null, false,
                job.submitted(), null, null);
        jobs.put(job.id(), queued);
        return queued;
    }

    @Override
    public synchronized Optional<Job> claim(List<String> kinds, String holder, Instant now, Instant leaseUntil, int maxAttempts) {
        for (var j : List.copyOf(jobs.values())) {
            if (!kinds.contains(j.kind())) continue;
            boolean expired = j.state() == Job.State.RUNNING && j.leaseUntil().isBefore(now);
            if (expired && j.attempts() >= maxAttempts) {
                put(with(j, Job.State.FAILED, j.holder(), j.leaseUntil(), j.progress(), j.result(),
                        Job.leaseExpired(j.attempts(), j.holder()), j.started(), now));
                continue;
            }
            if (j.state() != Job.State.QUEUED && !expired) continue;
            var taken = new Job(j.id(), j.kind(), j.payload(), Job.State.RUNNING, j.attempts() + 1, holder, leaseUntil, j.progress(),
                    j.result(), null, j.cancelRequested(), j.submitted(), j.started() == null ? now : j.started(), null);
            put(taken);
            return Optional.of(taken);
        }
        return Optional.empty();
    }

    @Override
    public synchronized boolean heartbeat(String id, String holder, Instant leaseUntil) {
        var j = held(id, holder);
        if (j == null) return false;
        put(with(j, j.state(), holder, leaseUntil, j.progress(), j.result(), j.error(), j.started(), j.finished()));
        return true;
    }

    @Override
    public synchronized boolean progress(String id, String holder, String line) {
        var j = held(id, holder);
        if (j == null) return false;
        var lines = new ArrayList<>(j.progress());
        lines.add(line);
        put(with(j, j.state(), holder, j.leaseUntil(), lines, j.result(), j.error(), j.started(), j.finished()));
        return !j.cancelRequested();
    }

    @Override
    public synchronized boolean finish(String id, String holder, Job.State state, Map<String, String> result, String error, Instant at) {
        var j = held(id, holder);
        if (j == null) return false;
        put(with(j, state, holder, j.leaseUntil(), j.progress(), result, error, j.started(), at));
        return true;
    }

    @Override
    public synchronized Optional<Job> cancel(String id, Instant at) {
        var j = jobs.get(id);
        if (j == null || j.done()) return Optional.ofNullable(j);
        Job cancelled = j.state() == Job.State.QUEUED
                ? with(j, Job.State.CANCELLED, null, null, j.progress(), j.result(), "cancelled while queued", j.started(), at)
                : new Job(j.id(), j.kind(), j.payload(), j.state(), j.attempts(), j.holder(), j.leaseUntil(), j.progress(), j.result(), j.error(),
                        true, j.submitted(), j.started(), j.finished());
        put(cancelled);
        return Optional.of(cancelled);
    }

    @Override
    public synchronized Optional<Job> find(String id) {
        return Optional.ofNullable(jobs.get(id));
    }

    @Override
    public synchronized List<Job> list(int limit) {
        var all = new ArrayList<>(jobs.values());
        java.util.Collections.reverse(all);
        return List.copyOf(all.subList(0, Math.min(limit, all.size())));
    }

    @Override
    public synchronized Optional<Integer> position(String id) {
        int ahead = 0;
        for (var j : jobs.values()) {
            if (j.id().equals(id)) return j.state() == Job.State.QUEUED ? Optional.of(ahead) : Optional.empty();
            if (j.state() == Job.State.QUEUED) ahead++;
        }
        return Optional.empty();
    }

    private Job held(String id, String holder) {
        var j = jobs.get(id);
        return j != null && j.state() == Job.State.RUNNING && holder.equals(j.holder()) ? j : null;
    }

    private void put(Job j) {
        jobs.put(j.id(), j);
    }

    private static Job with(Job j, Job.State state, String holder, Instant leaseUntil, List<String> progress, Map<String, String> result,
                            String error, Instant started, Instant finished) {
        return new Job(j.id(), j.kind(), j.payload(), state, j.attempts(), holder, leaseUntil, progress, result, error, j.cancelRequested(),
                j.submitted(), started, finished);
    }
}
