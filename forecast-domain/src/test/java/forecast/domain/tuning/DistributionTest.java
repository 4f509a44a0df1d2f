package forecast.domain.tuning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.domain.series.InvalidInputException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DistributionTest {
    @Test
    void highIsMovedOntoTheStepGridAsInOptuna() {
        assertEquals(0.9, FloatDistribution.stepped(0, 0.95, 0.1).high(), 0);
        assertEquals(11, IntDistribution.stepped(1, 12, 2).high());
        assertTrue(IntDistribution.stepped(1, 12, 2).contains(5));
        assertFalse(IntDistribution.stepped(1, 12, 2).contains(4));
        assertTrue(FloatDistribution.stepped(0, 1, 0.1).contains(0.30000000000000004));
    }

    @Test
    void impossibleRangesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> FloatDistribution.of(2, 1));
        assertThrows(IllegalArgumentException.class, () -> FloatDistribution.logScale(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new FloatDistribution(1, 2, true, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new IntDistribution(1, 9, true, 2));
        assertThrows(IllegalArgumentException.class, () -> IntDistribution.logScale(0, 9));
        assertThrows(IllegalArgumentException.class, () -> CategoricalDistribution.of("a", "a"));
        assertThrows(IllegalArgumentException.class, () -> new CategoricalDistribution(List.of()));
    }

    @Test
    void categoricalsMapChoicesToIndexes() {
        var c = CategoricalDistribution.of("gbtree", 1, 2.5, true, null);
        assertEquals(1, c.toInternal(1L));
        assertEquals(1, c.toInternal(1));
        assertEquals(4, c.toInternal(null));
        assertEquals(2.5, c.toExternal(2));
        assertThrows(IllegalArgumentException.class, () -> c.toInternal("dart"));
    }

    @Test
    void jsonRoundTripsEveryKind() {
        for (Distribution d : List.of(FloatDistribution.of(-5, 10), FloatDistribution.logScale(1e-3, 0.3), FloatDistribution.stepped(0, 1, 0.25),
                IntDistribution.of(2, 12), IntDistribution.logScale(1, 1024), IntDistribution.stepped(0, 100, 5),
                new CategoricalDistribution(Arrays.asList("a\"b", 3L, 0.5, false, null)))) {
            assertEquals(d, Distribution.fromJson(d.toJson()), d.toJson());
        }
    }

    @Test
    void aBadSearchSpaceEntryNamesItsFields() {
        var e = assertThrows(InvalidInputException.class, () -> DistributionJson.fromMap("search_space.x", Map.of("type", "float", "low", "a", "lo", 1)));
        var fields = e.violations().stream().map(forecast.domain.series.Violation::field).toList();
        assertTrue(fields.contains("search_space.x.low"), fields.toString());
        assertTrue(fields.contains("search_space.x.high"), fields.toString());
        assertTrue(fields.contains("search_space.x.lo"), fields.toString());
        var order = assertThrows(InvalidInputException.class, () -> DistributionJson.fromMap("search_space.d", Map.of("type", "int", "low", 5, "high", 1)));
        assertEquals("search_space.d", order.violations().get(0).field());
        var type = assertThrows(InvalidInputException.class, () -> DistributionJson.fromMap("search_space.t", Map.of("type", "normal")));
        assertEquals("search_space.t.type", type.violations().get(0).field());
    }
}
