package forecast.domain.naming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class NameRuleTest {
    @Test
    void acceptsWhatEitherOfTheFormerRulesAccepted() {
        // ids took . _ : -, names . _ -: both are names now
        for (String name : List.of("default", "shop-sales", "v1.2", "meter_42", "plant:7", "A", "9", "naive-vs-arima", "x.y:z_w-1")) {
            assertNull(NameRule.NAME.problem(name), name);
            assertNull(NameRule.SHORT.problem(name), name);
        }
        assertTrue(NameRule.NAME.accepts("a".repeat(128)));
        assertTrue(NameRule.SHORT.accepts("a".repeat(64)));
    }

    @Test
    void refusesWhatNeedsEscapingOrStartsWithPunctuation() {
        for (String name : List.of("", " a", "a b", "a/b", "..", ".a", "-a", ":a", "_a", "a?b", "a#b", "a%20", "é", "a\nb")) {
            assertFalse(NameRule.NAME.accepts(name), name);
        }
        assertFalse(NameRule.NAME.accepts(null));
    }

    @Test
    void eachKindHasItsLength() {
        assertFalse(NameRule.NAME.accepts("a".repeat(129)));
        assertFalse(NameRule.SHORT.accepts("a".repeat(65)));
        assertEquals("must be 1-64 letters, digits or . _ : - starting with a letter or digit", NameRule.SHORT.problem("a".repeat(65)));
    }

    @Test
    void checkNamesWhatIsWrong() {
        assertEquals("shop-sales", NameRule.SHORT.check("model name", "shop-sales"));
        var e = assertThrows(IllegalArgumentException.class, () -> NameRule.NAME.check("series id", "a b"));
        assertEquals("series id must be 1-128 letters, digits or . _ : - starting with a letter or digit: a b", e.getMessage());
    }
}
