package forecast.adapters.ml;

import forecast.domain.forecasting.Forecast;
import forecast.domain.forecasting.ForecastQuery;
import forecast.domain.forecasting.TrainedModel;
import forecast.domain.series.Frequency;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import ml.dmlc.xgboost4j.java.Booster;

/**
 * A fitted XGBoost direct multi-step model: one booster over the series' own features and, when
 * the series had extra feature columns, a second one that also reads their future values. Both
 * boosters are loaded from the bytes that {@link #serialize()} writes, so a restored model
 * predicts exactly what the fitted one did. Point forecasts only: intervals come from backtest
 * residuals.
 */
final class XGBoostModel implements TrainedModel {
    static final String ALGORITHM = "xgboost";
    /** 2: the booster with extras also sees their values at the same-phase times. */
    private static final int FORMAT_VERSION = 2;

    private final XGBoostSettings settings;
    private final Frequency frequency;
    private final List<String> featureNames;
    private final int[] periods;
    private final XGBoostFeatures features;
    private final byte[] plainBytes;
    private final byte[] extrasBytes; // null when the series had no extra features
    private final Booster plain;
    private final Booster withExtras;
    /** The same boosters' trees evaluated in Java (see {@link BoosterTrees}); null where only the booster can. */
    private final BoosterTrees plainTrees;
    private final BoosterTrees extrasTrees;

    private final boolean referenceExtras;

    XGBoostModel(XGBoostSettings settings, Frequency frequency, List<String> featureNames, int[] periods,
                 byte[] plainBytes, byte[] extrasBytes) {
        this(settings, frequency, featureNames, periods, plainBytes, extrasBytes, true);
    }

    private XGBoostModel(XGBoostSettings settings, Frequency frequency, List<String> featureNames, int[] periods,
                         byte[] plainBytes, byte[] extrasBytes, boolean referenceExtras) {
        if (featureNames.isEmpty() != (extrasBytes == null))
            throw new IllegalArgumentException("a model has a booster with extra features exactly when it has feature columns");
        this.settings = settings;
        this.frequency = frequency;
        this.featureNames = List.copyOf(featureNames);
        this.periods = periods.clone();
        this.referenceExtras = referenceExtras;
        this.features = new XGBoostFeatures(settings.lags(), settings.levelWindow(), periods, settings.maxHorizon(), referenceExtras);
        this.plainBytes = plainBytes;
        this.extrasBytes = extrasBytes;
        this.plain = Boosters.fromBytes(plainBytes, features.columns(0));
        this.withExtras = extrasBytes == null ? null : Boosters.fromBytes(extrasBytes, features.columns(featureNames.size()));
        this.plainTrees = BoosterTrees.of(Boosters.toJson(plain)).orElse(null);
        this.extrasTrees = withExtras == null ? null : BoosterTrees.of(Boosters.toJson(withExtras)).orElse(null);
    }

    @Override
    public String algorithm() {
        return ALGORITHM;
    }

    /**
     * The booster with extra features answers when the query gives their future values, the plain
     * one otherwise. Thread-safe: nothing is shared between calls but the read-only boosters.
     */
    @Override
    public Forecast predict(ForecastQuery query) {
        var history = query.history();
        Histories.requireFrequency(history, frequency);
        boolean extras = withExtras != null && query.hasFutureFeatures();
        if (extras && history.featureCount() != featureNames.size())
            throw new IllegalArgumentException("model was trained with features " + featureNames + ", history has " + history.featureNames());
        int steps = query.horizon().steps();
        List<Instant> times = history.futureTimes(steps);
        double[] y = history.values();
        int origin = y.length - 1;
        double level = features.level(y, origin);
        float[] originPart = features.originPart(y, origin, level);
        int width = features.columns(extras ? featureNames.size() : 0);
        float[] data = new float[steps * width];
        for (int h = 1; h <= steps; h++) {
            double[] x = extras ? features.extras(history, origin, h, query.futureFeatures().get(h - 1)) : null;
            features.fill(data, h - 1, width, originPart, y, origin, h, level, times.get(h - 1), x);
        }
        BoosterTrees trees = extras ? extrasTrees : plainTrees;
        float[] out = trees != null ? trees.predict(data, steps, width) : Boosters.predict(extras ? withExtras : plain, data, steps, width);
        double[] means = new double[steps];
        for (int i = 0; i < steps; i++) means[i] = out[i] + level;
        return Forecast.ofMeans(times, means);
    }

    @Override
    public int minHistory() {
        return settings.lags();
    }

    @Override
    public Frequency frequency() {
        return frequency;
    }

    @Override
    public List<String> featureNames() {
        return featureNames;
    }

    /**
     * The trees of each booster (how many, the deepest), the settings as the series resolved them
     * ({@code lags}, {@code level_window}, {@code max_horizon} after its cap) and the feature
     * columns the trees split on; with extra feature columns, the same for the booster that reads them.
     */
    @Override
    public Map<String, String> fitted() {
        var out = new LinkedHashMap<String, String>();
        out.put("trees", Integer.toString(Boosters.rounds(plain)));
        if (plainTrees != null) out.put("deepest_tree", Integer.toString(plainTrees.depth()));
        out.put("max_depth", Integer.toString(settings.maxDepth()));
        out.put("lags", Integer.toString(settings.lags()));
        out.put("level_window", Integer.toString(settings.levelWindow()));
        out.put("max_horizon", Integer.toString(settings.maxHorizon()));
        out.put("seasonal_periods", Arrays.stream(periods).mapToObj(Integer::toString).collect(Collectors.joining(",")));
        out.put("columns", Integer.toString(features.columns(0)));
        out.put("features", describe(features.names(List.of())));
        if (withExtras != null) {
            out.put("extra_features", String.join(",", featureNames));
            out.put("trees_with_extra_features", Integer.toString(Boosters.rounds(withExtras)));
            if (extrasTrees != null) out.put("deepest_tree_with_extra_features", Integer.toString(extrasTrees.depth()));
            out.put("columns_with_extra_features", Integer.toString(features.columns(featureNames.size())));
        }
        return Collections.unmodifiableMap(out);
    }

    /** Column names, the lags (many and alike) as one range: {@code lag_0..lag_23, std_24, ...}. */
    private String describe(List<String> names) {
        int lags = settings.lags();
        String first = lags == 1 ? "lag_0" : "lag_0..lag_" + (lags - 1);
        var rest = names.subList(lags, names.size());
        return rest.isEmpty() ? first : first + ", " + String.join(", ", rest);
    }

    /** The resolved settings it was trained with. */
    XGBoostSettings settings() {
        return settings;
    }

    /**
     * Format 2: hyperparameters (every key), frequency, feature names, seasonal periods,
     * max_horizon, whether extras include their same-phase values (format 1 lacks it: no), then the plain booster and, when there are features, the one with extras
     * ({@code ubj} bytes each).
     */
    @Override
    public byte[] serialize() {
        int size = plainBytes.length + (extrasBytes == null ? 0 : extrasBytes.length) + 4096;
        return Artifacts.write(ALGORITHM, FORMAT_VERSION, size, out -> {
            Artifacts.writeHyperparameters(out, settings.asHyperparameters());
            out.writeUTF(frequency.toString());
            Artifacts.writeStrings(out, featureNames);
            Artifacts.writeInts(out, periods);
            out.writeInt(settings.maxHorizon());
            out.writeBoolean(referenceExtras);
            Artifacts.writeBytes(out, plainBytes);
            out.writeBoolean(extrasBytes != null);
            if (extrasBytes != null) Artifacts.writeBytes(out, extrasBytes);
        });
    }

    /** Reads what {@link #serialize()} wrote. */
    static XGBoostModel restore(byte[] bytes) {
        return Artifacts.read(bytes, ALGORITHM, FORMAT_VERSION, (in, version) -> {
            var params = Artifacts.readHyperparameters(in);
            var frequency = Frequency.parse(in.readUTF());
            var names = Artifacts.readStrings(in);
            int[] periods = Artifacts.readInts(in);
            int maxHorizon = in.readInt();
            boolean referenceExtras = version >= 2 && in.readBoolean();
            byte[] plain = Artifacts.readBytes(in);
            byte[] extras = in.readBoolean() ? Artifacts.readBytes(in) : null;
            var settings = XGBoostSettings.of(params, frequency).withMaxHorizon(maxHorizon);
            return new XGBoostModel(settings, frequency, names, periods, plain, extras, referenceExtras);
        });
    }
}
