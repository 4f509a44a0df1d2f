package forecast.adapters.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.domain.ensemble.EnsembleForecaster;
import forecast.domain.forecasting.Forecaster;
import forecast.domain.forecasting.HyperparameterSpec;
import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.forecasting.Scope;
import forecast.domain.memory.InMemoryModelRegistry;
import forecast.domain.preprocessing.Imputation;
import forecast.domain.series.Frequency;
import forecast.domain.series.SeriesId;
import forecast.domain.series.TimeSeries;
import forecast.domain.telemetry.Telemetry;
import forecast.domain.training.TrainingRequest;
import forecast.domain.training.TrainingResult;
import forecast.domain.training.TrainingService;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Each family's list of hyperparameters is complete and true: every name in it is read by the
 * family, every key its defaults, settings and search space use is in it, and a literal default
 * given explicitly changes nothing. A name outside it is refused before anything is trained.
 */
class HyperparametersTest {
    static final TimeSeries HOURLY = Synthetic.hourly(800, 3);

    static List<Forecaster> families() {
        var families = MlAdapters.forecasters();
        var all = new ArrayList<Forecaster>(families);
        all.add(new EnsembleForecaster(families.stream().filter(f -> !f.algorithm().equals("seasonal_naive")).toList()));
        return all;
    }

    static Stream<Forecaster> everyFamily() {
        return families().stream();
    }

    @ParameterizedTest
    @MethodSource("everyFamily")
    void everyAcceptedHyperparameterIsReadByTheFamily(Forecaster f) {
        var specs = f.hyperparameters();
        assertTrue(!specs.isEmpty(), f.algorithm() + " lists its hyperparameters");
        assertEquals(specs.size(), new HashSet<>(specs.stream().map(HyperparameterSpec::name).toList()).size(), "names are unique");
        for (var spec : specs) {
            // a value no reader takes: the family must complain about this very name, which proves it reads it
            var e = assertThrows(IllegalArgumentException.class, () -> f.minTrainingSize(HOURLY, Hyperparameters.of(spec.name(), "not-a-value")),
                    f.algorithm() + " ignores " + spec.name());
            String bare = spec.name().substring(spec.name().indexOf('.') + 1);
            assertTrue(e.getMessage().contains("hyperparameter " + bare + " "), f.algorithm() + " " + spec.name() + ": " + e.getMessage());
        }
    }

    @ParameterizedTest
    @MethodSource("everyFamily")
    void theDefaultsAndTheSearchSpaceUseOnlyAcceptedNames(Forecaster f) {
        var names = new TreeSet<>(f.hyperparameters().stream().map(HyperparameterSpec::name).toList());
        assertTrue(names.containsAll(f.defaults().values().keySet()), f.algorithm() + " defaults " + f.defaults() + " vs " + names);
        assertTrue(names.containsAll(f.searchSpace(HOURLY).keySet()), f.algorithm() + " search space " + f.searchSpace(HOURLY).keySet() + " vs " + names);
        for (var spec : f.hyperparameters()) {
            String literal = f.defaults().values().get(spec.name());
            if (literal != null) assertEquals(literal, spec.defaultValue(), f.algorithm() + " " + spec.name() + " documents its default");
        }
    }

    @Test
    void theSettingsCarryExactlyTheAcceptedNames() {
        assertEquals(names(XGBoostSettings.SPECS), XGBoostSettings.of(Hyperparameters.NONE, Frequency.HOURLY).asHyperparameters().values().keySet());
        assertEquals(names(LstmSettings.SPECS), LstmSettings.of(Hyperparameters.NONE, Frequency.HOURLY).asHyperparameters().values().keySet());
    }

    @Test
    void givingEveryLiteralDefaultExplicitlyIsAcceptedAndChangesNothing() {
        assertSameSettings(XGBoostSettings.SPECS, p -> XGBoostSettings.of(p, Frequency.HOURLY));
        assertSameSettings(LstmSettings.SPECS, p -> LstmSettings.of(p, Frequency.HOURLY));
        assertSameSettings(ArimaSettings.SPECS, p -> ArimaSettings.of(p, Frequency.HOURLY));
        // a phrase default names what it depends on; for hourly data it is the number in brackets
        assertEquals(XGBoostSettings.of(Hyperparameters.NONE, Frequency.HOURLY),
                XGBoostSettings.of(Hyperparameters.of("lags", "24", "level_window", "24", "max_horizon", "168"), Frequency.HOURLY));
        assertEquals(LstmSettings.of(Hyperparameters.NONE, Frequency.HOURLY), LstmSettings.of(Hyperparameters.of("window", "48", "max_horizon", "24"), Frequency.HOURLY));
        // ARIMA's period is chosen from the data when absent: the shortest season stands in until then
        assertEquals(ArimaSettings.of(Hyperparameters.NONE, Frequency.HOURLY).withPeriod(24), ArimaSettings.of(Hyperparameters.of("period", "24"), Frequency.HOURLY));
        assertEquals(24, ArimaSettings.of(Hyperparameters.NONE, Frequency.HOURLY).period());
        var training = new TrainingService(families(), new InMemoryModelRegistry(), Telemetry.NONE);
        for (var f : families()) {
            var every = literalDefaults(f.hyperparameters());
            assertTrue(training.unknownHyperparameters(f.algorithm(), every).isEmpty(), f.algorithm() + " " + every);
        }
    }

    private static <T> void assertSameSettings(List<HyperparameterSpec> specs, Function<Hyperparameters, T> read) {
        var explicit = literalDefaults(specs);
        assertTrue(explicit.values().size() >= specs.size() / 2, "most defaults are literal: " + explicit);
        assertEquals(read.apply(Hyperparameters.NONE), read.apply(explicit), explicit.toString());
    }

    /** The specs whose default is a value rather than a phrase, with that value. */
    private static Hyperparameters literalDefaults(List<HyperparameterSpec> specs) {
        var m = new TreeMap<String, String>();
        for (var s : specs) if (!s.defaultValue().contains(" ")) m.put(s.name(), s.defaultValue());
        return new Hyperparameters(m);
    }

    private static java.util.Set<String> names(List<HyperparameterSpec> specs) {
        return new TreeSet<>(specs.stream().map(HyperparameterSpec::name).toList());
    }

    @Test
    void aTypoIsRefusedNamingItAndTheAcceptedNamesWithoutTrainingAnything() {
        var registry = new InMemoryModelRegistry();
        var training = new TrainingService(families(), registry, Telemetry.NONE);
        var result = training.train(new TrainingRequest(SeriesId.DEFAULT, HOURLY, "xgboost", Hyperparameters.of("max_depthh", "3"), Imputation.LINEAR, null));
        var refused = assertInstanceOf(TrainingResult.InvalidHyperparameters.class, result);
        assertEquals("unknown hyperparameter 'max_depthh' for xgboost; accepted: colsample_bytree, eta, lags, level_window, max_depth, max_horizon, "
                + "max_rows, min_child_weight, rounds, seed, subsample", refused.message());
        assertEquals("hyperparameters.max_depthh", refused.violations().get(0).field());
        var ensemble = assertInstanceOf(TrainingResult.InvalidHyperparameters.class, training.train(new TrainingRequest(SeriesId.DEFAULT, HOURLY,
                "ensemble", Hyperparameters.of("xgboost.max_depthh", "3"), Imputation.LINEAR, null)));
        assertEquals("hyperparameters.xgboost.max_depthh", ensemble.violations().get(0).field());
        assertTrue(registry.list().isEmpty());
    }

    @Test
    void treesAndNetworksAreGlobalOneSeriesModelsLocal() {
        var scopes = new TreeMap<String, Scope>();
        for (var f : families()) scopes.put(f.algorithm(), f.scope());
        assertEquals(Map.of("xgboost", Scope.GLOBAL, "lstm", Scope.GLOBAL, "arima", Scope.LOCAL, "ets", Scope.LOCAL, "seasonal_naive", Scope.LOCAL,
                "theta", Scope.LOCAL, "mstl", Scope.LOCAL, "ensemble", Scope.LOCAL), scopes);
    }
}
