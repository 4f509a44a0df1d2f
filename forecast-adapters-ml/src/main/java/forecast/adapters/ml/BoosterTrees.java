package forecast.adapters.ml;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The trees of an XGBoost regression booster, evaluated in Java with XGBoost's own arithmetic:
 * from the base score, each tree's leaf value is added in float, tree after tree, as XGBoost's CPU
 * predictor does; a split sends a value below its condition left, a missing value (NaN) its
 * default way. The answers are the booster's to the bit (a test holds them to
 * {@code Booster.inplace_predict}).
 *
 * <p>Why: a forecast asks for one small block of rows (one per horizon step). XGBoost's predictor
 * then spends most of its call walking every tree to size its array layouts, which pay off only on
 * large batches; under load that was half of the server's CPU. Here a block costs the nodes it
 * visits. Models this does not cover (categorical splits, several targets or classes, DART,
 * objectives that transform the margin) are left to the booster ({@link #of} is empty).
 */
final class BoosterTrees {
    private static final JsonFactory JSON = new JsonFactory();
    /** Bit 30 of a split's first word: a missing value goes left. */
    private static final int DEFAULT_LEFT = 1 << 30;
    private static final int FEATURE = DEFAULT_LEFT - 1;

    private final float base;
    private final int[] roots;
    /**
     * Four words a node: feature (with {@link #DEFAULT_LEFT}), or -1 for a leaf; the condition's (or
     * leaf value's) float bits; the left and the right child's node index.
     */
    private final int[] nodes;
    private final int width;

    private BoosterTrees(float base, int[] roots, int[] nodes, int width) {
        this.base = base;
        this.roots = roots;
        this.nodes = nodes;
        this.width = width;
    }

    /**
     * The trees of a booster saved as XGBoost JSON ({@code Booster.toByteArray("json")}), or empty
     * when the model is of a kind this does not evaluate.
     *
     * @throws IllegalArgumentException when the bytes are not an XGBoost JSON model
     */
    static Optional<BoosterTrees> of(byte[] json) {
        try (JsonParser p = JSON.createParser(json)) {
            return new Reader(p).read();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not an XGBoost JSON model: " + e.getMessage(), e);
        }
    }

    /** The number of features a row has. */
    int width() {
        return width;
    }

    /**
     * Predictions for {@code rows} rows of {@code width} floats, row-major; {@code NaN} is missing.
     * Thread-safe: the trees are read only.
     */
    float[] predict(float[] data, int rows, int rowWidth) {
        if (rowWidth != width) throw new IllegalArgumentException("rows have " + rowWidth + " features; the trees read " + width);
        float[] out = new float[rows];
        java.util.Arrays.fill(out, base);
        int[] n = nodes;
        // tree by tree, every row: each row still sums its leaves in tree order, as XGBoost does,
        // and a tree's nodes stay in cache while the rows go through it
        for (int root : roots) {
            for (int r = 0, offset = 0; r < rows; r++, offset += rowWidth) {
                int at = root << 2;
                int split;
                while ((split = n[at]) >= 0) {
                    float x = data[offset + (split & FEATURE)];
                    float condition = Float.intBitsToFloat(n[at + 1]);
                    int next;
                    if (x < condition) next = n[at + 2];
                    else if (x >= condition) next = n[at + 3];
                    else next = (split & DEFAULT_LEFT) != 0 ? n[at + 2] : n[at + 3]; // NaN: missing
                    at = next << 2;
                }
                out[r] += Float.intBitsToFloat(n[at + 1]);
            }
        }
        return out;
    }

    /** Reads the parts of the model JSON that prediction needs, refusing what it cannot evaluate. */
    private static final class Reader {
        private final JsonParser p;
        private Float base;
        private boolean supported = true;
        private int width = -1;
        private final List<Tree> trees = new ArrayList<>();

        private record Tree(int[] left, int[] right, int[] feature, float[] condition, int[] defaultLeft) {}

        Reader(JsonParser p) {
            this.p = p;
        }

        Optional<BoosterTrees> read() throws IOException {
            expect(p.nextToken(), JsonToken.START_OBJECT);
            walk("");
            if (!supported || base == null || width < 0 || trees.isEmpty()) return Optional.empty();
            return Optional.of(flatten());
        }

        /** Walks the object whose members start at the next token; {@code path} names it ({@code learner/objective}). */
        private void walk(String path) throws IOException {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                String at = path.isEmpty() ? name : path + "/" + name;
                switch (at) {
                    case "learner/learner_model_param" -> modelParams();
                    case "learner/objective" -> objective();
                    case "learner/gradient_booster" -> {
                        expect(value, JsonToken.START_OBJECT);
                        walk(at);
                    }
                    case "learner/gradient_booster/name" -> supported &= p.getText().equals("gbtree");
                    case "learner/gradient_booster/model" -> {
                        expect(value, JsonToken.START_OBJECT);
                        walk(at);
                    }
                    case "learner/gradient_booster/model/trees" -> trees();
                    case "learner/gradient_booster/model/tree_info" -> {
                        for (int group : ints()) supported &= group == 0;
                    }
                    case "learner", "learner/gradient_booster/model/gbtree_model_param" -> {
                        if (value == JsonToken.START_OBJECT) walk(at);
                        else p.skipChildren();
                    }
                    case "learner/gradient_booster/model/gbtree_model_param/num_parallel_tree" -> supported &= p.getText().equals("1");
                    default -> p.skipChildren();
                }
            }
        }

        private void modelParams() throws IOException {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                String text = p.getText();
                switch (name) {
                    // "[1.4E2]" since XGBoost 3 (a vector, one per target), "1.4E2" before
                    case "base_score" -> {
                        String[] parts = text.replace("[", "").replace("]", "").split(",");
                        if (parts.length == 1) base = Float.parseFloat(parts[0].trim());
                        else supported = false;
                    }
                    case "num_class" -> supported &= text.equals("0");
                    case "num_target" -> supported &= text.equals("1");
                    case "num_feature" -> width = Integer.parseInt(text);
                    default -> p.skipChildren();
                }
            }
        }

        /** Only the identity link: squared error reports the margin as it is. */
        private void objective() throws IOException {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (name.equals("name")) supported &= p.getText().equals("reg:squarederror");
                else p.skipChildren();
            }
        }

        private void trees() throws IOException {
            while (p.nextToken() == JsonToken.START_OBJECT) {
                int[] left = null, right = null, feature = null, defaultLeft = null, splitType = null;
                float[] condition = null;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    switch (name) {
                        case "left_children" -> left = ints();
                        case "right_children" -> right = ints();
                        case "split_indices" -> feature = ints();
                        case "split_conditions" -> condition = floats();
                        case "default_left" -> defaultLeft = ints();
                        case "split_type" -> splitType = ints();
                        default -> p.skipChildren();
                    }
                }
                if (left == null || right == null || feature == null || condition == null || defaultLeft == null)
                    throw new IllegalArgumentException("a tree lacks its children, splits or conditions");
                if (splitType != null) for (int type : splitType) supported &= type == 0; // categorical splits: the booster's
                trees.add(new Tree(left, right, feature, condition, defaultLeft));
            }
        }

        private int[] ints() throws IOException {
            expect(p.currentToken(), JsonToken.START_ARRAY);
            var out = new int[64];
            int n = 0;
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                if (n == out.length) out = java.util.Arrays.copyOf(out, n * 2);
                out[n++] = t == JsonToken.VALUE_TRUE ? 1 : t == JsonToken.VALUE_FALSE ? 0 : p.getIntValue();
            }
            return java.util.Arrays.copyOf(out, n);
        }

        private float[] floats() throws IOException {
            expect(p.currentToken(), JsonToken.START_ARRAY);
            var out = new float[64];
            int n = 0;
            // the model writes each float in its shortest exact form: parsing as a float gives its bits back
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                if (n == out.length) out = java.util.Arrays.copyOf(out, n * 2);
                out[n++] = Float.parseFloat(p.getText());
            }
            return java.util.Arrays.copyOf(out, n);
        }

        private void expect(JsonToken got, JsonToken wanted) {
            if (got != wanted) throw new IllegalArgumentException("expected " + wanted + ", got " + got);
        }

        private BoosterTrees flatten() {
            int total = 0;
            for (var t : trees) total += t.left().length;
            int[] roots = new int[trees.size()];
            int[] nodes = new int[4 * total];
            int first = 0;
            for (int i = 0; i < trees.size(); i++) {
                var t = trees.get(i);
                roots[i] = first;
                for (int k = 0; k < t.left().length; k++) {
                    int at = 4 * (first + k);
                    boolean leaf = t.left()[k] < 0;
                    if (!leaf && (t.feature()[k] < 0 || t.feature()[k] >= width))
                        throw new IllegalArgumentException("node " + k + " of tree " + i + " splits on feature " + t.feature()[k] + "; the model has " + width + " features");
                    nodes[at] = leaf ? -1 : t.feature()[k] | (t.defaultLeft()[k] != 0 ? DEFAULT_LEFT : 0);
                    nodes[at + 1] = Float.floatToRawIntBits(t.condition()[k]); // a leaf keeps its value here
                    nodes[at + 2] = leaf ? 0 : first + t.left()[k];
                    nodes[at + 3] = leaf ? 0 : first + t.right()[k];
                }
                first += t.left().length;
            }
            return new BoosterTrees(base, roots, nodes, width);
        }
    }
}
