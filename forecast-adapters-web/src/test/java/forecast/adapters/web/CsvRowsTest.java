package forecast.adapters.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.domain.series.Frequency;
import forecast.domain.series.SeriesId;
import forecast.domain.series.Violation;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvRowsTest {
    static CsvRows read(String csv) {
        return CsvRows.read(csv.getBytes(StandardCharsets.UTF_8), 1_000, null);
    }

    /** The problem reading {@code csv} raises. */
    static Problem refused(String csv) {
        return assertThrows(ProblemException.class, () -> read(csv)).problem();
    }

    static List<String> fields(Problem p) {
        return p.errors().stream().map(Violation::field).toList();
    }

    @Test
    void aWideCsvIsOneSeriesWithItsFeatureColumnsNamedByTheHeader() {
        var csv = read("""
                timestamp,value,temperature,promotion
                2024-01-01T00:00:00Z,10.5,3.2,0
                2024-01-01T01:00:00Z,11,3.1,1
                2024-01-01T02:00:00Z,12.25,,0
                """);
        assertEquals(CsvRows.Shape.WIDE, csv.shape());
        assertEquals(List.of("temperature", "promotion"), csv.featureNames());
        var s = csv.only();
        assertEquals(3, s.size());
        assertEquals(Frequency.HOURLY, s.frequency());
        assertEquals(List.of("temperature", "promotion"), s.featureNames());
        assertArrayEquals(new double[] {10.5, 11, 12.25}, s.values());
        assertArrayEquals(new double[] {3.1, 1}, s.featureRow(1));
        assertTrue(Double.isNaN(s.feature(2, 0)), "an empty feature value is unknown");
    }

    @Test
    void aLongCsvHoldsManySeriesInAnyOrderOfSeries() {
        var csv = read("""
                series_id,timestamp,value
                shop-1,2024-01-01,1
                shop-2,2024-01-01,10
                shop-1,2024-01-02,2
                shop-2,2024-01-02,20
                shop-1,2024-01-03,3
                """);
        assertEquals(CsvRows.Shape.LONG, csv.shape());
        assertEquals(List.of(new SeriesId("shop-1"), new SeriesId("shop-2")), List.copyOf(csv.series().keySet()));
        assertArrayEquals(new double[] {1, 2, 3}, csv.series().get(new SeriesId("shop-1")).values());
        assertArrayEquals(new double[] {10, 20}, csv.series().get(new SeriesId("shop-2")).values());
        assertEquals(Frequency.DAILY, csv.series().get(new SeriesId("shop-2")).frequency());
    }

    @Test
    void timestampsAreReadAsJsonRowsReadThem() {
        var s = read("""
                Timestamp , Value
                2024-01-01T01:00:00+01:00,1
                1704070800,2
                1704074400000,3
                "2024-01-01 03:00:00",4
                2024-01-01T04:00:00.000Z,5
                1.7040852E9,6
                """).only();
        var t0 = Instant.parse("2024-01-01T00:00:00Z");
        for (int i = 0; i < 6; i++) assertEquals(t0.plusSeconds(3600L * i), s.time(i), "row " + i);
    }

    @Test
    void quotedCellsHoldCommasQuotesAndLineBreaksAndLinesAreCountedThroughThem() {
        var csv = read("timestamp,value,\"note, \"\"quoted\"\"\"\r\n"
                + "\"2024-01-01T00:00:00Z\",\"1.5\",\"2\"\r\n"
                + "2024-01-01T01:00:00Z,2,3\r\n");
        assertEquals(List.of("note, \"quoted\""), csv.featureNames());
        assertArrayEquals(new double[] {1.5, 2}, csv.only().values());
        var p = refused("timestamp,value,\"multi\nline\"\n2024-01-01T00:00:00Z,1,1\n2024-01-01T01:00:00Z,x,1\n");
        assertEquals(List.of("line 4, column value"), fields(p), "the header spans lines 1 and 2");
    }

    @Test
    void anEmptyValueIsAGapAndBlankLinesAreSkipped() {
        var s = read("timestamp,value\n\n2024-01-01T00:00:00Z,1\n2024-01-01T01:00:00Z,\n\n2024-01-01T02:00:00Z,3").only();
        assertEquals(3, s.size());
        assertTrue(Double.isNaN(s.value(1)));
    }

    @Test
    void badCellsAreEachNamedByLineAndColumn() {
        var p = refused("""
                timestamp,value,temperature
                2024-01-01T00:00:00Z,1,2
                yesterday,2,3
                2024-01-01T02:00:00Z,NaN,3
                2024-01-01T03:00:00Z,4,1e999
                2024-01-01T04:00:00Z,5
                ,6,7
                2024-01-01T06:00:00Z,0x10,7
                """);
        assertEquals(400, p.status());
        assertEquals(List.of("line 3, column timestamp", "line 4, column value", "line 5, column temperature", "line 6", "line 7, column timestamp",
                "line 8, column value"), fields(p));
        assertTrue(p.errors().get(0).message().contains("ISO-8601"), p.errors().get(0).message());
        assertTrue(p.errors().get(3).message().contains("has 2 cells; the header has 3"), p.errors().get(3).message());
    }

    @Test
    void unsortedDuplicatedAndIrregularRowsAreNamedByLine() {
        var p = refused("""
                series_id,timestamp,value
                a,2024-01-01T00:00:00Z,1
                b,2024-01-01T00:00:00Z,1
                a,2024-01-01T02:00:00Z,2
                a,2024-01-01T01:00:00Z,3
                b,2024-01-01T00:00:00Z,2
                """);
        assertEquals(List.of("line 5, column timestamp", "line 6, column timestamp"), fields(p));
        assertTrue(p.errors().get(0).message().contains("sorted"), p.errors().get(0).message());
        assertTrue(p.errors().get(1).message().contains("duplicate"), p.errors().get(1).message());
        var irregular = refused("timestamp,value\n2024-01-01T00:00:00Z,1\n2024-01-01T00:07:00Z,1\n2024-01-01T01:00:00Z,1\n");
        assertEquals(List.of("body"), fields(irregular));
        var declared = assertThrows(ProblemException.class, () -> CsvRows.read(
                "timestamp,value\n2024-01-01T00:00:00Z,1\n2024-01-01T00:30:00Z,1\n".getBytes(StandardCharsets.UTF_8), 10, Frequency.HOURLY)).problem();
        assertEquals(List.of("line 3, column timestamp"), fields(declared));
    }

    @Test
    void aHeaderOfNeitherShapeIsRefused() {
        for (String header : List.of("time,value", "value,timestamp", "timestamp", "timestamp;value", "series_id,value,timestamp", "id,timestamp,value"))
            assertEquals(List.of("line 1"), fields(refused(header + "\n2024-01-01T00:00:00Z,1\n")), header);
        assertEquals(List.of("line 1, column 3"), fields(refused("timestamp,value,\n2024-01-01T00:00:00Z,1,2\n")));
        assertEquals(List.of("line 1, column t"), fields(refused("timestamp,value,t,t\n2024-01-01T00:00:00Z,1,2,3\n")));
        assertEquals(List.of("line 1, column Value"), fields(refused("timestamp,value,Value\n2024-01-01T00:00:00Z,1,2\n")));
        assertEquals(List.of("body"), fields(refused("")));
        assertEquals(List.of("body"), fields(refused("timestamp,value\n")), "no rows");
    }

    @Test
    void badSeriesIdsAndQuotingAreNamedByLine() {
        assertEquals(List.of("line 2, column series_id"), fields(refused("series_id,timestamp,value\nshop 1,2024-01-01T00:00:00Z,1\n")));
        assertEquals(List.of("line 2"), fields(refused("timestamp,value\n\"2024-01-01T00:00:00Z,1\n")), "a quote left open");
        assertEquals(List.of("line 2"), fields(refused("timestamp,value\n\"2024-01-01T00:00:00Z\"x,1\n")), "text after a closing quote");
        assertEquals(List.of("body"), fields(assertThrows(ProblemException.class,
                () -> CsvRows.read(new byte[] {'t', ',', (byte) 0xC3}, 10, null)).problem()), "not UTF-8");
    }

    @Test
    void moreRowsThanTheLimitInOneSeriesIs413NamingTheLine() {
        var csv = new StringBuilder("series_id,timestamp,value\n");
        for (int i = 0; i < 3; i++) csv.append("a,").append(1_700_000_000 + 3600 * i).append(",1\n").append("b,").append(1_700_000_000 + 3600 * i).append(",1\n");
        var ok = CsvRows.read(csv.toString().getBytes(StandardCharsets.UTF_8), 3, null);
        assertEquals(2, ok.series().size());
        csv.append("b,").append(1_700_000_000 + 3600 * 3).append(",1\n");
        var p = assertThrows(ProblemException.class, () -> CsvRows.read(csv.toString().getBytes(StandardCharsets.UTF_8), 3, null)).problem();
        assertEquals(413, p.status());
        assertEquals(List.of("line 8"), fields(p));
        assertTrue(p.errors().get(0).message().contains("series b"), p.errors().get(0).message());
    }

    @Test
    void aByteOrderMarkAndCrLfLinesAreFine() {
        var s = read("\uFEFFtimestamp,value\r\n2024-01-01,1\r\n2024-01-02,2\r\n").only();
        assertEquals(Frequency.DAILY, s.frequency());
    }

    @Test
    void csvMediaTypesAreRecognised() {
        assertTrue(CsvRows.isCsv("text/csv"));
        assertTrue(CsvRows.isCsv("Text/CSV; charset=utf-8"));
        assertTrue(CsvRows.isCsv("application/csv"));
        assertFalse(CsvRows.isCsv("application/json"));
        assertFalse(CsvRows.isCsv(null));
    }

    @Test
    void decimalsAreWhatJsonWritesLessNonFiniteWords() {
        for (String ok : List.of("1", "-1", "+1.5", ".5", "5.", "1e3", "1.5E-7", "0")) assertTrue(CsvRows.decimal(ok), ok);
        for (String bad : List.of("NaN", "Infinity", "-Infinity", "0x10", "1d", "1f", "1e", ".", "-", "1,5", "1 000", "١")) assertFalse(CsvRows.decimal(bad), bad);
    }
}
