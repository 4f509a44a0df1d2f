package forecast.adapters.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The Java evaluation of a booster's trees answers what XGBoost itself answers, to the bit: real
 * boosters trained by XGBoost4J on data with missing values and repeated values (so that rows land
 * exactly on split conditions), asked about rows with NaN, infinities and values off the training
 * range, one row at a time and in blocks.
 */
class BoosterTreesTest {
    static Booster train(Random random, int rows, int width, int depth, int rounds, double missing) throws XGBoostError {
        float[] x = new float[rows * width];
        float[] y = new float[rows];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < width; j++)
                x[i * width + j] = random.nextDouble() < missing ? Float.NaN : (float) (Math.round(random.nextGaussian() * 8) / 4.0);
            float a = Float.isNaN(x[i * width]) ? 0 : x[i * width];
            float b = width > 1 && !Float.isNaN(x[i * width + 1]) ? x[i * width + 1] : -1;
            y[i] = (float) (100 + 3 * a + a * b + 2 * Math.sin(b) + random.nextGaussian());
        }
        var matrix = new DMatrix(x, rows, width, Float.NaN);
        try {
            matrix.setLabel(y);
            Map<String, Object> params = new HashMap<>(Map.of("objective", "reg:squarederror", "tree_method", "hist", "max_depth", depth,
                    "eta", 0.1, "subsample", 0.8, "seed", 3, "nthread", 1, "verbosity", 0));
            return XGBoost.train(matrix, params, rounds, Map.of(), null, null);
        } finally {
            matrix.dispose();
        }
    }

    /** Rows like the training data, with NaN, infinities and values beyond the training range mixed in. */
    static float[] queries(Random random, int rows, int width) {
        float[] q = new float[rows * width];
        for (int i = 0; i < q.length; i++) {
            double u = random.nextDouble();
            q[i] = u < 0.1 ? Float.NaN : u < 0.12 ? Float.POSITIVE_INFINITY : u < 0.14 ? Float.NEGATIVE_INFINITY
                    : u < 0.2 ? (float) (random.nextGaussian() * 100) : (float) (Math.round(random.nextGaussian() * 8) / 4.0);
        }
        return q;
    }

    @ParameterizedTest(name = "depth {0}, {1} rounds, {2} features, missing {3}")
    @CsvSource({"1, 5, 1, 0.0", "3, 40, 4, 0.1", "6, 300, 12, 0.05", "10, 60, 30, 0.3"})
    void predictsExactlyWhatTheBoosterPredicts(int depth, int rounds, int width, double missing) throws XGBoostError {
        var random = new Random(depth * 31L + rounds);
        var booster = train(random, 3000, width, depth, rounds, missing);
        var trees = BoosterTrees.of(Boosters.toJson(booster)).orElseThrow();
        assertEquals(width, trees.width());
        for (int block : new int[] {1, 24, 100, 1000}) {
            float[] q = queries(random, block, width);
            float[][] expected = booster.inplace_predict(q, block, width, Float.NaN);
            float[] got = trees.predict(q, block, width);
            for (int r = 0; r < block; r++)
                assertEquals(Float.floatToRawIntBits(expected[r][0]), Float.floatToRawIntBits(got[r]),
                        "row " + r + " of a block of " + block + ": booster " + expected[r][0] + ", trees " + got[r]);
        }
        booster.dispose();
    }

    @Test
    void modelsItDoesNotEvaluateAreLeftToTheBooster() throws XGBoostError {
        var random = new Random(5);
        float[] x = new float[400];
        float[] y = new float[200];
        for (int i = 0; i < 200; i++) {
            x[2 * i] = random.nextInt(3);
            x[2 * i + 1] = (float) random.nextGaussian();
            y[i] = random.nextBoolean() ? 1 : 0;
        }
        var matrix = new DMatrix(x, 200, 2, Float.NaN);
        matrix.setLabel(y);
        var logistic = XGBoost.train(matrix, new HashMap<>(Map.of("objective", "binary:logistic", "nthread", 1, "verbosity", 0)), 5, Map.of(), null, null);
        assertTrue(BoosterTrees.of(Boosters.toJson(logistic)).isEmpty(), "a logistic link transforms the margin");
        String json = new String(Boosters.toJson(train(random, 200, 2, 2, 3, 0)), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(BoosterTrees.of(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)).isPresent());
        assertTrue(json.contains("\"name\":\"gbtree\""), json.substring(0, 200));
        assertTrue(BoosterTrees.of(json.replace("\"name\":\"gbtree\"", "\"name\":\"dart\"").getBytes(java.nio.charset.StandardCharsets.UTF_8)).isEmpty(),
                "DART weighs its trees");
        assertTrue(BoosterTrees.of(json.replace("\"split_type\":[0", "\"split_type\":[1").getBytes(java.nio.charset.StandardCharsets.UTF_8)).isEmpty(),
                "a categorical split");
        matrix.dispose();
        assertThrows(IllegalArgumentException.class, () -> BoosterTrees.of("{\"learner\": 3".getBytes()));
    }

    @Test
    void aRowOfTheWrongWidthIsRefused() throws XGBoostError {
        var trees = BoosterTrees.of(Boosters.toJson(train(new Random(1), 200, 3, 2, 3, 0))).orElseThrow();
        assertThrows(IllegalArgumentException.class, () -> trees.predict(new float[4], 1, 4));
    }
}
