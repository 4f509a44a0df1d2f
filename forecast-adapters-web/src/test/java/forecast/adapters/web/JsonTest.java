package forecast.adapters.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void anObjectKeepsTheOrderOfItsMembers() {
        // a search space is sampled in the order it is written, so neither the parser nor the
        // plain-Java copy handed to the domain may sort or hash the order away
        var keys = new ArrayList<String>();
        for (int i = 0; i < 40; i++) keys.add("p" + i);
        Collections.shuffle(keys, new Random(5));
        var json = new StringBuilder("{");
        for (var k : keys) json.append(json.length() > 1 ? "," : "").append('"').append(k).append("\": {\"n\": 1}");
        var o = Json.object(json.append('}').toString().getBytes(StandardCharsets.UTF_8), false);
        assertEquals(keys, List.copyOf(o.keySet()));
        assertEquals(keys, List.copyOf(((Map<?, ?>) RequestFields.plain(o)).keySet()));
    }

    @Test
    void plainValuesKeepTheirJsonTypes() {
        var o = Json.object("{\"i\": 3, \"f\": 2.5, \"big\": 1e400, \"s\": \"a\", \"b\": true, \"n\": null, \"a\": [1, \"x\"]}"
                .getBytes(StandardCharsets.UTF_8), false);
        var plain = (Map<?, ?>) RequestFields.plain(o);
        assertEquals(3L, plain.get("i"));
        assertEquals(2.5, plain.get("f"));
        assertEquals(Double.POSITIVE_INFINITY, plain.get("big"));
        assertEquals("a", plain.get("s"));
        assertEquals(true, plain.get("b"));
        assertEquals(null, plain.get("n"));
        assertEquals(List.of(1L, "x"), plain.get("a"));
    }

    @Test
    void instantsAreWrittenAsInstantToStringWritesThem() {
        var random = new Random(9);
        for (int i = 0; i < 200_000; i++) {
            long second = switch (i % 4) {
                case 0 -> random.nextLong(0, 253_402_300_800L);          // the fast path: 1970-9999
                case 1 -> random.nextLong(-62_135_596_800L, 0);          // before 1970
                case 2 -> 253_402_300_799L - random.nextInt(100_000);    // the end of 9999
                default -> random.nextLong(0, 4_000_000_000L) / 3600 * 3600;
            };
            var t = java.time.Instant.ofEpochSecond(second, i % 7 == 0 ? random.nextInt(1_000_000_000) : 0);
            assertEquals("[\"" + t + "\"]", new JsonOut().beginArray().value(t).endArray().toString(), t.toString());
        }
        assertEquals("[\"2024-02-29T23:59:59Z\",null]",
                new JsonOut().beginArray().value(java.time.Instant.parse("2024-02-29T23:59:59Z")).value((java.time.Instant) null).endArray().toString());
    }
}
