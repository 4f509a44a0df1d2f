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
    /** Each tree's depth: the most splits on a way from its root to a leaf. */
    private final int[] depths;
    /** Words per node in {@link #nodes}. */
    private static final int NODE = 4;
    /**
     * {@link #NODE} words a node: its feature (with {@link #DEFAULT_LEFT}); the condition's float
     * bits; where the left child starts (the right child follows it: each tree is laid out breadth
     * first with siblings side by side); a leaf's value's float bits. A leaf is a split on feature 0
     * whose condition is NaN (no value is at or above it), missing values left, and whose left
     * child is itself.
     */
    private final int[] nodes;
    private final int width;

    private BoosterTrees(float base, int[] roots, int[] depths, int[] nodes, int width) {
        this.base = base;
        this.roots = roots;
        this.depths = depths;
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

    /** The number of trees. */
    int trees() {
        return roots.length;
    }

    /** The most splits on a way from a root to a leaf, over every tree. */
    int depth() {
        int most = 0;
        for (int d : depths) most = Math.max(most, d);
        return most;
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
        // Tree by tree; in each tree, four rows at a time walk down together, level by level. Their
        // walks are independent, so the processor overlaps them instead of waiting on one chain of
        // loads at a time, and no branch depends on the data (they mispredict half the time). A
        // leaf points to itself, so a row that reached one stays there for the tree's remaining
        // levels. Each row still sums its leaves in tree order, as XGBoost does.
        for (int t = 0; t < roots.length; t++) {
            int root = roots[t];
            int depth = depths[t];
            int r = 0;
            for (; r + 4 <= rows; r += 4) {
                int o0 = r * rowWidth, o1 = o0 + rowWidth, o2 = o1 + rowWidth, o3 = o2 + rowWidth;
                int a0 = root, a1 = root, a2 = root, a3 = root;
                for (int level = depth; level > 0; level--) {
                    a0 = step(n, data, o0, a0);
                    a1 = step(n, data, o1, a1);
                    a2 = step(n, data, o2, a2);
                    a3 = step(n, data, o3, a3);
                }
                out[r] += Float.intBitsToFloat(n[a0 + 3]);
                out[r + 1] += Float.intBitsToFloat(n[a1 + 3]);
                out[r + 2] += Float.intBitsToFloat(n[a2 + 3]);
                out[r + 3] += Float.intBitsToFloat(n[a3 + 3]);
            }
            for (; r < rows; r++) {
                int a = root;
                for (int level = depth; level > 0; level--) a = step(n, data, r * rowWidth, a);
                out[r] += Float.intBitsToFloat(n[a + 3]);
            }
        }
        return out;
    }

    /**
     * The child of {@code node} that a row at {@code offset} goes to: right at or above the
     * condition, or when missing (NaN) where missing values go right; a leaf's child is itself.
     */
    private static int step(int[] n, float[] data, int offset, int node) {
        int split = n[node];
        float x = data[offset + (split & FEATURE)];
        int right = (x >= Float.intBitsToFloat(n[node + 1]) ? 1 : 0) | (x != x ? split >>> 30 & 1 ^ 1 : 0);
        return n[node + 2] + right * NODE;
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

        /** Lays every tree out breadth first, siblings side by side, in one array of {@link #NODE} words a node. */
        private BoosterTrees flatten() {
            int total = 0;
            for (var t : trees) total += t.left().length;
            int[] roots = new int[trees.size()];
            int[] depths = new int[trees.size()];
            int[] nodes = new int[NODE * total];
            int next = 0; // the next free node
            for (int i = 0; i < trees.size(); i++) {
                var t = trees.get(i);
                roots[i] = next * NODE;
                int[] order = new int[t.left().length]; // XGBoost's node ids, in the new order
                int[] level = new int[t.left().length];
                int placed = 1, done = 0;
                order[0] = 0;
                int start = next;
                while (done < placed) {
                    int k = order[done];
                    int at = (start + done++) * NODE;
                    if (t.left()[k] < 0) {
                        nodes[at] = DEFAULT_LEFT;
                        nodes[at + 1] = Float.floatToRawIntBits(Float.NaN);
                        nodes[at + 2] = at;
                        nodes[at + 3] = Float.floatToRawIntBits(t.condition()[k]); // XGBoost keeps a leaf's value as its condition
                        continue;
                    }
                    if (t.feature()[k] < 0 || t.feature()[k] >= width)
                        throw new IllegalArgumentException("node " + k + " of tree " + i + " splits on feature " + t.feature()[k] + "; the model has " + width + " features");
                    nodes[at] = t.feature()[k] | (t.defaultLeft()[k] != 0 ? DEFAULT_LEFT : 0);
                    nodes[at + 1] = Float.floatToRawIntBits(t.condition()[k]);
                    nodes[at + 2] = (start + placed) * NODE;
                    level[placed] = level[done - 1] + 1;
                    order[placed++] = t.left()[k];
                    level[placed] = level[done - 1] + 1;
                    order[placed++] = t.right()[k];
                    depths[i] = Math.max(depths[i], level[done - 1] + 1);
                }
                next += placed; // nodes XGBoost deleted (unreachable) are left out
            }
            return new BoosterTrees(base, roots, depths, java.util.Arrays.copyOf(nodes, next * NODE), width);
        }
    }
}
