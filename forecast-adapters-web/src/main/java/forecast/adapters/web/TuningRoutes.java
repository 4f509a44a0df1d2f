package forecast.adapters.web;

import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.naming.NameRule;
import forecast.domain.series.Violation;
import forecast.domain.training.TuningJob;
import forecast.domain.training.TuningJobs;
import forecast.domain.training.TuningRequest;
import forecast.domain.tuning.Studies;
import forecast.domain.tuning.StudyDefinition;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code /tuning/studies}: tuning a forecaster as a background job, or creating an ask-and-tell
 * study (see {@link AskAndTellRoutes}); listing the studies, and showing one trial by trial.
 */
final class TuningRoutes {
    /** How long {@code "wait": true} holds the request before answering with the job as it is. */
    private static final Duration MAX_WAIT = Duration.ofMinutes(15);

    private final Studies studies;
    private final TuningJobs jobs;
    private final AskAndTellRoutes askAndTell;
    private final WebSettings settings;

    TuningRoutes(Studies studies, TuningJobs jobs, AskAndTellRoutes askAndTell, WebSettings settings) {
        this.studies = studies;
        this.jobs = jobs;
        this.askAndTell = askAndTell;
        this.settings = settings;
    }

    /** The members of a forecaster tuning request, and of an ask-and-tell study's (n_trials, timeout_s and data named to say they need an algorithm). */
    private static final Set<String> TUNING_FIELDS = Set.of("name", "algorithm", "n_trials", "timeout_s", "data", "series_id", "frequency", "imputation",
            "hyperparameters", "search_space", "metric", "sampler", "seed", "pruner", "parallelism", "resume", "wait");
    private static final Set<String> STUDY_FIELDS = Set.of("name", "direction", "sampler", "seed", "pruner", "search_space", "n_trials", "timeout_s", "data");

    /** {@code POST /tuning/studies}: a forecaster tuning when the body names an {@code algorithm}, else an ask-and-tell study. */
    Reply create(byte[] body) {
        var request = RequestBody.object(body, false, settings);
        JsonObject o = request.members();
        var errors = new ArrayList<Violation>();
        String name = RequestFields.name(o.get("name"), "name", NameRule.NAME, errors);
        if (RequestFields.absent(o.get("name"))) errors.add(new Violation("name", "is required: the study's name, " + NameRule.NAME.description()));
        String algorithm = RequestFields.string(o.get("algorithm"), "algorithm", errors);
        if (algorithm != null && algorithm.isBlank()) errors.add(new Violation("algorithm", "must name a forecaster such as xgboost"));
        if (!RequestFields.absent(o.get("algorithm"))) {
            RequestFields.unknown(request.fieldNames(), TUNING_FIELDS, "", errors);
            return tuneForecaster(request, name, algorithm, errors);
        }
        RequestFields.unknown(request.fieldNames(), STUDY_FIELDS, "", errors);
        for (var jobOnly : List.of("n_trials", "timeout_s", RequestBody.DATA))
            if (request.has(jobOnly))
                errors.add(new Violation("algorithm", "is required with " + jobOnly + ": name the forecaster to tune, or leave " + jobOnly
                        + " out for an ask-and-tell study"));
        return show(201, askAndTell.create(o, name, errors));
    }

    /**
     * {@code {"name", "algorithm", "n_trials"?, "timeout_s"?, "data"?, "series_id"?, "frequency"?,
     * "imputation"?, "hyperparameters"?, "search_space"?, "metric"?, "sampler"?, "seed"?,
     * "pruner"?, "parallelism"?, "resume"?, "wait"?}}: 202 with the job, or with {@code wait} the
     * finished job.
     */
    private Reply tuneForecaster(RequestBody body, String name, String algorithm, List<Violation> errors) {
        JsonObject o = body.members();
        Integer nTrials = RequestFields.integer(o.get("n_trials"), "n_trials", errors);
        Duration timeout = RequestFields.seconds(o.get("timeout_s"), "timeout_s", errors);
        if (RequestFields.absent(o.get("n_trials")) && RequestFields.absent(o.get("timeout_s")))
            errors.add(new Violation("n_trials", "is required unless timeout_s is given: the number of trials to run"));
        var seriesId = RequestFields.seriesId(o, errors);
        var fixed = RequestFields.hyperparameters(o.get("hyperparameters"), errors);
        var imputation = RequestFields.imputation(o, errors);
        var frequency = RequestFields.frequency(o, errors);
        var space = RequestFields.searchSpace(o.get("search_space"), "search_space", errors);
        String metric = RequestFields.metric(o.get("metric"), "metric", errors);
        String sampler = RequestFields.choice(o.get("sampler"), "sampler", studies.samplers(), errors);
        Long seed = RequestFields.seed(o.get("seed"), "seed", errors);
        String pruner = RequestFields.choice(o.get("pruner"), "pruner", studies.pruners(), errors);
        Integer parallelism = RequestFields.integer(o.get("parallelism"), "parallelism", 1, 4, errors);
        boolean resume = RequestFields.bool(o.get("resume"), "resume", errors);
        boolean wait = RequestFields.bool(o.get("wait"), "wait", errors);
        var series = RequestFields.series(body, frequency, settings.maxHistory(), errors);
        if (!errors.isEmpty()) throw new ProblemException(Problem.invalid(errors));

        var request = new TuningRequest(name, seriesId, series, algorithm, new Hyperparameters(fixed), imputation, space, metric, nTrials, timeout,
                parallelism == null ? 1 : parallelism, sampler, seed, pruner, resume);
        return switch (jobs.submit(request)) {
            case TuningJobs.Submission.Accepted a -> wait ? finished(name) : job(202, a.job());
            case TuningJobs.Submission.Refused r -> Reply.of(refused(r));
            case TuningJobs.Submission.Running r -> Reply.of(Problem.conflict("study-running", "Study running", "name",
                    "study " + r.study() + " is being tuned in this server; wait for its job to end"));
            case TuningJobs.Submission.NoStoredHistory n -> Reply.of(Problem.unprocessable("no-history", "No stored history",
                    List.of(new Violation("data", "is required: no history is stored for series " + n.seriesId()))));
        };
    }

    private static Problem refused(TuningJobs.Submission.Refused r) {
        var violation = List.of(new Violation(r.field(), r.message()));
        if (r.field().equals("name")) return Problem.conflict("study-exists", "Study exists", "name", r.message());
        // an unknown setting or search-space entry is a mistake in the request, like an unknown sampler
        if (r.field().equals("sampler") || r.field().equals("pruner") || r.message().startsWith("unknown algorithm")
                || r.field().startsWith("hyperparameters.") || r.field().startsWith("search_space."))
            return Problem.invalid(violation);
        return Problem.unprocessable("cannot-tune", "Cannot tune", violation);
    }

    private Reply finished(String study) {
        try {
            var job = jobs.await(study, MAX_WAIT).orElseThrow();
            if (job.state() == TuningJob.State.FAILED)
                return Reply.of(Problem.of(422, "tuning-failed", "Tuning failed", job.failure() + "; the trials are at " + StudyJson.href(study)));
            return job(job.done() ? 200 : 202, job);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProblemException(Problem.of(503, "interrupted", "Interrupted", "the server is stopping"));
        }
    }

    private static Reply job(int status, TuningJob job) {
        var out = new JsonOut(1024 + 128 * job.progress().size());
        StudyJson.job(out, job);
        return new Reply(status, out.toString(), false, null);
    }

    /** {@code GET /tuning/studies}: every study, oldest first. */
    Reply list() {
        var all = studies.list();
        var out = new JsonOut(256 + 384 * all.size());
        out.beginObject().name("studies").beginArray();
        for (var d : all) StudyJson.summary(out, d, studies.store().trials(d.name()), jobs.find(d.name()));
        out.endArray().endObject();
        return Reply.ok(out);
    }

    /** {@code GET /tuning/studies/{name}}: the study, its job in this server if any, its best trial and every trial. */
    Reply one(String name) {
        var definition = studies.store().find(name).orElseThrow(() -> new ProblemException(Problem.unknownStudy(name)));
        return show(200, definition);
    }

    private Reply show(int status, StudyDefinition definition) {
        var trials = studies.store().trials(definition.name());
        var out = new JsonOut(1024 + 512 * trials.size());
        StudyJson.study(out, definition, trials, jobs.find(definition.name()));
        return new Reply(status, out.toString(), false, null);
    }
}
