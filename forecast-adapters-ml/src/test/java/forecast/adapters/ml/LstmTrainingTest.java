package forecast.adapters.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.series.Frequency;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LstmTrainingTest {
    @Test
    void stopsWhenTheValidationErrorStopsImprovingAndKeepsTheBestEpoch() {
        // noise targets: nothing to learn, so the validation error soon stops improving
        var settings = LstmSettings.of(Hyperparameters.of("units", "4", "window", "6", "max_horizon", "2",
                "epochs", "200", "patience", "3", "learning_rate", "0.05", "batch_size", "16"), Frequency.HOURLY);
        var random = new Random(9);
        var training = noise(random, 64, 3 * 6, 2);
        var validation = noise(random, 16, 3 * 6, 2);
        var outcome = LstmTraining.train(settings, 3, training, validation);
        assertTrue(outcome.epochs() < 200, "ran all " + outcome.epochs() + " epochs");
        // the kept parameters are those of the best epoch: their validation error is the one reported
        var network = new LstmNetwork(outcome.network());
        double sum = 0;
        for (int i = 0; i < validation.count(); i++) {
            float[] x = Arrays.copyOfRange(validation.inputs(), i * 18, (i + 1) * 18);
            float[] y = network.output(x, 3, 6);
            for (int h = 0; h < 2; h++) sum += Math.pow(y[h] - validation.targets()[2 * i + h], 2);
        }
        assertEquals(outcome.validationMse(), sum / (2 * validation.count()), 1e-4);
        var again = LstmTraining.train(settings, 3, training, validation);
        assertEquals(outcome.epochs(), again.epochs());
        assertArrayEquals(network.output(new float[18], 3, 6), new LstmNetwork(again.network()).output(new float[18], 3, 6));
    }

    private static LstmTraining.Samples noise(Random random, int count, int sampleSize, int horizon) {
        float[] x = new float[count * sampleSize];
        float[] y = new float[count * horizon];
        for (int i = 0; i < x.length; i++) x[i] = (float) random.nextGaussian();
        for (int i = 0; i < y.length; i++) y[i] = (float) random.nextGaussian();
        return new LstmTraining.Samples(x, y, count, sampleSize, horizon);
    }
}
