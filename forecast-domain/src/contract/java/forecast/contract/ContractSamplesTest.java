package forecast.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.domain.series.Frequency;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Checks the contracts' sample data. Also, surefire opens to JUnit only the packages of the test
 * classes it runs; without a test class here, JUnit could not call the contracts' default methods
 * (`--add-opens <module>/forecast.contract=ALL-UNNAMED` in a pom's surefire argLine does the same
 * when a single test is selected with -Dtest).
 */
class ContractSamplesTest {
    @Test
    void samplesAreValidInputs() {
        var v = ModelRegistryContract.version("v1.2", "xgboost");
        assertEquals(3, v.provenance().featureNames().size());
        assertEquals(1, ModelRegistryContract.event(1, "arima_v1", null).sequence());
        var series = ObservationStoreContract.hourly(0, 0, 1, 3);
        assertEquals(Frequency.HOURLY, series.frequency());
        assertEquals(4, series.regular().size());
        assertEquals(List.of("a", "b"), ObservationStoreContract.withFeatures(List.of("a", "b"), 0, 1).featureNames());
    }
}
