package forecast.domain.tuning;

import java.util.List;

/**
 * Decides whether a running trial should stop after its latest report (port): median or
 * successive halving here, as in Optuna. Pruners keep any bookkeeping in the trial's attributes
 * through {@link Context#note}, so that a resumed study prunes as the original would have.
 */
public interface Pruner {
    /** The name a study refers to it by. */
    String name();

    boolean prune(Context context);

    /** The study, all its trials, the trial that just reported, and a way to note an attribute on it. */
    interface Context {
        StudyDefinition study();

        List<FrozenTrial> trials();

        FrozenTrial trial();

        void note(String key, String value);
    }

    /** Never prunes. */
    Pruner NONE = new Pruner() {
        @Override
        public String name() {
            return "none";
        }

        @Override
        public boolean prune(Context context) {
            return false;
        }
    };
}
