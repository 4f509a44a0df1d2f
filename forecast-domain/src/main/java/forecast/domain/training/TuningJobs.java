package forecast.domain.training;

import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.jobs.Job;
import forecast.domain.jobs.JobHandler;
import forecast.domain.jobs.JobWorkers;
import forecast.domain.jobs.NewJob;
import forecast.domain.observation.ObservationStore;
import forecast.domain.preprocessing.Imputation;
import forecast.domain.series.SeriesId;
import forecast.domain.tuning.Distribution;
import forecast.domain.tuning.DistributionJson;
import forecast.domain.tuning.FrozenTrial;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Tuning studies as durable jobs: a request is checked and its study created at once (so it can be
 * inspected before the first trial ends), then queued in the job queue and run by the one pool of
 * {@link JobWorkers}, with training and the other kinds. The study and its trials are durable in
 * the study store; a job taken again after a crash continues its study from the stored trials and
 * runs only the trials it still owes.
 */
public final class TuningJobs {
    static final String KIND = "tuning";
    private static final int KEPT = 200;
    private static final String FIXED = "hyperparameters.";
    private static final String SPACE = "search_space.";

    /** How a submission was taken. */
    public sealed interface Submission {
        record Accepted(TuningJob job) implements Submission {}

        /** The request cannot be tuned; {@code field} names what is wrong. */
        record Refused(String field, String message) implements Submission {}

        /** The study is being tuned by a job that has not ended. */
        record Running(String study) implements Submission {}

        record NoStoredHistory(String seriesId) implements Submission {}
    }

    private final ForecasterTuning tuning;
    private final ObservationStore observations;
    private final JobWorkers workers;
    private final Clock clock;

    /** Jobs in {@code workers}' queue, run by its pool: give every handler to it before it starts; its owner stops it. */
    public TuningJobs(ForecasterTuning tuning, ObservationStore observations, JobWorkers workers, Clock clock) {
        this.tuning = tuning;
        this.observations = observations;
        this.workers = workers;
        this.clock = clock;
        workers.handle(new Handler());
    }

    /** Checks {@code request}, creates (or loads, to resume) its study and queues its trials. */
    public Submission submit(TuningRequest request) {
        if (find(request.study()).filter(j -> !j.done()).isPresent()) return new Submission.Running(request.study());
        var resolved = request;
        if (request.series() == null) {
            var stored = observations.history(request.seriesId());
            if (stored.isEmpty()) return new Submission.NoStoredHistory(request.seriesId().value());
            resolved = request.withSeries(stored.get());
        }
        if (resolved.series().size() < 2) return new Submission.Refused("data", "needs at least 2 observations");
        ForecasterTuning.Prepared prepared;
        try {
            prepared = tuning.prepare(resolved);
        } catch (ForecasterTuning.TuningException e) {
            return new Submission.Refused(e.field(), e.getMessage());
        }
        var payload = payload(resolved, prepared.study().trials().size());
        var job = workers.submit(new NewJob("tune-" + UUID.randomUUID().toString().substring(0, 13), KIND, payload, clock.instant()));
        return new Submission.Accepted(snapshot(job));
    }

    /** The request as the queue keeps it: the resolved series inline, so that a retry tunes on the same data. */
    private static Map<String, String> payload(TuningRequest r, int trialsBefore) {
        var p = new LinkedHashMap<String, String>();
        p.put("study", r.study());
        p.put("series_id", r.seriesId().value());
        p.put("series", TrainingPayload.SeriesText.write(r.series()));
        p.put("algorithm", r.algorithm());
        r.hyperparameters().values().forEach((k, v) -> p.put(FIXED + k, v));
        p.put("imputation", r.imputation().id());
        r.searchSpace().forEach((name, d) -> p.put(SPACE + name, DistributionJson.write(d)));
        p.put("metric", r.metric());
        if (r.nTrials() != null) p.put("n_trials", r.nTrials().toString());
        if (r.timeout() != null) p.put("timeout_ms", String.valueOf(r.timeout().toMillis()));
        p.put("parallelism", String.valueOf(r.parallelism()));
        if (r.sampler() != null) p.put("sampler", r.sampler());
        if (r.seed() != null) p.put("seed", r.seed().toString());
        if (r.pruner() != null) p.put("pruner", r.pruner());
        p.put("trials_before", String.valueOf(trialsBefore));
        return p;
    }

    /** The request of a payload, resuming its study (created when the job was submitted), for {@code nTrials} trials. */
    private static TuningRequest request(Map<String, String> p, Integer nTrials) {
        var fixed = new LinkedHashMap<String, String>();
        var space = new LinkedHashMap<String, Distribution>();
        p.forEach((k, v) -> {
            if (k.startsWith(FIXED)) fixed.put(k.substring(FIXED.length()), v);
            if (k.startsWith(SPACE)) space.put(k.substring(SPACE.length()), DistributionJson.read(v));
        });
        return new TuningRequest(p.get("study"), new SeriesId(p.get("series_id")), TrainingPayload.SeriesText.read(p.get("series")),
                p.get("algorithm"), new Hyperparameters(fixed), Imputation.parse(p.get("imputation")), space, p.get("metric"), nTrials,
                p.containsKey("timeout_ms") ? Duration.ofMillis(Long.parseLong(p.get("timeout_ms"))) : null, Integer.parseInt(p.get("parallelism")),
                p.get("sampler"), p.containsKey("seed") ? Long.valueOf(p.get("seed")) : null, p.get("pruner"), true);
    }

    /** Runs tuning jobs; taken again after a crash, a job runs only the trials it still owes its study. */
    private final class Handler implements JobHandler {
        @Override
        public String kind() {
            return KIND;
        }

        @Override
        public Outcome run(Job job, Consumer<String> progress) {
            var p = job.payload();
            Integer nTrials = p.containsKey("n_trials") ? Integer.valueOf(p.get("n_trials")) : null;
            var prepared = tuning.prepare(request(p, nTrials == null ? 1 : nTrials));
            if (nTrials != null) {
                int ran = prepared.study().trials().size() - Integer.parseInt(p.get("trials_before"));
                if (ran > 0) progress.accept("continuing study " + p.get("study") + ": " + ran + " of its " + nTrials + " trials ran before the restart");
                nTrials = Math.max(1, nTrials - ran);
            }
            var resumed = new ForecasterTuning.Prepared(request(p, nTrials), prepared.study(), prepared.space(), prepared.base(), prepared.spec());
            var lines = new TrialProgress(nTrials);
            try {
                var outcome = tuning.run(resumed, t -> progress.accept(lines.line(t, resumed.study().bestTrial().orElse(null))));
                var result = new LinkedHashMap<String, String>();
                result.put("best_trial", String.valueOf(outcome.best().number()));
                result.put("best_value", String.valueOf(outcome.best().value()));
                outcome.hyperparameters().values().forEach((k, v) -> result.put("best." + k, v));
                return Outcome.succeeded(result);
            } catch (ForecasterTuning.TuningException e) {
                return Outcome.failed(Map.of(), e.getMessage());
            }
        }
    }

    /** The newest job of {@code study}, if any, from the queue: also after a restart. */
    public Optional<TuningJob> find(String study) {
        return newest(study).map(this::snapshot);
    }

    /** The newest job of {@code study} among the queue's newest jobs. */
    private Optional<Job> newest(String study) {
        return workers.queue().list(KEPT).stream().filter(j -> j.kind().equals(KIND) && study.equals(j.payload().get("study"))).findFirst();
    }

    /** The tuning job {@code id} (its id in the queue, not its study). */
    public Optional<TuningJob> job(String id) {
        return workers.queue().find(id).flatMap(this::of);
    }

    /** {@code job} as a tuning job, when it is one: for a listing that has read the queue already. */
    public Optional<TuningJob> of(Job job) {
        return Optional.of(job).filter(j -> j.kind().equals(KIND)).map(this::snapshot);
    }

    /** Cancels tuning job {@code id}: at once while queued, after its running trial while running (the finished trials stay). */
    public Optional<TuningJob> cancel(String id) {
        if (job(id).isEmpty()) return Optional.empty();
        return workers.queue().cancel(id, clock.instant()).map(this::snapshot);
    }

    /** The newest job of {@code study} once finished, or as it is after {@code timeout}. */
    public Optional<TuningJob> await(String study, Duration timeout) throws InterruptedException {
        var job = newest(study);
        if (job.isEmpty()) return Optional.empty();
        return workers.await(job.get().id(), timeout).map(this::snapshot);
    }

    private TuningJob snapshot(Job j) {
        var r = j.result();
        var best = new LinkedHashMap<String, String>();
        r.forEach((k, v) -> {
            if (k.startsWith("best.")) best.put(k.substring(5), v);
        });
        return new TuningJob(j.payload().get("study"), j.payload().get("algorithm"), TuningJob.State.valueOf(j.state().name()), j.progress(),
                j.submitted(), j.started(), j.finished(), r.containsKey("best_trial") ? Integer.valueOf(r.get("best_trial")) : null,
                r.containsKey("best_value") ? Double.valueOf(r.get("best_value")) : null, best, j.error(), j.id(), j.attempts(), j.holder());
    }

}
