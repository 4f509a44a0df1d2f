package forecast.adapters.ml;

import forecast.domain.forecasting.Forecast;
import forecast.domain.forecasting.ForecastQuery;
import forecast.domain.forecasting.TrainedModel;
import forecast.domain.preprocessing.Imputation;
import forecast.domain.preprocessing.Normalization;
import forecast.domain.series.Frequency;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A fitted LSTM: the z-score normalization of its training series (one over all of them for a
 * global fit), the seasonal periods of its phase inputs and the network, which predicts
 * {@code max_horizon} normalized steps from the last {@code window} values in one forward pass.
 * Longer horizons are forecast recursively: the forecast so far is appended to the history and
 * the next {@code max_horizon} steps are predicted from the latest window, so errors compound
 * beyond the first block. Point forecasts only: intervals come from backtest residuals. The
 * network is loaded from the bytes that {@link #serialize()} writes, so a restored model predicts
 * exactly what the fitted one did.
 */
final class LstmModel implements TrainedModel {
    static final String ALGORITHM = "lstm";
    /** 2 added how training went: the epochs run and the best validation error. */
    private static final int FORMAT_VERSION = 2;
    /** What a model restored from format 1 knows of its training. */
    private static final int UNKNOWN_EPOCHS = -1;

    private final LstmSettings settings;
    private final Frequency frequency;
    private final int[] periods;
    private final Normalization normalization;
    private final byte[] networkBytes;
    private final LstmInputs inputs;
    private final LstmNetwork network;
    private final int epochsRun;
    private final double validationMse;

    /**
     * @param epochsRun     the epochs training ran before it stopped ({@link #UNKNOWN_EPOCHS} when not known)
     * @param validationMse the best epoch's validation error on the normalized scale (NaN when not known)
     */
    LstmModel(LstmSettings settings, Frequency frequency, int[] periods, Normalization normalization, byte[] networkBytes,
              int epochsRun, double validationMse) {
        this.epochsRun = epochsRun;
        this.validationMse = validationMse;
        this.settings = settings;
        this.frequency = frequency;
        this.periods = periods.clone();
        this.normalization = normalization;
        this.networkBytes = networkBytes;
        this.inputs = new LstmInputs(frequency, periods, settings.window());
        this.network = new LstmNetwork(networkBytes);
        if (network.horizon() != settings.maxHorizon())
            throw new IllegalArgumentException("network predicts " + network.horizon() + " steps, settings say max_horizon " + settings.maxHorizon());
    }

    @Override
    public String algorithm() {
        return ALGORITHM;
    }

    /**
     * Reads the last {@code window} values of the history; gaps among them are filled linearly
     * (leading ones with the first observed value). Extra feature columns are ignored.
     * Thread-safe: nothing is shared between calls but the immutable {@link LstmNetwork}.
     */
    @Override
    public Forecast predict(ForecastQuery query) {
        int window = settings.window();
        // the recent rows only (a long history costs nothing more), with a margin before the
        // window so that a gap at its start is interpolated, not extended
        var history = query.history().tail(2 * window).regular();
        Histories.requireFrequency(history, frequency);
        if (history.size() < window) throw new IllegalArgumentException("lstm needs the last " + window + " values to forecast, got " + history.size());
        int steps = query.horizon().steps();
        List<Instant> times = history.futureTimes(steps);
        int tail = history.size();
        double[] known = Imputation.LINEAR.fill(history.values(), 1);
        double[] z = Arrays.copyOf(normalization.transform(known), tail + steps);
        Instant lastKnown = history.lastTime();
        float[] data = new float[inputs.sampleSize()];
        for (int done = 0; done < steps; ) {
            int from = tail + done - window;
            double anchor = inputs.anchor(z, from);
            inputs.fill(data, 0, z, from, anchor, frequency.plus(lastKnown, from - tail + 1));
            float[] out = network.output(data, inputs.features(), window);
            int block = Math.min(out.length, steps - done);
            for (int h = 0; h < block; h++) z[tail + done + h] = anchor + out[h];
            done += block;
        }
        return Forecast.ofMeans(times, normalization.inverse(Arrays.copyOfRange(z, tail, tail + steps)));
    }

    @Override
    public int minHistory() {
        return settings.window();
    }

    @Override
    public Frequency frequency() {
        return frequency;
    }

    /** None: the network reads the series' own values and the calendar phase only. */
    @Override
    public List<String> featureNames() {
        return List.of();
    }

    LstmSettings settings() {
        return settings;
    }

    /**
     * The network's shape ({@code layers}, {@code units} per layer, {@code window},
     * {@code max_horizon} outputs, {@code input_features} per step, {@code parameters}), how
     * training went ({@code epochs_run} of at most {@code epochs}, the best {@code validation_mse}
     * on the normalized scale; absent for a model saved before they were kept) and the normalization.
     */
    @Override
    public Map<String, String> fitted() {
        var out = new LinkedHashMap<String, String>();
        int[] units = network.units();
        out.put("layers", Integer.toString(units.length));
        out.put("units", Arrays.stream(units).mapToObj(Integer::toString).collect(Collectors.joining(",")));
        out.put("window", Integer.toString(settings.window()));
        out.put("max_horizon", Integer.toString(network.horizon()));
        out.put("input_features", Integer.toString(inputs.features()));
        out.put("parameters", Long.toString(network.parameters()));
        if (epochsRun != UNKNOWN_EPOCHS) out.put("epochs_run", Integer.toString(epochsRun));
        out.put("epochs", Integer.toString(settings.epochs()));
        if (Double.isFinite(validationMse)) out.put("validation_mse", Double.toString(validationMse));
        out.put("normalization", normalization.toString());
        return Collections.unmodifiableMap(out);
    }

    Normalization normalization() {
        return normalization;
    }

    /**
     * Format 2: hyperparameters (every key), frequency, seasonal periods, normalization (its exact
     * text form), the network as DL4J {@code ModelSerializer} bytes (without updater state), then
     * the epochs run and the best validation error (format 1 ends with the network).
     */
    @Override
    public byte[] serialize() {
        return Artifacts.write(ALGORITHM, FORMAT_VERSION, networkBytes.length + 1024, out -> {
            Artifacts.writeHyperparameters(out, settings.asHyperparameters());
            out.writeUTF(frequency.toString());
            Artifacts.writeInts(out, periods);
            out.writeUTF(normalization.toString());
            Artifacts.writeBytes(out, networkBytes);
            out.writeInt(epochsRun);
            out.writeDouble(validationMse);
        });
    }

    /** Reads what {@link #serialize()} wrote. */
    static LstmModel restore(byte[] bytes) {
        return Artifacts.read(bytes, ALGORITHM, FORMAT_VERSION, (in, version) -> {
            var params = Artifacts.readHyperparameters(in);
            var frequency = Frequency.parse(in.readUTF());
            int[] periods = Artifacts.readInts(in);
            var normalization = Normalization.parse(in.readUTF());
            byte[] network = Artifacts.readBytes(in);
            int epochsRun = version >= 2 ? in.readInt() : UNKNOWN_EPOCHS;
            double validationMse = version >= 2 ? in.readDouble() : Double.NaN;
            return new LstmModel(LstmSettings.of(params, frequency), frequency, periods, normalization, network, epochsRun, validationMse);
        });
    }
}
