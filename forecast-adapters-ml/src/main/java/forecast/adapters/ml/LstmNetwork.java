package forecast.adapters.ml;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A trained network's forward pass in plain Java, with the parameters read from its DL4J
 * {@link ModelSerializer} bytes. Immutable, so any number of threads may call {@link #output}.
 *
 * <p>Why not {@link MultiLayerNetwork#output}: ND4J runs an LSTM step by step as some twenty
 * small native operations, each with tens of microseconds of fixed cost, so one forecast from a
 * 48-step window took 5-10 ms whatever the batch size (a horizon of 100, five passes, 40-80 ms);
 * this loop does the same arithmetic in about 0.1 ms. The network also keeps each call's
 * activations in its fields, so it would need a lock or one copy per thread. The equations are
 * DL4J's {@code LSTMHelpers} for an LSTM without peepholes: the gate pre-activations
 * {@code z = x W + h RW + b} hold, in blocks of {@code units}, the block input (tanh), the forget
 * gate, the output gate and the input gate (sigmoid); {@code c = f c + i a} and
 * {@code h = o tanh(c)}. A test holds the result to DL4J's own output.
 */
final class LstmNetwork {
    /** One LSTM layer: weights row-major, {@code w[in][4 * units]} and {@code rw[units][4 * units]}. */
    private record Layer(int in, int units, float[] w, float[] rw, float[] b) {}

    private final Layer[] layers;
    private final float[] outW; // [units][horizon]
    private final float[] outB;
    private final int horizon;

    /** @throws IllegalArgumentException when {@code bytes} are not a network of LSTM layers and a dense output */
    LstmNetwork(byte[] bytes) {
        MultiLayerNetwork net;
        try {
            net = ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(bytes), false);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a loadable DL4J network: " + e.getMessage(), e);
        }
        Map<String, INDArray> params = net.paramTable();
        int count = net.getnLayers();
        if (count < 2) throw new IllegalArgumentException("expected LSTM layers and an output layer, got " + count + " layers");
        layers = new Layer[count - 1];
        for (int i = 0; i < layers.length; i++) {
            INDArray w = param(params, i, "W");
            INDArray rw = param(params, i, "RW");
            int in = (int) w.size(0);
            int units = (int) rw.size(0);
            if (w.size(1) != 4L * units || rw.size(1) != 4L * units)
                throw new IllegalArgumentException("layer " + i + " is not an LSTM without peepholes: W " + w.shapeInfoToString() + ", RW " + rw.shapeInfoToString());
            layers[i] = new Layer(in, units, flat(w), flat(rw), flat(param(params, i, "b")));
        }
        INDArray ow = param(params, count - 1, "W");
        horizon = (int) ow.size(1);
        outW = flat(ow);
        outB = flat(param(params, count - 1, "b"));
    }

    /** The cells of each LSTM layer, first layer first. */
    int[] units() {
        int[] out = new int[layers.length];
        for (int i = 0; i < out.length; i++) out[i] = layers[i].units();
        return out;
    }

    /** The trained parameters: every layer's weights, recurrent weights and biases, and the output layer's. */
    long parameters() {
        long n = outW.length + outB.length;
        for (Layer l : layers) n += l.w().length + l.rw().length + l.b().length;
        return n;
    }

    /** Values one forward pass predicts. */
    int horizon() {
        return horizon;
    }

    /**
     * The output for one input of {@code features} x {@code window} floats in {@link LstmInputs}'
     * layout ({@code [feature][step]}); a new array owned by the caller.
     */
    float[] output(float[] input, int features, int window) {
        if (features != layers[0].in() || input.length != features * window)
            throw new IllegalArgumentException("input of " + features + " x " + window + " does not fit a network with " + layers[0].in() + " input features");
        float[][] sequence = new float[window][features];
        for (int f = 0; f < features; f++) for (int t = 0; t < window; t++) sequence[t][f] = input[f * window + t];
        for (Layer layer : layers) sequence = run(layer, sequence);
        float[] h = sequence[window - 1];
        float[] out = outB.clone();
        for (int k = 0; k < h.length; k++) {
            float hk = h[k];
            int row = k * horizon;
            for (int j = 0; j < horizon; j++) out[j] += hk * outW[row + j];
        }
        return out;
    }

    /** The layer's hidden state after each step. */
    private static float[][] run(Layer layer, float[][] inputs) {
        int u = layer.units();
        float[] c = new float[u];
        float[] h = new float[u];
        float[] z = new float[4 * u];
        float[][] out = new float[inputs.length][];
        for (int t = 0; t < inputs.length; t++) {
            System.arraycopy(layer.b(), 0, z, 0, 4 * u);
            accumulate(z, inputs[t], layer.w());
            accumulate(z, h, layer.rw());
            float[] next = new float[u];
            for (int k = 0; k < u; k++) {
                double a = tanh(z[k]);
                double f = sigmoid(z[u + k]);
                double o = sigmoid(z[2 * u + k]);
                double i = sigmoid(z[3 * u + k]);
                c[k] = (float) (f * c[k] + i * a);
                next[k] = (float) (o * tanh(c[k]));
            }
            h = next;
            out[t] = next;
        }
        return out;
    }

    /** {@code z += x M} for {@code M} row-major with {@code z.length} columns. */
    private static void accumulate(float[] z, float[] x, float[] m) {
        int width = z.length;
        for (int k = 0; k < x.length; k++) {
            float xk = x[k];
            if (xk == 0) continue;
            int row = k * width;
            for (int j = 0; j < width; j++) z[j] += xk * m[row + j];
        }
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /** {@code 2 sigmoid(2x) - 1}: Math.exp is an intrinsic, Math.tanh is not and took half the pass. */
    private static double tanh(double x) {
        return 2 / (1 + Math.exp(-2 * x)) - 1;
    }

    private static INDArray param(Map<String, INDArray> params, int layer, String name) {
        INDArray p = params.get(layer + "_" + name);
        if (p == null) throw new IllegalArgumentException("network has no parameter " + layer + "_" + name + "; it has " + params.keySet());
        return p;
    }

    /** Row-major copy. */
    private static float[] flat(INDArray a) {
        return a.dup('c').reshape(a.length()).toFloatVector();
    }
}
