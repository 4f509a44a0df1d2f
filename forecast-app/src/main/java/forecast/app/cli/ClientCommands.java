package forecast.app.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The client commands: each talks to a running server over HTTP ({@link Api}), at {@code --url}
 * (default {@code FORECAST_URL}, else {@code http://localhost:8080}), with the admin key from
 * {@code FORECAST_ADMIN_KEY} (never from an argument). {@code -o table} (the default) shows the
 * answer as a table, {@code -o json} as the server's JSON, pretty-printed. An error answer is exit
 * status 1 with the problem's detail on standard error, in one line.
 */
public final class ClientCommands {
    private ClientCommands() {}

    /** Adds every client command to the root command {@code root}, made by {@code factory}. */
    public static void addTo(CommandLine root, CommandLine.IFactory factory) {
        for (Class<?> c : List.of(Models.class, Predict.class, Train.class, Jobs.class, Ab.class, Studies.class, Drift.class, Alerts.class, Pipeline.class))
            root.addSubcommand(new CommandLine(c, factory));
    }

    /** How an answer is shown. */
    public enum Format { table, json }

    /** What every client command has: where the server is, the output format, and the streams. */
    abstract static class Base implements Callable<Integer>, Io.Aware {
        @Option(names = "--url", paramLabel = "URL", description = "the server (default: $FORECAST_URL, else " + Api.DEFAULT_URL + ")")
        String url;
        @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
                description = "table (default) or json (the server's JSON, pretty-printed)")
        Format output;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        Io io;

        @Override
        public void io(Io io) {
            this.io = io;
        }

        @Override
        public Integer call() throws Exception {
            int status = run(api());
            io.out().flush();
            return status;
        }

        /** Does the command's work; the exit status. */
        abstract int run(Api api) throws Exception;

        Api api() {
            String u = url != null ? url : io.env().getOrDefault("FORECAST_URL", "");
            return new Api(u.isBlank() ? Api.DEFAULT_URL : u, io.env().get("FORECAST_ADMIN_KEY"));
        }

        boolean json() {
            return output == Format.json;
        }

        PrintStream out() {
            return io.out();
        }

        /** The answer as JSON, or as {@code table} draws it. */
        void show(Object answer, java.util.function.Consumer<Object> table) {
            if (json()) out().println(JsonText.pretty(answer));
            else table.accept(answer);
        }

        /** The array {@code member} of an answer as a table of {@code columns} (null: its scalar members). */
        void list(Object answer, String member, List<String> columns) {
            show(answer, a -> Render.table(out(), a instanceof Map<?, ?> m && m.get(member) instanceof List<?> l ? l : List.of(), columns));
        }

        /** An object answer as name/value lines. */
        void one(Object answer) {
            show(answer, a -> {
                if (a instanceof Map<?, ?> m) Render.object(out(), m);
                else out().println(JsonText.pretty(a));
            });
        }

        /**
         * Follows the job {@code id} through {@code GET /jobs/{id}/events} until it ends: progress in
         * place on a terminal, plain lines otherwise (on standard error with {@code -o json}, so that
         * standard output holds only JSON); the job as it ended.
         */
        Map<?, ?> follow(Api api, String id) {
            var progress = progress();
            try {
                return follow(api, id, progress);
            } finally {
                progress.done();
            }
        }

        /** Where progress goes: standard output, or standard error with {@code -o json}. */
        Progress progress() {
            return new Progress(json() ? io.err() : out(), io.terminal());
        }

        Map<?, ?> follow(Api api, String id, Progress progress) {
            var end = new Object[1];
            api.events("/jobs/" + segment(id) + "/events", (event, data) -> {
                if (event.equals("progress")) progress.line(data);
                else if (event.equals("end")) end[0] = JsonText.parse(data);
            });
            if (!(end[0] instanceof Map<?, ?> job)) throw new CliException("the event stream of job " + id + " ended before the job did; see forecast jobs show " + id);
            return job;
        }
    }

    /** A path segment, percent-encoded. */
    static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String text(Object v) {
        return v == null ? null : v instanceof BigDecimal d ? d.toPlainString() : String.valueOf(v);
    }

    /** A model's routes: {@code /models/X} for a named model, {@code /models} for default. */
    static String modelPath(String model) {
        return model == null || model.equals("default") ? "/models" : "/models/" + segment(model);
    }

    // ------------------------------------------------------------------ models

    @Command(name = "models", mixinStandardHelpOptions = true, description = "Models and their versions: list, show, deploy, roll back, deployment history.",
            subcommands = {Models.ListModels.class, Models.Show.class, Models.Deploy.class, Models.Rollback.class, Models.History.class},
            synopsisSubcommandLabel = "COMMAND")
    static final class Models {
        @Command(name = "list", mixinStandardHelpOptions = true, description = "Every model: its live version, algorithm, number of versions.")
        static final class ListModels extends Base {
            @Override
            int run(Api api) {
                list(api.get("/models"), "models", null);
                return 0;
            }
        }

        @Command(name = "show", mixinStandardHelpOptions = true,
                description = {"One model with its versions and deployments, or one version (its id or label) with its metrics.",
                        "Examples: forecast models show; forecast models show xgboost_v1; forecast models show v1.2 --model default"})
        static final class Show extends Base {
            @Parameters(arity = "0..1", paramLabel = "MODEL|VERSION", description = "a model's name or a version's id (default: the model default)")
            String name;
            @Option(names = "--model", paramLabel = "MODEL", description = "NAME is a version (id or label) of this model")
            String model;

            @Override
            int run(Api api) {
                String path;
                if (model != null) {
                    if (name == null) throw new CommandLine.ParameterException(spec.commandLine(), "--model needs the VERSION to show");
                    path = "/models/" + segment(model) + "/versions/" + segment(name);
                } else {
                    path = "/models/" + segment(name == null ? "default" : name);
                }
                one(api.get(path));
                return 0;
            }
        }

        @Command(name = "deploy", mixinStandardHelpOptions = true, description = "Make a version (id or label) the live version of its model.")
        static final class Deploy extends Base {
            @Parameters(paramLabel = "VERSION", description = "the version's id or label")
            String version;
            @Option(names = "--model", paramLabel = "MODEL", description = "the model (default: default)")
            String model;
            @Option(names = "--reason", paramLabel = "TEXT", description = "why, for the deployment history")
            String reason;

            @Override
            int run(Api api) {
                var body = new LinkedHashMap<String, Object>();
                body.put("model_version", version);
                if (reason != null) body.put("reason", reason);
                var answer = api.post(modelPath(model) + "/deploy", body);
                show(answer, a -> deployed(out(), a));
                return 0;
            }
        }

        @Command(name = "rollback", mixinStandardHelpOptions = true,
                description = "Back to the model's previous live version, or to a version that was live (--to).")
        static final class Rollback extends Base {
            @Option(names = "--to", paramLabel = "VERSION", description = "a version that was live before")
            String to;
            @Option(names = "--model", paramLabel = "MODEL", description = "the model (default: default)")
            String model;
            @Option(names = "--reason", paramLabel = "TEXT", description = "why, for the deployment history")
            String reason;

            @Override
            int run(Api api) {
                var body = new LinkedHashMap<String, Object>();
                if (to != null) body.put("model_version", to);
                if (reason != null) body.put("reason", reason);
                var answer = api.post(modelPath(model) + "/rollback", body);
                show(answer, a -> deployed(out(), a));
                return 0;
            }
        }

        @Command(name = "history", mixinStandardHelpOptions = true, description = "The model's deployment history, newest first: who, when, why, from which version to which.")
        static final class History extends Base {
            @Option(names = "--model", paramLabel = "MODEL", description = "the model (default: default)")
            String model;
            @Option(names = "--at", paramLabel = "TIME", description = "only the version live at this ISO-8601 instant")
            String at;

            @Override
            int run(Api api) {
                var answer = api.get(modelPath(model) + "/deployments" + (at == null ? "" : "?at=" + segment(at)));
                show(answer, a -> {
                    if (a instanceof Map<?, ?> m && m.get("deployments") instanceof List<?> l) Render.table(out(), l, null);
                    else if (a instanceof Map<?, ?> m) Render.object(out(), m);
                });
                return 0;
            }
        }

        /** A deploy's or rollback's answer: the history entry. */
        private static void deployed(PrintStream out, Object answer) {
            if (answer instanceof Map<?, ?> m) Render.object(out, m);
            else out.println(JsonText.pretty(answer));
        }
    }

    // ------------------------------------------------------------------ predict

    @Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Forecast from a CSV history (timestamp,value[,feature...], as PUT /series reads it) with a model's live version,",
                    "or from the stored history of --series-id; shows each step's forecast and interval."})
    static final class Predict extends Base {
        @Parameters(arity = "0..1", paramLabel = "FILE.csv", description = "the history, with a header; - reads standard input")
        String file;
        @Option(names = "--horizon", paramLabel = "N", defaultValue = "24", description = "how many steps ahead (default ${DEFAULT-VALUE})")
        int horizon;
        @Option(names = "--model", paramLabel = "MODEL", description = "the model whose live version forecasts (default: default)")
        String model;
        @Option(names = "--model-version", paramLabel = "VERSION", description = "a version (id or label) instead of the live one")
        String version;
        @Option(names = "--series-id", paramLabel = "ID", description = "the series (without FILE: its stored history is the input)")
        String seriesId;
        @Option(names = "--confidence", paramLabel = "LEVEL", description = "the intervals' level (default 0.95)")
        Double confidence;

        @Override
        int run(Api api) throws IOException {
            if (file == null && seriesId == null)
                throw new CommandLine.ParameterException(spec.commandLine(), "give FILE.csv, or --series-id for a stored series' history");
            var body = new LinkedHashMap<String, Object>();
            if (file != null) body.put("data", Csv.rows(file.equals("-") ? new String(io.in().readAllBytes(), StandardCharsets.UTF_8) : read(file), file));
            body.put("forecast_horizon", horizon);
            if (model != null) body.put("model", model);
            if (version != null) body.put("model_version", version);
            if (seriesId != null) body.put("series_id", seriesId);
            if (confidence != null) body.put("confidence_level", confidence);
            var answer = api.post("/predict", body);
            show(answer, a -> forecast(out(), a));
            return 0;
        }

        private static void forecast(PrintStream out, Object answer) {
            if (!(answer instanceof Map<?, ?> m)) {
                out.println(JsonText.pretty(answer));
                return;
            }
            out.println("model version " + text(m.get("model_version")) + (m.get("experiment") == null ? "" : ", experiment " + text(m.get("experiment")) + " arm " + text(m.get("arm")))
                    + ", " + text(m.get("confidence_level")) + " intervals, " + text(m.get("execution_time_ms")) + " ms");
            var rows = new ArrayList<Map<String, Object>>();
            List<?> times = m.get("timestamps") instanceof List<?> l ? l : List.of();
            List<?> values = m.get("predictions") instanceof List<?> l ? l : List.of();
            List<?> intervals = m.get("confidence_intervals") instanceof List<?> l ? l : List.of();
            for (int i = 0; i < values.size(); i++) {
                var row = new LinkedHashMap<String, Object>();
                row.put("timestamp", i < times.size() ? times.get(i) : null);
                row.put("forecast", values.get(i));
                var interval = i < intervals.size() && intervals.get(i) instanceof List<?> b ? b : List.of();
                row.put("lower", interval.size() > 0 ? interval.get(0) : null);
                row.put("upper", interval.size() > 1 ? interval.get(1) : null);
                rows.add(row);
            }
            Render.table(out, rows, List.of("timestamp", "forecast", "lower", "upper"));
        }
    }

    static String read(String file) throws IOException {
        Path p = Path.of(file);
        if (!Files.isRegularFile(p)) throw new CliException("no such file: " + file);
        return Files.readString(p, StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------ train

    @Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Train a version (POST /models/train) as a job and show its progress until it ends;",
                    "it trains on --series-file, else the stored series --series-id (default: default). Exit 1 when the training fails."})
    static final class Train extends Base {
        @Option(names = "--algorithm", required = true, paramLabel = "NAME", description = "arima, xgboost, lstm, ets, theta, mstl, ensemble, seasonal_naive or auto")
        String algorithm;
        @Option(names = "--model", paramLabel = "MODEL", description = "the model the version belongs to (default: default)")
        String model;
        @Option(names = "--series-id", paramLabel = "ID", description = "the stored series to train on (with --series-file: the rows are added to it)")
        String seriesId;
        @Option(names = "--series-file", paramLabel = "FILE.csv", description = "train on this CSV: timestamp,value[,feature...]")
        String seriesFile;
        @Option(names = "--set", paramLabel = "KEY=VALUE", description = "a hyperparameter (repeatable)")
        Map<String, String> hyperparameters = new TreeMap<>();
        @Option(names = "--name", paramLabel = "LABEL", description = "a label for the version, such as v2.0")
        String name;
        @Option(names = "--period", paramLabel = "N", description = "the season's length in steps")
        Integer period;
        @Option(names = "--tune", paramLabel = "TRIALS", description = "tune first with this many trials, and train the best settings")
        Integer trials;
        @Option(names = "--study", paramLabel = "NAME", description = "with --tune: the study's name (default: one the server chooses)")
        String study;
        @Option(names = "--deploy", description = "make the version live when it is trained")
        boolean deploy;
        @Option(names = "--detach", description = "submit the job and print it, without following it")
        boolean detach;

        @Override
        int run(Api api) throws IOException {
            var body = new LinkedHashMap<String, Object>();
            body.put("algorithm", algorithm);
            if (seriesId != null) body.put("series_id", seriesId);
            if (seriesFile != null) body.put("data", Csv.rows(read(seriesFile), seriesFile));
            if (!hyperparameters.isEmpty()) body.put("hyperparameters", new LinkedHashMap<>(hyperparameters));
            if (name != null) body.put("name", name);
            if (period != null) body.put("period", period);
            if (study != null && trials == null) throw new CommandLine.ParameterException(spec.commandLine(), "--study goes with --tune TRIALS");
            if (trials != null) body.put("tune", study == null ? Map.of("n_trials", trials) : Map.of("n_trials", trials, "study", study));
            if (deploy) body.put("deploy", true);
            var submitted = api.post(modelPath(model) + "/train", body);
            if (!(submitted instanceof Map<?, ?> job) || job.get("id") == null) throw new CliException("the server answered no job: " + JsonText.write(submitted));
            String id = text(job.get("id"));
            if (detach) {
                show(submitted, a -> out().println("job " + id + " " + text(job.get("status")) + "; follow it with: forecast jobs follow " + id));
                return 0;
            }
            if (!json()) out().println("job " + id + ": training " + algorithm + (seriesFile != null ? " on " + seriesFile : " on series " + (seriesId == null ? "default" : seriesId)));
            var end = follow(api, id);
            return ended(end);
        }

        private int ended(Map<?, ?> job) {
            String status = text(job.get("status"));
            if (json()) out().println(JsonText.pretty(job));
            if (!"succeeded".equals(status))
                throw new CliException("job " + text(job.get("id")) + " " + status + (job.get("error") == null ? "" : ": " + text(job.get("error"))));
            if (!json()) {
                out().println("trained " + text(job.get("model_version")) + metrics(job) + (job.get("deployed") == null ? "" : ", deployed"));
            }
            return 0;
        }

        private static String metrics(Map<?, ?> job) {
            Object mase = Render.path(job, "model.metrics.mase"), mape = Render.path(job, "model.metrics.mape");
            if (mase == null && mape == null) return "";
            return " (backtest" + (mase == null ? "" : " MASE " + Render.cell(mase)) + (mape == null ? "" : " MAPE " + Render.cell(mape)) + ")";
        }
    }

    // ------------------------------------------------------------------ jobs

    @Command(name = "jobs", mixinStandardHelpOptions = true, description = "Jobs: trainings, tunings, retraining runs, alert deliveries.",
            subcommands = {Jobs.ListJobs.class, Jobs.Show.class, Jobs.Follow.class}, synopsisSubcommandLabel = "COMMAND")
    static final class Jobs {
        @Command(name = "list", mixinStandardHelpOptions = true, description = "The newest jobs, newest first.")
        static final class ListJobs extends Base {
            @Override
            int run(Api api) {
                list(api.get("/jobs"), "jobs", List.of("id", "kind", "status", "attempts", "algorithm", "model_version", "submitted_at", "finished_at"));
                return 0;
            }
        }

        @Command(name = "show", mixinStandardHelpOptions = true, description = "One job: its status, progress and result.")
        static final class Show extends Base {
            @Parameters(paramLabel = "ID")
            String id;

            @Override
            int run(Api api) {
                one(api.get("/jobs/" + segment(id)));
                return 0;
            }
        }

        @Command(name = "follow", mixinStandardHelpOptions = true, description = "Show a job's progress until it ends (GET /jobs/{id}/events); exit 1 unless it succeeds.")
        static final class Follow extends Base {
            @Parameters(paramLabel = "ID")
            String id;

            @Override
            int run(Api api) {
                var job = follow(api, id);
                if (json()) out().println(JsonText.pretty(job));
                else out().println("job " + id + " " + text(job.get("status")) + (job.get("model_version") == null ? "" : ": " + text(job.get("model_version"))));
                if (!"succeeded".equals(text(job.get("status"))))
                    throw new CliException("job " + id + " " + text(job.get("status")) + (job.get("error") == null ? "" : ": " + text(job.get("error"))));
                return 0;
            }
        }
    }

    // ------------------------------------------------------------------ ab

    @Command(name = "ab", mixinStandardHelpOptions = true, description = "A/B tests between versions of a model: start, show, stop, promote.",
            subcommands = {Ab.Start.class, Ab.Show.class, Ab.Stop.class, Ab.Promote.class}, synopsisSubcommandLabel = "COMMAND")
    static final class Ab {
        @Command(name = "start", mixinStandardHelpOptions = true, sortOptions = false, description = "Start an experiment that splits live traffic between versions.")
        static final class Start extends Base {
            @Parameters(paramLabel = "NAME", description = "the experiment's name")
            String name;
            @Option(names = "--versions", required = true, split = ",", paramLabel = "V1,V2", description = "the arms: versions (id or label) of one model")
            List<String> versions;
            @Option(names = "--split", split = ",", paramLabel = "W1,W2", description = "each arm's share of traffic, summing to 1 (default: equal)")
            List<Double> split;
            @Option(names = "--hours", paramLabel = "H", defaultValue = "24", description = "its duration (default ${DEFAULT-VALUE})")
            double hours;
            @Option(names = "--model", paramLabel = "MODEL", description = "the model (default: default)")
            String model;
            @Option(names = "--metric", paramLabel = "NAME", description = "mape (default) or mae")
            String metric;
            @Option(names = "--min-samples", paramLabel = "N", description = "scored predictions per arm before a decision (default 100)")
            Integer minSamples;
            @Option(names = "--scope", paramLabel = "SERIES", description = "only predictions of this series take part")
            String scope;

            @Override
            int run(Api api) {
                var body = new LinkedHashMap<String, Object>();
                body.put("name", name);
                body.put("models", versions);
                var weights = split;
                if (weights == null) {
                    weights = new ArrayList<>();
                    for (int i = 0; i < versions.size(); i++) weights.add(1.0 / versions.size());
                }
                body.put("traffic_split", weights);
                body.put("duration_hours", hours);
                if (model != null) body.put("model", model);
                if (metric != null) body.put("metric", metric);
                if (minSamples != null) body.put("min_samples", minSamples);
                if (scope != null) body.put("scope", scope);
                one(api.post("/ab-test/start", body));
                return 0;
            }
        }

        @Command(name = "show", mixinStandardHelpOptions = true, description = "One experiment's report (per arm, comparisons, decision), or without NAME every experiment.")
        static final class Show extends Base {
            @Parameters(arity = "0..1", paramLabel = "NAME")
            String name;

            @Override
            int run(Api api) {
                if (name == null) {
                    var answer = api.get("/ab-test");
                    show(answer, a -> Render.table(out(), a instanceof Map<?, ?> m ? firstList(m) : List.of(), null));
                } else {
                    one(api.get("/ab-test/" + segment(name)));
                }
                return 0;
            }
        }

        @Command(name = "stop", mixinStandardHelpOptions = true, description = "End an experiment; traffic goes back to the live version.")
        static final class Stop extends Base {
            @Parameters(paramLabel = "NAME")
            String name;

            @Override
            int run(Api api) {
                one(api.post("/ab-test/" + segment(name) + "/stop", Map.of()));
                return 0;
            }
        }

        @Command(name = "promote", mixinStandardHelpOptions = true, description = "End an experiment by deploying its winner, or the arm --arm.")
        static final class Promote extends Base {
            @Parameters(paramLabel = "NAME")
            String name;
            @Option(names = "--arm", paramLabel = "VERSION", description = "deploy this arm, whatever the decision")
            String arm;

            @Override
            int run(Api api) {
                one(api.post("/ab-test/" + segment(name) + "/promote", arm == null ? Map.of() : Map.of("arm", arm)));
                return 0;
            }
        }
    }

    /** The first array member of an object (a listing's items). */
    static List<?> firstList(Map<?, ?> m) {
        for (Object v : m.values()) if (v instanceof List<?> l) return l;
        return List.of();
    }

    // ------------------------------------------------------------------ studies, drift, alerts

    @Command(name = "studies", mixinStandardHelpOptions = true, description = "Tuning studies: list, show.",
            subcommands = {Studies.ListStudies.class, Studies.Show.class}, synopsisSubcommandLabel = "COMMAND")
    static final class Studies {
        @Command(name = "list", mixinStandardHelpOptions = true, description = "Every study: trial counts, best value.")
        static final class ListStudies extends Base {
            @Override
            int run(Api api) {
                var answer = api.get("/tuning/studies");
                show(answer, a -> Render.table(out(), a instanceof Map<?, ?> m ? firstList(m) : List.of(), null));
                return 0;
            }
        }

        @Command(name = "show", mixinStandardHelpOptions = true, description = "One study: its search space, best trial and every trial.")
        static final class Show extends Base {
            @Parameters(paramLabel = "NAME")
            String name;

            @Override
            int run(Api api) {
                one(api.get("/tuning/studies/" + segment(name)));
                return 0;
            }
        }
    }

    @Command(name = "drift", mixinStandardHelpOptions = true, description = "Each model's drift detectors on its live version, and live accuracy by version.")
    static final class Drift extends Base {
        @Override
        int run(Api api) {
            one(api.get("/drift"));
            return 0;
        }
    }

    @Command(name = "alerts", mixinStandardHelpOptions = true, description = "Alerts, newest first.")
    static final class Alerts extends Base {
        @Option(names = "--state", paramLabel = "STATE", description = "open or resolved (default: both)")
        String state;
        @Option(names = "--limit", paramLabel = "N", description = "at most this many")
        Integer limit;

        @Override
        int run(Api api) {
            var query = new ArrayList<String>();
            if (state != null) query.add("state=" + segment(state));
            if (limit != null) query.add("limit=" + limit);
            var answer = api.get("/alerts" + (query.isEmpty() ? "" : "?" + String.join("&", query)));
            show(answer, a -> Render.table(out(), a instanceof Map<?, ?> m ? firstList(m) : List.of(),
                    List.of("id", "kind", "severity", "state", "subject", "occurrences", "raised_at", "message")));
            return 0;
        }
    }

    // ------------------------------------------------------------------ pipeline

    @Command(name = "pipeline", mixinStandardHelpOptions = true, description = "Retraining runs: run one, list, show.",
            subcommands = {Pipeline.Run.class, Pipeline.ListRuns.class, Pipeline.Show.class}, synopsisSubcommandLabel = "COMMAND")
    static final class Pipeline {
        @Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
                description = "Start a retraining run of a model (POST /pipeline/run); with --follow show its progress until it ends.")
        static final class Run extends Base {
            @Option(names = "--model", paramLabel = "MODEL", description = "the model (default: default)")
            String model;
            @Option(names = "--reason", paramLabel = "TEXT", description = "why, for the run's record")
            String reason;
            @Option(names = "--series-id", paramLabel = "ID", description = "the stored series to retrain on")
            String seriesId;
            @Option(names = "--algorithm", paramLabel = "NAME", description = "the candidate's algorithm (default: the configured one)")
            String algorithm;
            @Option(names = "--trials", paramLabel = "N", description = "tuning trials (0: no tuning)")
            Integer trials;
            @Option(names = "--policy", paramLabel = "POLICY", description = "deploy, canary or register")
            String policy;
            @Option(names = "--follow", description = "show the run's progress until it ends; exit 1 when it fails")
            boolean follow;

            @Override
            int run(Api api) throws InterruptedException {
                var body = new LinkedHashMap<String, Object>();
                if (model != null) body.put("model", model);
                if (reason != null) body.put("reason", reason);
                if (seriesId != null) body.put("series_id", seriesId);
                if (algorithm != null) body.put("algorithm", algorithm);
                if (trials != null) body.put("n_trials", trials);
                if (policy != null) body.put("policy", policy);
                var started = api.post("/pipeline/run", body);
                if (!follow) {
                    one(started);
                    return 0;
                }
                String id = started instanceof Map<?, ?> m ? text(m.get("id")) : null;
                if (id == null) throw new CliException("the server answered no run: " + JsonText.write(started));
                if (!json()) out().println("run " + id + " started");
                var progress = progress();
                var shown = new java.util.concurrent.atomic.AtomicInteger();
                var steps = Thread.ofVirtual().start(() -> {
                    try {
                        while (!Thread.currentThread().isInterrupted()) {
                            Thread.sleep(500);
                            steps(api, id, progress, shown);
                        }
                    } catch (InterruptedException | RuntimeException e) {
                        // the run ended (the job's events say how), or the server is gone: the main thread reports it
                    }
                });
                Map<?, ?> job;
                try {
                    job = follow(api, "pipeline-" + id, progress);
                    steps.interrupt();
                    steps.join(5_000);
                    steps(api, id, progress, shown); // the steps that ended since the last look
                } finally {
                    steps.interrupt();
                    progress.done();
                }
                var run = api.get("/pipeline/runs/" + segment(id));
                one(run);
                String state = run instanceof Map<?, ?> r ? text(r.get("state")) : null;
                if ("failed".equals(state) || "failed".equals(text(job.get("status"))))
                    throw new CliException("run " + id + " failed" + (run instanceof Map<?, ?> r && r.get("detail") != null ? ": " + text(r.get("detail")) : ""));
                return 0;
            }
        }

        /** The run's steps that ended since {@code shown}, each as a progress line. */
        private static synchronized void steps(Api api, String id, Progress progress, java.util.concurrent.atomic.AtomicInteger shown) {
            if (!(api.get("/pipeline/runs/" + segment(id)) instanceof Map<?, ?> run && run.get("steps") instanceof List<?> steps)) return;
            while (shown.get() < steps.size() && steps.get(shown.get()) instanceof Map<?, ?> step && !"running".equals(text(step.get("state")))) {
                progress.line("step " + (shown.get() + 1) + ": " + text(step.get("name")) + " " + text(step.get("state"))
                        + (step.get("detail") == null ? "" : ": " + text(step.get("detail"))));
                shown.incrementAndGet();
            }
        }

        @Command(name = "list", mixinStandardHelpOptions = true, description = "Retraining runs, newest first.")
        static final class ListRuns extends Base {
            @Option(names = "--limit", paramLabel = "N", description = "at most this many")
            Integer limit;

            @Override
            int run(Api api) {
                var answer = api.get("/pipeline/runs" + (limit == null ? "" : "?limit=" + limit));
                show(answer, a -> Render.table(out(), a instanceof Map<?, ?> m ? firstList(m) : List.of(),
                        List.of("id", "model", "trigger", "state", "outcome", "candidate_version", "started_at", "finished_at")));
                return 0;
            }
        }

        @Command(name = "show", mixinStandardHelpOptions = true, description = "One run: every step's timing and outcome, and the contenders' backtests.")
        static final class Show extends Base {
            @Parameters(paramLabel = "ID")
            String id;

            @Override
            int run(Api api) {
                one(api.get("/pipeline/runs/" + segment(id)));
                return 0;
            }
        }
    }
}
