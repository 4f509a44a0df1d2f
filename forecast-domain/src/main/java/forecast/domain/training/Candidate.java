package forecast.domain.training;

import forecast.domain.evaluation.BacktestResult;
import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.forecasting.TrainedModel;
import java.util.Map;
import java.util.TreeMap;

/**
 * A model fitted on a whole (imputed) series together with the rolling-origin backtest it is
 * judged by, before it is registered: its {@code algorithm}, the full {@code hyperparameters} it
 * was fitted with (only what the algorithm accepts, so that a later training can reuse them as
 * they are), and the {@code notes} that go into the version's provenance to say how it was made
 * ({@code tuned_by}, {@code selection}, {@code weights}, {@code trained_by}, ...).
 */
public record Candidate(String algorithm, TrainedModel model, BacktestResult backtest, Hyperparameters hyperparameters, Map<String, String> notes) {
    public Candidate {
        notes = notes == null ? Map.of() : Map.copyOf(new TreeMap<>(notes));
    }

    /** A candidate with nothing to note. */
    public Candidate(String algorithm, TrainedModel model, BacktestResult backtest, Hyperparameters hyperparameters) {
        this(algorithm, model, backtest, hyperparameters, Map.of());
    }

    /** This candidate with the note {@code name} set to {@code text}. */
    public Candidate withNote(String name, String text) {
        var all = new TreeMap<>(notes);
        all.put(name, text);
        return new Candidate(algorithm, model, backtest, hyperparameters, all);
    }
}
