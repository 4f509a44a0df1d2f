package forecast.domain.forecasting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class HyperparameterSpecsTest {
    static final List<HyperparameterSpec> XGB = List.of(
            new HyperparameterSpec("max_depth", "int", "6", "1-16", "the deepest split"),
            new HyperparameterSpec("eta", "float", "0.05", "(0, 1]", "the learning rate"));

    @Test
    void unknownNamesAreTheOnesNoSpecHasInSortedOrder() {
        assertEquals(List.of("max_depthh", "rounds_"), HyperparameterSpecs.unknown(XGB, List.of("rounds_", "eta", "max_depthh")));
        assertEquals(List.of(), HyperparameterSpecs.unknown(XGB, List.of("eta", "max_depth")));
    }

    @Test
    void aCompositeAcceptsItsMembersSettingsWithAndWithoutTheirPrefix() {
        var composite = HyperparameterSpecs.scoped("xgboost", XGB);
        assertEquals("xgboost.max_depth", composite.get(0).name());
        assertEquals("xgboost: the deepest split", composite.get(0).description());
        assertEquals(List.of("arima.max_depth", "xgboost.max_depthh"),
                HyperparameterSpecs.unknown(composite, List.of("xgboost.max_depth", "max_depth", "xgboost.max_depthh", "arima.max_depth")));
    }

    @Test
    void theMessageNamesEachUnknownNameAndListsTheAcceptedOnes() {
        assertEquals("unknown hyperparameter 'max_depthh' for xgboost; accepted: eta, max_depth",
                HyperparameterSpecs.message("xgboost", XGB, List.of("max_depthh")));
        assertEquals("unknown hyperparameters 'a', 'b' for xgboost; accepted: eta, max_depth",
                HyperparameterSpecs.message("xgboost", XGB, List.of("a", "b")));
        assertEquals("unknown hyperparameter 'x' for last_value; it accepts none", HyperparameterSpecs.message("last_value", List.of(), List.of("x")));
    }

    @Test
    void aSpecIsValidatedOnce() {
        assertThrows(IllegalArgumentException.class, () -> new HyperparameterSpec("max depth", "int", "6", null, "d"));
        assertThrows(IllegalArgumentException.class, () -> new HyperparameterSpec("max_depth", "integer", "6", null, "d"));
        assertThrows(IllegalArgumentException.class, () -> new HyperparameterSpec("max_depth", "int", " ", null, "d"));
        assertThrows(IllegalArgumentException.class, () -> new HyperparameterSpec("max_depth", "int", "6", "", "d"));
        assertThrows(IllegalArgumentException.class, () -> new HyperparameterSpec("transform", "choice", "none", null, "d"));
        assertThrows(IllegalArgumentException.class, () -> new HyperparameterSpec("max_depth", "int", "6", null, null));
        assertEquals("seed", new HyperparameterSpec("seed", "int", "42", null, "the random seed").name());
    }
}
