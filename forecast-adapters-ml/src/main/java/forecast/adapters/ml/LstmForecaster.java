package forecast.adapters.ml;

import forecast.domain.forecasting.Forecaster;
import forecast.domain.forecasting.HyperparameterSpec;
import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.forecasting.Scope;
import forecast.domain.forecasting.TrainedModel;
import forecast.domain.preprocessing.Normalization;
import forecast.domain.preprocessing.Windowing;
import forecast.domain.series.Frequency;
import forecast.domain.series.TimeSeries;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.cpu.nativecpu.CpuNDArrayFactory;

/**
 * A recurrent network (DL4J LSTM) with the direct multi-step strategy: from the last
 * {@code window} z-scored values, with the phase of each step in the frequency's seasonal
 * periods, one forward pass predicts the next {@code max_horizon} values (see {@link LstmInputs}
 * and {@link LstmModel}). Hyperparameters ({@link LstmSettings}): {@code units}, {@code layers},
 * {@code window}, {@code learning_rate}, {@code dropout}, {@code epochs}, {@code batch_size},
 * {@code patience}, {@code max_horizon} and {@code seed}. Extra feature columns are not used.
 *
 * <p>Training windows are every gap-free window of the series, in time order. The last 15% of
 * them (at least 2) validate: after each epoch their error decides early stopping, and the
 * parameters of the best epoch are kept. The {@code max_horizon - 1} windows before them are left
 * out, so that no training target overlaps a validation target.
 */
final class LstmForecaster implements Forecaster {
    private static final String FALLBACK_VERSION = "1.0.0-M2.1";
    private static final double VALIDATION_SHARE = 0.15;
    private static final int MIN_VALIDATION = 2;

    static {
        // DL4J and ND4J live on the class path (see module-info): read the unnamed module, as
        // --add-reads forecast.adapters.ml=ALL-UNNAMED would, so that no launcher has to pass it.
        // Every use of the LSTM classes goes through this class first.
        LstmForecaster.class.getModule().addReads(LstmForecaster.class.getClassLoader().getUnnamedModule());
    }

    @Override
    public String algorithm() {
        return LstmModel.ALGORITHM;
    }

    /** See {@link SearchSpaces#lstm}. */
    @Override
    public java.util.Map<String, forecast.domain.tuning.Distribution> searchSpace(TimeSeries series) {
        return SearchSpaces.lstm(series);
    }

    /**
     * The frequency-independent defaults; {@code window} and {@code max_horizon} follow the
     * series' frequency when not given (see {@link LstmSettings#of}).
     */
    @Override
    public Hyperparameters defaults() {
        return LstmSettings.DEFAULTS;
    }

    /** See {@link LstmSettings#SPECS}. */
    @Override
    public List<HyperparameterSpec> hyperparameters() {
        return LstmSettings.SPECS;
    }

    /** The network learns from normalized windows and calendar phases, not from one series' parameters, so series can share it. */
    @Override
    public Scope scope() {
        return Scope.GLOBAL;
    }

    /**
     * {@code window + 2 * max_horizon + 22}: 24 training and validation windows (20 and 4) beyond
     * the {@code max_horizon - 1} that separate the two (see {@link LstmSettings#minTrainingSize()}).
     */
    @Override
    public int minTrainingSize(TimeSeries series, Hyperparameters params) {
        return LstmSettings.of(params, frequencyOf(series)).minTrainingSize();
    }

    @Override
    public TrainedModel fit(TimeSeries history, Hyperparameters params) {
        var frequency = frequencyOf(history);
        var settings = LstmSettings.of(params, frequency);
        var series = history.regular();
        if (series.size() < settings.minTrainingSize())
            throw new IllegalArgumentException("lstm with window " + settings.window() + " and max_horizon " + settings.maxHorizon()
                    + " needs at least " + settings.minTrainingSize() + " observations, got " + series.size());
        int[] periods = frequency.seasonalPeriods().stream().mapToInt(Integer::intValue).toArray();
        var normalization = Normalization.fit(Normalization.Kind.Z_SCORE, series.values());
        double[] z = normalization.transform(series.values());
        var rows = Windowing.of(settings.window(), settings.maxHorizon()).rows(z);
        var inputs = new LstmInputs(frequency, periods, settings.window());
        // the share is of the windows that can be told apart: the H - 1 before validation are dropped
        int separable = Math.max(0, rows.size() - (settings.maxHorizon() - 1));
        int validation = Math.max(MIN_VALIDATION, (int) Math.round(VALIDATION_SHARE * separable));
        int firstValidation = rows.size() - validation;
        int training = 0;
        while (training < firstValidation && rows.start(training) + settings.maxHorizon() <= rows.start(firstValidation)) training++;
        if (firstValidation < 1 || training < LstmSettings.MIN_WINDOWS / 2)
            throw new IllegalArgumentException("lstm found only " + rows.size() + " windows of " + (settings.window() + settings.maxHorizon())
                    + " observed values in " + history + "; impute gaps or lower window or max_horizon");
        var outcome = LstmTraining.train(settings, inputs.features(),
                samples(series, z, rows, 0, training, inputs, settings.maxHorizon()),
                samples(series, z, rows, firstValidation, rows.size(), inputs, settings.maxHorizon()));
        return new LstmModel(settings, frequency, periods, normalization, outcome.network(), outcome.epochs(), outcome.validationMse());
    }

    /** Rows {@code [from, to)} as network inputs and targets relative to each window's anchor. */
    private static LstmTraining.Samples samples(TimeSeries series, double[] z, Windowing.Rows rows, int from, int to,
                                                LstmInputs inputs, int horizon) {
        int n = to - from;
        int window = inputs.window();
        float[] x = new float[n * inputs.sampleSize()];
        float[] y = new float[n * horizon];
        for (int i = 0; i < n; i++) {
            int start = rows.start(from + i);
            double anchor = inputs.anchor(z, start);
            inputs.fill(x, i, z, start, anchor, series.time(start));
            for (int h = 0; h < horizon; h++) y[i * horizon + h] = (float) (z[start + window + h] - anchor);
        }
        return new LstmTraining.Samples(x, y, n, inputs.sampleSize(), horizon);
    }

    @Override
    public TrainedModel restore(byte[] bytes) {
        return LstmModel.restore(bytes);
    }

    /** Read from the jars' Maven properties: their manifests name no version. */
    @Override
    public Map<String, String> libraries() {
        return Map.of(
                "deeplearning4j", Libraries.version(MultiLayerNetwork.class, "/META-INF/maven/org.deeplearning4j/deeplearning4j-nn/pom.properties", FALLBACK_VERSION),
                "nd4j-native", Libraries.version(CpuNDArrayFactory.class, "/META-INF/maven/org.nd4j/nd4j-native/pom.properties", FALLBACK_VERSION));
    }

    private static Frequency frequencyOf(TimeSeries series) {
        if (series.frequency() == null) throw new IllegalArgumentException("a series of one observation has no frequency; declare one");
        return series.frequency();
    }
}
