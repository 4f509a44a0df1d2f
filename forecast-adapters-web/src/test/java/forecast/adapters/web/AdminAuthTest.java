package forecast.adapters.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AdminAuthTest {
    static final AdminAuth AUTH = new AdminAuth(AdminKeys.of(AdminKeys.hash("k1"), AdminKeys.hash("k2")));

    @ParameterizedTest(name = "{0} {1}: {2}")
    @CsvSource({
            "POST, /predict, false", "POST, /predict/batch, false", "POST, /predict/, false",
            "POST, /models/train, true", "POST, /models/deploy, true", "POST, /models/rollback, true",
            "POST, /tuning/studies, true", "POST, /tuning/studies/s/tell, true", "POST, /ab-test/start, true",
            "POST, /ab-test/x/promote, true", "POST, /actuals, true", "POST, /anything/new, true", "POST, unmatched, true",
            "PUT, /models/deploy, true", "DELETE, /models/v1, true", "PATCH, /models/v1, true", "post, /models/deploy, true", "get, /jobs, true",
            "GET, /jobs, true", "GET, /jobs/, true", "GET, /jobs/abc, true", "HEAD, /jobs, true", "GET, /tuning/studies, true",
            "GET, /tuning/studies/{name}, true", "GET, /tuning, true", "GET, /ab-test, true", "GET, /ab-test/exp-1, true",
            "GET, /models, false", "GET, /models/v1.2, false", "GET, /models/deployments, false", "GET, /observe/health, false",
            "GET, /observe/metrics, false", "GET, /predict, false", "GET, /jobsite, false", "GET, /tuningx, false",
            "GET, unmatched, false", "OPTIONS, /models, false",
            "POST, /pipeline/run, true", "GET, /pipeline/runs, true", "GET, /pipeline/runs/{id}, true", "GET, /pipeline/runs/r-1, true",
            "HEAD, /pipeline/runs, true", "POST, /alerts/{id}/resolve, true", "POST, /alerts/3/resolve, true",
            "GET, /drift, false", "GET, /alerts, false", "GET, /alerts/3, false", "GET, /alerts/{id}, false", "GET, /pipelines, false",
            "PUT, /series/{id}, true", "PUT, /series/shop-1, true", "POST, /series, true", "GET, /series, true", "GET, /series/{id}, true",
            "GET, /series/shop-1, true", "GET, /seriesx, false"})
    void adminRoutesGoByMethodAndPath(String method, String path, boolean guarded) {
        assertEquals(guarded, AUTH.guards(method, path));
    }

    @Test
    void predictIsGuardedWhenConfiguredSo() {
        var auth = new AdminAuth(AdminKeys.of(AdminKeys.hash("k1")).withPredictRequiresKey(true));
        assertTrue(auth.guards("POST", "/predict"));
        assertTrue(auth.guards("POST", "/predict/batch"));
        assertFalse(auth.guards("GET", "/models"));
    }

    @Test
    void theKeyComesFromABearerTokenOrXApiKey() {
        assertEquals("abc", AdminAuth.presented("Bearer abc", null));
        assertEquals("abc", AdminAuth.presented("bearer  abc ", null));
        assertEquals("abc", AdminAuth.presented(null, " abc"));
        assertEquals("abc", AdminAuth.presented("Basic eDp5", "abc"));
        assertEquals("from-bearer", AdminAuth.presented("Bearer from-bearer", "from-header"));
        assertNull(AdminAuth.presented("Basic eDp5", null));
        assertNull(AdminAuth.presented("Bearer ", ""));
        assertNull(AdminAuth.presented("Bearer", null));
        assertNull(AdminAuth.presented(null, null));
    }

    @Test
    void onlyConfiguredKeysAreAccepted() {
        assertTrue(AUTH.accepts("k1"));
        assertTrue(AUTH.accepts("k2"));
        assertFalse(AUTH.accepts("k3"));
        assertFalse(AUTH.accepts(""));
        assertFalse(new AdminAuth(AdminKeys.none()).accepts("k1"));
    }

    @Test
    void missingKeyIs401WrongKey403RightKeyOrOpenRouteNothing() {
        assertEquals(401, AUTH.refusal("POST", "/models/deploy", "/models/deploy", null, null).status());
        assertEquals(403, AUTH.refusal("POST", "/models/deploy", "/models/deploy", "Bearer k3", null).status());
        assertNull(AUTH.refusal("POST", "/models/deploy", "/models/deploy", "Bearer k2", null));
        assertNull(AUTH.refusal("POST", "/models/deploy", "/models/deploy", null, "k1"));
        assertNull(AUTH.refusal("POST", "/predict", "/predict", null, null));
        assertEquals(401, AUTH.refusal("GET", "/jobs/{id}", "/jobs/x", null, null).status(), "by route pattern");
        assertEquals(401, AUTH.refusal("GET", "unmatched", "/ab-test", null, null).status(), "by path");
        assertEquals(401, AUTH.refusal("GET", "/pipeline/runs/{id}", "/pipeline/runs/x", null, null).status());
        assertEquals(401, AUTH.refusal("POST", "/alerts/{id}/resolve", "/alerts/1/resolve", null, null).status());
        assertNull(AUTH.refusal("GET", "/alerts/{id}", "/alerts/1", null, null), "monitoring is read-only and open");
        assertNull(AUTH.refusal("GET", "/drift", "/drift", null, null));
    }

    @Test
    void hashesAreSha256InHexWithAPrefix() {
        assertEquals("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", AdminKeys.hash("abc"));
        var upper = new AdminKeys(Set.of("SHA256:BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD"), false);
        assertEquals(Set.of(AdminKeys.hash("abc")), upper.hashes());
        assertTrue(new AdminAuth(upper).accepts("abc"));
        for (String bad : new String[] {"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", "sha256:abc", "md5:x", "",
                "sha256:zz7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"})
            assertThrows(IllegalArgumentException.class, () -> AdminKeys.of(bad), bad);
        assertFalse(AdminKeys.of(AdminKeys.hash("abc")).toString().contains("ba7816"), "toString shows counts only");
    }
}
