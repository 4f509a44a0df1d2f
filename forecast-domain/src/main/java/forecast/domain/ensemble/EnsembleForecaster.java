package forecast.domain.ensemble;

import forecast.domain.evaluation.BacktestSpec;
import forecast.domain.forecasting.Forecaster;
import forecast.domain.forecasting.HyperparameterSpec;
import forecast.domain.forecasting.HyperparameterSpecs;
import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.forecasting.TrainedModel;
import forecast.domain.series.TimeSeries;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code ensemble} forecaster: backtests its members on the series, combines them by backtest
 * error and fits the ones kept. Hyperparameters: {@code members} (a comma list of algorithms,
 * default all it was given), {@code combination} ({@link Combination}: weighted by inverse MASE, the
 * default, or the mean or median of the {@code best} few), and {@code <member>.<key>} settings
 * passed to one member.
 */
public final class EnsembleForecaster implements Forecaster {
    public static final String ALGORITHM = "ensemble";
    /** How many of the best members a mean or median combines unless told. */
    public static final int BEST = 3;

    private final Map<String, Forecaster> candidates;

    /** An ensemble of {@code candidates} (by default all of them). */
    public EnsembleForecaster(List<Forecaster> candidates) {
        var byName = new LinkedHashMap<String, Forecaster>();
        for (var f : candidates) if (!f.algorithm().equals(ALGORITHM)) byName.put(f.algorithm(), f);
        if (byName.isEmpty()) throw new IllegalArgumentException("an ensemble needs at least one member forecaster");
        this.candidates = byName;
    }

    @Override
    public String algorithm() {
        return ALGORITHM;
    }

    @Override
    public Hyperparameters defaults() {
        return Hyperparameters.of("members", String.join(",", candidates.keySet()), "combination", Combination.INVERSE_MASE.id(), "best",
                String.valueOf(BEST));
    }

    /**
     * {@code members}, then every candidate's settings as {@code <member>.<key>}; a bare
     * {@code <key>} goes to every member that has it (see {@link Ensembles#paramsFor}).
     */
    @Override
    public List<HyperparameterSpec> hyperparameters() {
        var out = new ArrayList<HyperparameterSpec>();
        out.add(new HyperparameterSpec("members", "list", String.join(",", candidates.keySet()), "a comma list of " + String.join(", ", candidates.keySet()),
                "the families to combine"));
        out.add(new HyperparameterSpec("combination", "choice", Combination.INVERSE_MASE.id(), "inverse_mase | mean | median",
                "inverse_mase weights the members by inverse backtest MASE (one more than 1.5 times worse than the best gets none); mean and median "
                        + "combine the best few equally"));
        out.add(new HyperparameterSpec("best", "int", String.valueOf(BEST), "1-" + candidates.size(),
                "how many members, the best by backtest MASE, a mean or median combines"));
        for (var f : candidates.values()) out.addAll(HyperparameterSpecs.scoped(f.algorithm(), f.hyperparameters()));
        return List.copyOf(out);
    }

    /** The member forecasters {@code params} asks for. */
    public List<Forecaster> members(Hyperparameters params) {
        var out = new ArrayList<Forecaster>();
        for (String name : defaults().with(params).stringOr("members", "").split(",")) {
            String n = name.trim();
            if (n.isEmpty()) continue;
            var f = candidates.get(n);
            if (f == null) throw new IllegalArgumentException("hyperparameter members names unknown algorithm " + n + "; known: " + candidates.keySet());
            out.add(f);
        }
        if (out.isEmpty()) throw new IllegalArgumentException("hyperparameter members must name at least one algorithm");
        return out;
    }

    @Override
    public int minTrainingSize(TimeSeries series, Hyperparameters params) {
        combination(params); // refuses a bad combination or best before anything is trained
        best(params);
        int most = 2;
        for (var f : members(params)) most = Math.max(most, f.minTrainingSize(series, Ensembles.paramsFor(f, params)));
        return most;
    }

    @Override
    public TrainedModel fit(TimeSeries history, Hyperparameters params) {
        var members = members(params);
        int minTrain = 0;
        for (var f : members) minTrain = Math.max(minTrain, f.minTrainingSize(history, Ensembles.paramsFor(f, params)));
        var spec = BacktestSpec.defaultsFor(history.size(), history.frequency(), minTrain);
        var combination = combination(params);
        double[] weights;
        if (spec.isEmpty() || members.size() == 1) {
            weights = new double[members.size()];
            Arrays.fill(weights, 1.0 / members.size()); // too short to compare: equal weights
        } else {
            var backtests = Ensembles.backtest(members, history, params, spec.get(), m -> {});
            weights = Ensembles.combine(backtests, members.stream().map(Forecaster::algorithm).toList(), combination, best(params)).weights();
        }
        return Ensembles.fit(members, weights, combination, history, params, m -> {});
    }

    /** The combination {@code params} asks for. */
    public Combination combination(Hyperparameters params) {
        return Combination.parse(defaults().with(params).stringOr("combination", Combination.INVERSE_MASE.id()));
    }

    /** How many of the best members a mean or median combines, as {@code params} asks. */
    public int best(Hyperparameters params) {
        String text = defaults().with(params).stringOr("best", String.valueOf(BEST));
        try {
            int best = Integer.parseInt(text.trim());
            if (best >= 1) return best;
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalArgumentException("hyperparameter best must be a whole number of members, at least 1: " + text);
    }

    @Override
    public TrainedModel restore(byte[] bytes) {
        return EnsembleModel.read(bytes, (algorithm, inner) -> {
            var f = candidates.get(algorithm);
            if (f == null) throw new IllegalArgumentException("ensemble member " + algorithm + " has no forecaster here");
            return f.restore(inner);
        });
    }

    @Override
    public Map<String, String> libraries() {
        var out = new java.util.TreeMap<String, String>();
        for (var f : candidates.values()) out.putAll(f.libraries());
        return out;
    }
}
