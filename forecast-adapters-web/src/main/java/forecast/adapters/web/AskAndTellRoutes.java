package forecast.adapters.web;

import forecast.domain.series.Violation;
import forecast.domain.tuning.Direction;
import forecast.domain.tuning.Distribution;
import forecast.domain.tuning.FrozenTrial;
import forecast.domain.tuning.Pruners;
import forecast.domain.tuning.Studies;
import forecast.domain.tuning.Study;
import forecast.domain.tuning.StudyDefinition;
import forecast.domain.tuning.StudyExistsException;
import forecast.domain.tuning.TrialState;
import forecast.domain.tuning.TrialStateException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Studies whose objective lives in the client: {@code POST /tuning/studies} without an algorithm
 * creates one, then {@code /ask} hands out a trial's parameters, {@code /tell} takes its value and
 * {@code /enqueue} puts chosen parameters first in line (a warm start).
 */
final class AskAndTellRoutes {
    private static final SecureRandom SEEDS = new SecureRandom();

    private final Studies studies;

    AskAndTellRoutes(Studies studies) {
        this.studies = studies;
    }

    /**
     * {@code {"name", "direction"?, "sampler"?, "seed"?, "pruner"?, "search_space"}}: the new
     * study. Without a seed one is chosen, and shown, so that the study can be repeated.
     *
     * @throws ProblemException 400 naming the fields at fault, 409 when the name is taken
     */
    StudyDefinition create(JsonObject o, String name, List<Violation> errors) {
        Direction direction = direction(o.get("direction"), errors);
        String sampler = RequestFields.choice(o.get("sampler"), "sampler", studies.samplers(), errors);
        Long seed = RequestFields.seed(o.get("seed"), "seed", errors);
        String pruner = RequestFields.choice(o.get("pruner"), "pruner", studies.pruners(), errors);
        var space = RequestFields.searchSpace(o.get("search_space"), "search_space", errors);
        if (RequestFields.absent(o.get("search_space")))
            errors.add(new Violation("search_space", "is required: the parameters to ask for, such as {\"x\": {\"type\": \"float\", \"low\": 0, \"high\": 1}}"));
        else if (o.get("search_space") instanceof JsonObject declared && declared.isEmpty())
            errors.add(new Violation("search_space", "must declare at least one parameter"));
        if (!errors.isEmpty()) throw new ProblemException(Problem.invalid(errors));

        // 47 bits, as forecaster tuning chooses them: exact in any JSON client
        long s = seed != null ? seed : SEEDS.nextLong() & 0x7fffffffffffL;
        var definition = new StudyDefinition(name, direction, sampler == null ? studies.defaultSampler() : sampler, s,
                pruner == null ? Pruners.NONE : pruner, space, null, Map.of(), Instant.now());
        try {
            studies.create(definition);
        } catch (StudyExistsException e) {
            throw new ProblemException(Problem.conflict("study-exists", "Study exists", "name", "study " + name + " already exists; choose another name"));
        }
        return definition;
    }

    /** {@code POST /tuning/studies/{name}/ask}: starts a trial with a value for every parameter of the search space. */
    Reply ask(String name) {
        var trial = clientStudy(name).askSearchSpace();
        var out = new JsonOut(256).beginObject().field("trial", trial.number());
        StudyJson.params(out.name("params"), trial.params());
        return Reply.ok(out.endObject());
    }

    /**
     * {@code POST /tuning/studies/{name}/tell}: {@code {"trial", "value"}}, or {@code {"trial",
     * "state": "failed" | "pruned", "reason"?}}; 200 with the trial and the study's best so far,
     * 409 naming {@code trial} when it is not running.
     */
    Reply tell(String name, byte[] body) {
        var study = clientStudy(name);
        JsonObject o = Json.object(body, false);
        var errors = new ArrayList<Violation>();
        RequestFields.unknown(o.keySet(), java.util.Set.of("trial", "value", "state", "reason"), "", errors);
        Integer number = RequestFields.integer(o.get("trial"), "trial", 0, Integer.MAX_VALUE, errors);
        if (RequestFields.absent(o.get("trial"))) errors.add(new Violation("trial", "is required: the number ask answered with"));
        String state = RequestFields.choice(o.get("state"), "state", List.of("complete", "failed", "pruned"), errors);
        boolean complete = state == null || state.equals("complete");
        Double value = value(o.get("value"), complete, errors);
        String reason = RequestFields.string(o.get("reason"), "reason", errors);
        if (!errors.isEmpty()) throw new ProblemException(Problem.invalid(errors));

        // checked first, because failing a trial records its reason before finishing it
        var trial = studies.store().trial(name, number);
        if (trial.isEmpty() || trial.get().state() != TrialState.RUNNING)
            throw new ProblemException(notRunning(name, number, trial.map(t -> StudyJson.lower(t.state())).orElse(null)));
        FrozenTrial told;
        try {
            told = complete ? study.tell(number, value)
                    : state.equals("failed") ? study.fail(number, reason == null ? "the client told it failed" : reason)
                    : study.prune(number);
        } catch (TrialStateException e) {
            throw new ProblemException(notRunning(name, number, "finished"));
        }
        var out = new JsonOut(1024).beginObject();
        StudyJson.trial(out.name("trial"), told);
        StudyJson.best(out.name("best"), study.bestTrial().orElse(null));
        return Reply.ok(out.endObject());
    }

    /**
     * {@code POST /tuning/studies/{name}/enqueue}: {@code {"params": {...}}}, values for some or
     * all parameters of the search space, taken by the next trial asked (a warm start); 201 with
     * the waiting trial.
     */
    Reply enqueue(String name, byte[] body) {
        var study = load(name);
        JsonObject o = Json.object(body, false);
        var errors = new ArrayList<Violation>();
        RequestFields.unknown(o.keySet(), java.util.Set.of("params"), "", errors);
        var params = new LinkedHashMap<String, Object>();
        if (!(o.get("params") instanceof JsonObject given) || given.isEmpty()) {
            errors.add(new Violation("params", "must be an object of parameter values, such as {\"x\": 0.5}, got "
                    + (o.get("params") == null ? "nothing" : Json.describe(o.get("params")))));
        } else {
            var space = study.definition().searchSpace();
            given.forEach((key, v) -> {
                Object value = RequestFields.plain(v);
                if (fits(space.get(key), value)) params.put(key, value);
                else errors.add(new Violation("params." + key, space.containsKey(key)
                        ? "must be a value of " + space.get(key).toJson() + ", got " + Json.describe(v)
                        : "is not in the study's search space " + space.keySet()));
            });
        }
        if (!errors.isEmpty()) throw new ProblemException(Problem.invalid(errors));
        var waiting = study.enqueue(params);
        var out = new JsonOut(256).beginObject().field("trial", waiting.number()).field("state", StudyJson.lower(waiting.state()));
        StudyJson.params(out.name("params"), waiting.fixedParams());
        return new Reply(201, out.endObject().toString(), false, null);
    }

    private static boolean fits(Distribution d, Object value) {
        if (d == null) return false;
        try {
            return d.contains(d.toInternal(value));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** A study whose trials the client runs; a forecaster's study has its trials run (and scored) by its tuning job. */
    private Study clientStudy(String name) {
        var study = load(name);
        String algorithm = study.definition().algorithm();
        if (algorithm != null)
            throw new ProblemException(Problem.of(409, "tuned-by-job", "Study tuned by a job", "study " + name + " tunes " + algorithm
                    + "; its trials are run by tuning jobs (POST /tuning/studies with \"resume\": true), not asked and told"));
        return study;
    }

    private Study load(String name) {
        try {
            return studies.load(name).orElseThrow(() -> new ProblemException(Problem.unknownStudy(name)));
        } catch (IllegalArgumentException e) {
            // stored with a sampler or pruner this server does not have
            throw new ProblemException(Problem.of(409, "study-unavailable", "Study unavailable", "study " + name + " cannot be run here: " + e.getMessage()));
        }
    }

    /** {@code state} null: no such trial. */
    private static Problem notRunning(String study, int number, String state) {
        String message = state == null ? "study " + study + " has no trial " + number
                : "trial " + number + " is " + state + "; only a running trial (one that ask answered with) can be told";
        return Problem.conflict("trial-not-running", "Trial not running", "trial", message);
    }

    /** The objective's value: a finite number, required to complete a trial and refused otherwise. */
    private static Double value(JsonValue v, boolean complete, List<Violation> errors) {
        if (RequestFields.absent(v)) {
            if (complete) errors.add(new Violation("value", "is required: the objective's value for the trial (a finite number)"));
            return null;
        }
        if (!complete) {
            errors.add(new Violation("value", "must be left out for a failed or pruned trial"));
            return null;
        }
        if (v instanceof JsonNumber n && Double.isFinite(PredictInput.number(n))) return PredictInput.number(n);
        errors.add(new Violation("value", "must be a finite number, got " + Json.describe(v)));
        return null;
    }

    private static Direction direction(JsonValue v, List<Violation> errors) {
        String text = RequestFields.choice(v, "direction", List.of("minimize", "maximize"), errors);
        return "maximize".equals(text) ? Direction.MAXIMIZE : Direction.MINIMIZE;
    }
}
