package forecast.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.app.cli.CliOutput;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The client commands' output without a server: progress in place on a terminal, plain lines otherwise; JSON and tables. */
class CliOutputTest {
    @Test
    void progressIsDrawnInPlaceOnATerminalAndAsPlainLinesOtherwise() {
        String terminal = CliOutput.progress(true, List.of("tuning xgboost: 10 trials", "trial 5 of 10: #4 value 0.5", "trial 10 of 10: #9 value 0.4"));
        assertTrue(terminal.startsWith("\r"), terminal);
        assertEquals(3, terminal.chars().filter(c -> c == '\r').count(), "each line redraws the same line: " + terminal);
        assertTrue(terminal.contains("[##########..........] trial 5 of 10"), terminal);
        assertTrue(terminal.contains("[####################] trial 10 of 10"), terminal);
        assertTrue(terminal.endsWith("\n"), "ended when the job ends");
        assertEquals(1, terminal.chars().filter(c -> c == '\n').count(), terminal);

        String plain = CliOutput.progress(false, List.of("a", "trial 1 of 2"));
        assertEquals("a\ntrial 1 of 2\n", plain.replace("\r\n", "\n"));
        assertFalse(plain.contains("\r") && !plain.contains("\r\n"));
    }

    @Test
    void jsonIsReadAndWrittenBackAsItCame() {
        String json = "{\"a\":1.50,\"b\":[1,2,3],\"c\":{\"d\":null,\"e\":\"x\\\"y\\u00e9\"},\"f\":[{\"g\":true}]}";
        assertEquals(json.replace("\\u00e9", "\u00e9"), CliOutput.compact(json), "as it came, the escaped letter as itself");
        assertTrue(CliOutput.pretty(json).contains("\n  \"b\": [1, 2, 3],\n"), CliOutput.pretty(json));
    }

    @Test
    void tablesAlignColumnsAndShowMissingValuesAsDashes() {
        String table = CliOutput.table(List.of(Map.of("id", "x", "n", 1), Map.of("id", "longer-id")), List.of("id", "n"));
        assertEquals(List.of("ID         N", "x          1", "longer-id  -"), table.lines().toList());
    }
}
