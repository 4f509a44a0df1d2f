package forecast.adapters.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampsTest {
    @Test
    void handReadShapesAgreeWithJavaTime() {
        var random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            var local = LocalDateTime.of(1 + random.nextInt(9998), 1 + random.nextInt(12), 1, random.nextInt(24), random.nextInt(60), random.nextInt(60))
                    .plusDays(random.nextInt(31)).withNano(random.nextInt(4) == 0 ? random.nextInt(1_000_000_000) : 0);
            if (local.getYear() > 9999) continue;
            var offset = ZoneOffset.ofTotalSeconds((random.nextInt(37) - 18) * 1800);
            var withOffset = OffsetDateTime.of(local, offset);
            assertEquals(withOffset.toInstant(), Timestamps.parse(withOffset.toString()), withOffset.toString());
            assertEquals(local.toInstant(ZoneOffset.UTC), Timestamps.parse(local.toString()), local.toString());
            assertEquals(local.toLocalDate().atStartOfDay(ZoneOffset.UTC).toInstant(), Timestamps.parse(local.toLocalDate().toString()));
        }
    }

    @Test
    void otherIsoShapesAreReadToo() {
        assertEquals(Instant.parse("2024-01-01T00:00:00Z"), Timestamps.parse("2024-01-01T01:00:00+01:00[Europe/Paris]"));
        assertEquals(Instant.parse("2024-01-01T00:00:00Z"), Timestamps.parse("2024-01-01 00:00:00"));
        assertEquals(Instant.parse("2024-01-01T05:30:00Z"), Timestamps.parse("2024-01-01T00:00:00-0530"));
        assertEquals(Instant.parse("2024-01-01T02:00:00Z"), Timestamps.parse("2024-01-01T00:00:00-02"));
        assertEquals(Instant.parse("2024-01-01T00:00:00.5Z"), Timestamps.parse("2024-01-01T00:00:00.5Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-02-30", "2023-02-29T00:00:00Z", "2024-13-01", "2024-01-01T24:00:00Z", "2024-01-01T00:60:00Z",
            "2024-01-01T00:00:00+19:00", "2024-01-01T00:00:00.1234567891Z", "yesterday", "2024/01/01", "", "2024-01-01T", "+2024-01-01"})
    void nonsenseIsRefused(String text) {
        assertThrows(IllegalArgumentException.class, () -> Timestamps.parse(text));
    }

    /** The first cell of {@code [json]} read as a data row's timestamp. */
    static Instant read(String json) {
        var rows = StreamedJson.read(("[[" + json + "]]").getBytes(java.nio.charset.StandardCharsets.UTF_8), p -> CellRows.read(p, 10, true, 16));
        return Timestamps.read(rows, 0, 0);
    }

    @Test
    void epochNumbersAreSecondsOrMillis() {
        assertEquals(Instant.ofEpochSecond(1_700_000_000), read("1700000000"));
        assertEquals(Instant.ofEpochMilli(1_700_000_000_123L), read("1700000000123"));
        assertEquals(Instant.ofEpochSecond(1_700_000_000, 250_000_000), read("1700000000.25"));
        assertEquals(Instant.ofEpochSecond(1_700_000_000, 250_000_000), read("1.70000000025e9"));
        assertEquals(Instant.ofEpochMilli(1_700_000_000_123L), read("1700000000123.0"));
        assertEquals(LocalDate.of(1, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant(), read("-62135596800"));
        assertEquals(Instant.parse("2024-01-01T00:00:00Z"), read("\"2024-01-01\""));
        assertThrows(IllegalArgumentException.class, () -> read("-62135596801"));
        assertThrows(IllegalArgumentException.class, () -> read("1e300"));
        assertThrows(IllegalArgumentException.class, () -> read("-9223372036854775808"));
        assertThrows(IllegalArgumentException.class, () -> read("123456789012345678901234567890"));
        var e = assertThrows(IllegalArgumentException.class, () -> read("true"));
        assertEquals(Timestamps.EXPECTED + ", got a boolean", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> read("1e30"));
        assertEquals("must lie between the years 1 and 9999, got 1E+30", e.getMessage());
    }
}
