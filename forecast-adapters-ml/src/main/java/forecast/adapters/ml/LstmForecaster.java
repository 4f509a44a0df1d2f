package forecast.adapters.ml;

import forecast.domain.forecasting.GlobalForecaster;
import forecast.domain.forecasting.HyperparameterSpec;
import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.forecasting.TrainedModel;
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
 * out, so that no training target overlaps a validation target (see {@link LstmWindows}).
 *
 * <p>Global ({@link forecast.domain.forecasting.Scope#GLOBAL}): the network learns from normalized
 * windows and calendar phases, not from one series' parameters, so {@link #fitGlobal} trains one
 * network on the windows of many series.
 */
final class LstmForecaster implements GlobalForecaster {
    private static final String FALLBACK_VERSION = "1.0.0-M2.1";

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

    /**
     * {@code window + 2 * max_horizon + 22}: 24 training and validation windows (20 and 4) beyond
     * the {@code max_horizon - 1} that separate the two (see {@link LstmSettings#minTrainingSize()}).
     */
    /**
     * 2,000 observations and twenty of the longest season (3,360 hourly): a recurrent network needs
     * many windows to learn anything the statistical families do not already capture, and its fit
     * costs minutes (289 s on test_data's 2,904 hours), so automatic choice tries it only where
     * there is that much to learn from.
     */
    @Override
    public int automaticMinimumLength(forecast.domain.series.Frequency frequency) {
        return Math.max(2_000, 20 * (frequency == null ? 1 : frequency.longestSeason()));
    }

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
        return fitted(List.of(series), frequency, settings, "in " + history);
    }

    /**
     * One network trained on the windows of every series, each cut and split into training and
     * validation windows as {@link #fit} does for one (see {@link LstmWindows}); one z-score over
     * the values of all series normalizes them. Series too short for a window add none; together
     * they must give as many windows as {@link #fit} needs from one. One series alone gives the
     * model {@link #fit} gives. Extra feature columns are not used, but must be the same in every
     * series, as the port asks.
     *
     * @throws IllegalArgumentException when the series differ in frequency or feature columns (the
     *                                  message names them), give too few windows, or a hyperparameter is invalid
     */
    @Override
    public TrainedModel fitGlobal(List<TimeSeries> series, Hyperparameters params) {
        var frequency = Panels.frequency(series);
        var settings = LstmSettings.of(params, frequency);
        var regular = series.stream().map(TimeSeries::regular).toList();
        return fitted(regular, frequency, settings, "in " + series.size() + " series");
    }

    private static LstmModel fitted(List<TimeSeries> series, Frequency frequency, LstmSettings settings, String where) {
        int[] periods = frequency.seasonalPeriods().stream().mapToInt(Integer::intValue).toArray();
        var inputs = new LstmInputs(frequency, periods, settings.window());
        var split = LstmWindows.of(series, inputs, settings, where);
        var outcome = LstmTraining.train(settings, inputs.features(), split.training(), split.validation());
        return new LstmModel(settings, frequency, periods, split.normalization(), outcome.network(), outcome.epochs(), outcome.validationMse());
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
