package forecast.adapters.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.series.Frequency;
import java.util.Arrays;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.factory.Nd4j;

/** The plain-Java forward pass against DL4J's own, on randomly initialised networks. */
class LstmNetworkTest {
    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void forwardPassMatchesDl4j(int layers) {
        var settings = LstmSettings.of(Hyperparameters.of("units", "7", "layers", Integer.toString(layers),
                "window", "10", "max_horizon", "5", "seed", "3"), Frequency.HOURLY);
        int features = 3;
        var net = new MultiLayerNetwork(LstmTraining.configuration(settings, features));
        net.init();
        var random = new Random(1);
        // larger weights than the initialisation's, so that every gate saturates somewhere
        float[] params = net.params().toFloatVector();
        for (int i = 0; i < params.length; i++) params[i] = (float) random.nextGaussian();
        net.setParams(Nd4j.create(params, new long[] {1, params.length}, 'c'));
        var plain = new LstmNetwork(LstmTraining.toBytes(net));
        assertEquals(5, plain.horizon());
        int samples = 20;
        float[] data = new float[samples * features * 10];
        for (int i = 0; i < data.length; i++) data[i] = (float) (2 * random.nextGaussian());
        float[][] expected = net.output(Nd4j.create(data, new long[] {samples, features, 10}, 'c'), false).toFloatMatrix();
        for (int s = 0; s < samples; s++) {
            float[] one = Arrays.copyOfRange(data, s * features * 10, (s + 1) * features * 10);
            float[] actual = plain.output(one, features, 10);
            for (int h = 0; h < 5; h++) assertEquals(expected[s][h], actual[h], 1e-4 * Math.max(1, Math.abs(expected[s][h])), "sample " + s + " step " + h);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 4})
    void refusesInputOfAnotherShape(int features) {
        var settings = LstmSettings.of(Hyperparameters.of("units", "4", "window", "6", "max_horizon", "2"), Frequency.HOURLY);
        var net = new MultiLayerNetwork(LstmTraining.configuration(settings, 3));
        net.init();
        var plain = new LstmNetwork(LstmTraining.toBytes(net));
        assertThrows(IllegalArgumentException.class, () -> plain.output(new float[features * 6], features, 6));
    }
}
