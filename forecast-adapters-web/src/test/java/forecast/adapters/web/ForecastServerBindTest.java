package forecast.adapters.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/**
 * A server whose port another process holds fails to start with a {@link ForecastServer.BindException}
 * naming the port, rather than starting without a listener and reporting port -1.
 */
class ForecastServerBindTest {
    @Test
    void aPortInUseIsABindExceptionNamingIt() throws Exception {
        try (var taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            int port = taken.getLocalPort();
            var e = assertThrows(ForecastServer.BindException.class, () -> new Fixture(true, Fixture.SETTINGS.withPort(port)).close());
            assertEquals(port, e.port());
            assertTrue(e.getMessage().startsWith("cannot listen on port " + port + " (127.0.0.1): "), e.getMessage());
            assertTrue(e.getMessage().lines().count() == 1, e.getMessage());

            var check = assertThrows(ForecastServer.BindException.class, () -> ForecastServer.checkPort("127.0.0.1", port));
            assertTrue(check.getMessage().contains("already in use"), check.getMessage());
        }
    }
}
