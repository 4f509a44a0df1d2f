package forecast.adapters.ml;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Builds and trains the network with DL4J: {@code layers} LSTM layers, the last one reduced to its
 * final time step, and a linear output of {@code max_horizon} values (the direct multi-step
 * strategy). Adam with element-wise gradient clipping; minibatches in an order shuffled by the
 * seed; early stopping on the validation windows, keeping the parameters of the best epoch.
 * Single-threaded and deterministic for a given seed (with {@code OMP_NUM_THREADS=1}).
 */
final class LstmTraining {
    private static final System.Logger LOG = System.getLogger(LstmTraining.class.getName());

    private LstmTraining() {}

    /**
     * Samples in {@link LstmInputs}' layout: {@code count} inputs of {@code sampleSize} floats and
     * targets of {@code horizon} floats each.
     */
    record Samples(float[] inputs, float[] targets, int count, int sampleSize, int horizon) {}

    /** What training produced: the network as {@link ModelSerializer} bytes and how it went. */
    record Outcome(byte[] network, int epochs, double validationMse) {}

    static Outcome train(LstmSettings settings, int features, Samples training, Samples validation) {
        var net = new MultiLayerNetwork(configuration(settings, features));
        net.init();
        var random = new Random(settings.seed());
        int[] order = new int[training.count()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        INDArray validationInputs = inputs(validation, features, settings.window());
        double best = Double.POSITIVE_INFINITY;
        INDArray bestParams = null;
        int epochs = 0;
        int sinceBest = 0;
        while (epochs < settings.epochs() && sinceBest < settings.patience()) {
            epochs++;
            shuffle(order, random);
            for (int from = 0; from < order.length; from += settings.batchSize()) {
                int to = Math.min(order.length, from + settings.batchSize());
                net.fit(batch(training, order, from, to, features, settings.window()));
            }
            double mse = mse(net.output(validationInputs, false), validation);
            if (mse < best) {
                best = mse;
                bestParams = net.params().dup();
                sinceBest = 0;
            } else {
                sinceBest++;
            }
        }
        if (bestParams == null)
            throw new IllegalArgumentException("lstm training diverged (validation error " + best + "); lower hyperparameter learning_rate: " + settings.learningRate());
        net.setParams(bestParams);
        LOG.log(System.Logger.Level.DEBUG, "lstm trained {0} epochs on {1} windows; best validation MSE {2} (normalized units)",
                epochs, training.count(), best);
        return new Outcome(toBytes(net), epochs, best);
    }

    static MultiLayerConfiguration configuration(LstmSettings s, int features) {
        var list = new NeuralNetConfiguration.Builder()
                .seed(s.seed())
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.XAVIER)
                .updater(new Adam(s.learningRate()))
                .gradientNormalization(GradientNormalization.ClipElementWiseAbsoluteValue)
                .gradientNormalizationThreshold(1.0)
                .trainingWorkspaceMode(WorkspaceMode.ENABLED)
                // workspaces are per thread: serving threads are short-lived (virtual), so a
                // workspace would be set up per request; plain allocation is cheaper for these sizes
                .inferenceWorkspaceMode(WorkspaceMode.NONE)
                .list();
        for (int i = 0; i < s.layers(); i++) {
            var lstm = new LSTM.Builder().nOut(s.units()).activation(Activation.TANH);
            // DL4J's dropOut(p) takes the probability of keeping an input
            if (i > 0 && s.dropout() > 0) lstm.dropOut(1 - s.dropout());
            list.layer(i == s.layers() - 1 ? new LastTimeStep(lstm.build()) : lstm.build());
        }
        var output = new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(s.maxHorizon()).activation(Activation.IDENTITY);
        if (s.dropout() > 0) output.dropOut(1 - s.dropout());
        list.layer(output.build());
        return list.setInputType(InputType.recurrent(features, s.window())).build();
    }

    static INDArray inputs(Samples s, int features, int window) {
        return Nd4j.create(s.inputs(), new long[] {s.count(), features, window}, 'c');
    }

    private static DataSet batch(Samples s, int[] order, int from, int to, int features, int window) {
        int n = to - from;
        float[] x = new float[n * s.sampleSize()];
        float[] y = new float[n * s.horizon()];
        for (int i = 0; i < n; i++) {
            int r = order[from + i];
            System.arraycopy(s.inputs(), r * s.sampleSize(), x, i * s.sampleSize(), s.sampleSize());
            System.arraycopy(s.targets(), r * s.horizon(), y, i * s.horizon(), s.horizon());
        }
        return new DataSet(Nd4j.create(x, new long[] {n, features, window}, 'c'), Nd4j.create(y, new long[] {n, s.horizon()}, 'c'));
    }

    private static double mse(INDArray predicted, Samples s) {
        float[][] p = predicted.toFloatMatrix();
        double sum = 0;
        for (int i = 0; i < s.count(); i++) {
            for (int h = 0; h < s.horizon(); h++) {
                double d = p[i][h] - s.targets()[i * s.horizon() + h];
                sum += d * d;
            }
        }
        double mse = sum / ((double) s.count() * s.horizon());
        return Double.isFinite(mse) ? mse : Double.POSITIVE_INFINITY;
    }

    private static void shuffle(int[] a, Random random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** Without the updater's state: a served model is not trained further. */
    static byte[] toBytes(MultiLayerNetwork net) {
        var out = new ByteArrayOutputStream(64 * 1024);
        try {
            ModelSerializer.writeModel(net, out, false);
        } catch (IOException e) {
            throw new UncheckedIOException("writing a network to memory failed", e);
        }
        return out.toByteArray();
    }
}
