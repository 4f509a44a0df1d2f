package forecast.adapters.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.util.Locale;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What happens around the routes: bodies over the limit, malformed HTTP. */
class HttpTransportTest {
    static final String GOOD = "{\"data\": " + Fixture.rows(Instant.parse("2030-01-01T09:00:00Z"), 10, 0) + ", \"forecast_horizon\": 1}";
    static Fixture fixture;

    @BeforeAll
    static void start() {
        fixture = new Fixture(true);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    static byte[] oversized(int bytes) {
        String head = "{\"forecast_horizon\": 1, \"pad\": \"";
        return (head + "x".repeat(bytes - head.length() - 2) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void oversizedBodiesAreRefusedAndTheClientCarriesOn() {
        long max = Fixture.SETTINGS.maxBodyBytes();
        for (int i = 0; i < 10; i++) {
            byte[] slightly = oversized((int) max + 1 + i * 1000);
            byte[] much = oversized((int) max * 3);
            PredictTest.assertProblem(fixture.http.post("/predict", slightly), 413, "body");
            assertEquals(200, fixture.http.post("/predict", GOOD).status());
            PredictTest.assertProblem(fixture.http.postChunked("/predict", slightly), 413, "body");
            assertEquals(200, fixture.http.post("/predict", GOOD).status());
            PredictTest.assertProblem(fixture.http.post("/predict/batch", much), 413, "body");
            assertEquals(200, fixture.http.post("/predict", GOOD).status());
            PredictTest.assertProblem(fixture.http.postChunked("/models/deploy", much), 413, "body");
            assertEquals(200, fixture.http.post("/predict", GOOD).status());
        }
    }

    @Test
    void aDeclaredLengthBeyondWhatIsWorthReadingIsRefusedUpFront() throws IOException {
        String response = raw("POST /predict HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 999999999\r\n\r\n{");
        assertTrue(response.startsWith("HTTP/1.1 413"), response);
        assertTrue(response.toLowerCase(Locale.ROOT).contains("content-type: application/problem+json"), response);
        assertTrue(response.contains("\"field\":\"body\""), response);
    }

    @Test
    void malformedHttpIsABadRequestProblem() throws IOException {
        String response = raw("POST /predict HTTP/1.1\r\nHost: localhost\r\nContent-Length: abc\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 400"), response);
        assertTrue(response.toLowerCase(Locale.ROOT).contains("content-type: application/problem+json"), response);
    }

    /** Sends {@code request} on a fresh socket and returns the answer, up to the end of its JSON body. */
    static String raw(String request) throws IOException {
        try (var socket = new Socket("127.0.0.1", fixture.server.port())) {
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            var in = socket.getInputStream();
            var out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                String text = out.toString(StandardCharsets.ISO_8859_1);
                int headersEnd = text.indexOf("\r\n\r\n");
                if (headersEnd >= 0 && text.indexOf('}', headersEnd) >= 0) break;
            }
            return out.toString(StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void aBodyOfExactlyTheLimitIsRead() {
        var r = fixture.http.post("/predict", oversized((int) Fixture.SETTINGS.maxBodyBytes()));
        PredictTest.assertProblem(r, 400, "data");
    }
}
