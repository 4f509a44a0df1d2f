package forecast.adapters.ml;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * The XGBoost4J calls, in one place: training, single-threaded dense prediction and the
 * {@code ubj} byte format. Native failures become {@link IllegalStateException}s: they are
 * infrastructure errors, not a caller's mistake.
 */
final class Boosters {
    /** Binary JSON loads in a few milliseconds; text JSON takes 30-40 ms. */
    private static final String FORMAT = "ubj";

    private Boosters() {}

    static Booster train(TrainingSet set, XGBoostSettings settings) {
        DMatrix matrix = null;
        try {
            matrix = new DMatrix(set.data(), set.rows(), set.width(), Float.NaN);
            matrix.setLabel(set.labels());
            return ready(XGBoost.train(matrix, settings.boosterParams(), settings.rounds(), Map.of(), null, null), set.width());
        } catch (XGBoostError e) {
            throw new IllegalStateException("XGBoost training failed: " + e.getMessage(), e);
        } finally {
            if (matrix != null) matrix.dispose();
        }
    }

    /**
     * Predictions for {@code rows} rows of {@code width} values, row-major; {@code NaN} is missing.
     * Safe to call from many threads on one booster: in-place prediction keeps no shared state.
     */
    static float[] predict(Booster booster, float[] data, int rows, int width) {
        try {
            float[][] out = booster.inplace_predict(data, rows, width, Float.NaN);
            float[] flat = new float[rows];
            for (int i = 0; i < rows; i++) flat[i] = out[i][0];
            return flat;
        } catch (XGBoostError e) {
            throw new IllegalStateException("XGBoost prediction failed: " + e.getMessage(), e);
        }
    }

    /** The boosting rounds the booster holds: one tree each for a regression. */
    static int rounds(Booster booster) {
        try {
            return booster.getNumBoostedRound();
        } catch (XGBoostError e) {
            throw new IllegalStateException("XGBoost could not count a booster's rounds: " + e.getMessage(), e);
        }
    }

    /** The booster in XGBoost's JSON model format (what {@link BoosterTrees} reads). */
    static byte[] toJson(Booster booster) {
        try {
            return booster.toByteArray("json");
        } catch (XGBoostError e) {
            throw new IllegalStateException("XGBoost could not write a booster as JSON: " + e.getMessage(), e);
        }
    }

    static byte[] toBytes(Booster booster) {
        try {
            return booster.toByteArray(FORMAT);
        } catch (XGBoostError e) {
            throw new IllegalStateException("XGBoost could not serialize a booster: " + e.getMessage(), e);
        }
    }

    static Booster fromBytes(byte[] bytes, int width) {
        try {
            return ready(XGBoost.loadModel(bytes), width);
        } catch (XGBoostError | IOException e) {
            throw new IllegalArgumentException("not a loadable XGBoost booster: " + e.getMessage(), e);
        }
    }

    /**
     * Pins the booster to one thread (the setting is not saved with the model) and runs one
     * prediction, so that the learner's lazy configuration happens before threads share it.
     */
    private static Booster ready(Booster booster, int width) throws XGBoostError {
        booster.setParam("nthread", 1);
        float[] blank = new float[width];
        Arrays.fill(blank, Float.NaN);
        booster.inplace_predict(blank, 1, width, Float.NaN);
        return booster;
    }
}
