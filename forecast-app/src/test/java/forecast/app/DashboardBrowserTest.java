package forecast.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard under {@code /ui} in a real browser: Debian's chromium, headless, driven through
 * {@code /usr/bin/chromedriver} (Selenium Manager never asked to download anything), against a
 * real server with two versions, an A/B test with scored traffic, an ask-and-tell study, a
 * pipeline run and the bootstrap's stored series. Each page loads without a console error, its
 * charts draw their points, the A/B page shows the API's numbers, and deploying from the Models
 * page changes the live version. Without chromium and chromedriver the tests are skipped, except
 * under {@code CI=true}, where they fail ({@code .ci/run} installs them). Screenshots of the main
 * pages go to {@code target/dashboard-screenshots/} (the ones in {@code docs/} come from there).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration PAGE_TIMEOUT = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @TempDir
    static Path data;
    static TestServer server;
    static ChromeDriver driver;
    static String base;
    static String challenger;
    static String champion;
    static List<String> train;

    @BeforeAll
    static void start() throws Exception {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            String reason = "no browser: " + CHROMIUM + " and " + CHROMEDRIVER + " are needed (Debian: apt-get install chromium chromium-driver)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) throw new IllegalStateException(reason + "; CI=true, so this fails rather than skips");
            Assumptions.abort(reason);
        }
        train = Files.readAllLines(Path.of("").toAbsolutePath().getParent().resolve("test_data/time_series_train.csv")).subList(1, 2905);
        server = TestServer.start(data);
        base = "http://127.0.0.1:" + server.app.port();
        champion = (String) server.get("/models/v1.2").json().get("id");
        challenger = trainChallenger();
        experiment();
        study();
        pipelineRun();
        driver = browser();
    }

    @AfterAll
    static void stop() {
        if (driver != null) driver.quit();
        if (server != null) server.close();
    }

    /** A second version of {@code default}: seasonal naive with a half-day period, registered, not deployed. */
    @SuppressWarnings("unchecked")
    private static String trainChallenger() {
        var trained = server.post("/models/train", "{\"algorithm\": \"seasonal_naive\", \"name\": \"half-day\", \"wait\": true, \"hyperparameters\": {\"period\": 12},"
                + " \"data\": " + rows(train.size() - 1200, train.size()) + "}");
        assertEquals(200, trained.status(), trained.body());
        return (String) ((Map<String, Object>) trained.json().get("model")).get("id");
    }

    /** An A/B test between the two versions, 300 forecasts from units, and their actuals: every number of the report is known. */
    private static void experiment() {
        var start = server.post("/ab-test/start", "{\"name\": \"naive_vs_xgboost\", \"models\": [\"half-day\", \"v1.2\"], \"traffic_split\": [0.5, 0.5],"
                + " \"duration_hours\": 24, \"min_samples\": 50}");
        assertEquals(201, start.status(), start.body());
        for (int u = 0; u < 300; u++) {
            int end = train.size() - 1 - u % 100;
            var r = server.post("/predict", "{\"data\": " + rows(end - 168, end) + ", \"forecast_horizon\": 1,"
                    + " \"series_id\": \"meter\", \"unit_id\": \"u" + u + "\"}");
            assertEquals(200, r.status(), r.body());
        }
        var actuals = server.post("/actuals", "{\"series_id\": \"meter\", \"data\": " + actualRows(train.size() - 120, train.size()) + "}");
        assertEquals(200, actuals.status(), actuals.body());
    }

    /** An ask-and-tell study of 24 trials: Branin in x1 and x2, plus 20 when booster is dart, so that both kinds of parameter matter. */
    private static void study() {
        var created = server.post("/tuning/studies", """
                {"name": "branin", "direction": "minimize", "sampler": "random", "seed": 3,
                 "search_space": {"x1": {"type": "float", "low": -5, "high": 10}, "x2": {"type": "float", "low": 0, "high": 15},
                                  "booster": {"type": "categorical", "choices": ["gbtree", "dart"]}}}""");
        assertEquals(201, created.status(), created.body());
        for (int i = 0; i < 24; i++) {
            var ask = server.post("/tuning/studies/branin/ask", "");
            assertEquals(200, ask.status(), ask.body());
            @SuppressWarnings("unchecked") var p = (Map<String, Object>) ask.json().get("params");
            double x1 = ((Number) p.get("x1")).doubleValue(), x2 = ((Number) p.get("x2")).doubleValue();
            double b = 5.1 / (4 * Math.PI * Math.PI), c = 5 / Math.PI, t = 1 / (8 * Math.PI);
            double value = Math.pow(x2 - b * x1 * x1 + c * x1 - 6, 2) + 10 * (1 - t) * Math.cos(x1) + 10 + ("dart".equals(p.get("booster")) ? 20 : 0);
            var tell = server.post("/tuning/studies/branin/tell", String.format(Locale.ROOT, "{\"trial\": %s, \"value\": %s}", ask.json().get("trial"), value));
            assertEquals(200, tell.status(), tell.body());
        }
    }

    /** A retraining run with a quick algorithm, waited for (its outcome is not what these tests check). */
    @SuppressWarnings("unchecked")
    private static void pipelineRun() throws InterruptedException {
        var run = server.post("/pipeline/run", "{\"reason\": \"dashboard test\", \"algorithm\": \"seasonal_naive\", \"n_trials\": 0}");
        assertEquals(202, run.status(), run.body());
        String id = (String) run.json().get("id");
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline && "running".equals(server.get("/pipeline/runs/" + id).json().get("state"))) Thread.sleep(250);
    }

    /** Rows {@code from} (inclusive) to {@code to} (exclusive) of the training file as a JSON data array. */
    static String rows(int from, int to) {
        var out = new StringBuilder("[");
        for (String line : train.subList(from, to)) {
            String[] c = line.split(",", -1);
            if (out.length() > 1) out.append(',');
            out.append("[\"").append(c[0]).append("\",").append(c[1].isEmpty() ? "null" : c[1]).append(',').append(c[2]).append(',').append(c[3]).append(']');
        }
        return out.append(']').toString();
    }

    /** Rows as {@code [timestamp, value]} pairs: the realised values. */
    static String actualRows(int from, int to) {
        var out = new StringBuilder("[");
        for (String line : train.subList(from, to)) {
            String[] c = line.split(",", -1);
            if (c[1].isEmpty()) continue;
            out.append(out.length() > 1 ? "," : "").append("[\"").append(c[0]).append("\",").append(c[1]).append(']');
        }
        return out.append(']').toString();
    }

    private static ChromeDriver browser() {
        var service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        var options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1300,1000");
        var logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        var chrome = new ChromeDriver(service, options);
        chrome.manage().timeouts().pageLoadTimeout(PAGE_TIMEOUT).scriptTimeout(PAGE_TIMEOUT);
        return chrome;
    }

    /** Opens a page and waits until it has rendered everything it loads (body[data-ready]). */
    private static void open(String page) {
        driver.get(base + "/ui/" + page);
        new WebDriverWait(driver, PAGE_TIMEOUT).until(d -> "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-ready")));
    }

    /** The admin key in this tab, entered through the form an admin page shows when there is none. */
    private static void withKey() {
        open("ab.html");
        if (js("return sessionStorage.getItem('forecast.adminKey');") != null) return;
        driver.findElement(By.id("admin-key")).sendKeys(TestServer.ADMIN_KEY);
        driver.findElement(By.id("key-submit")).click();
        new WebDriverWait(driver, PAGE_TIMEOUT).until(d -> !d.findElements(By.id("arms")).isEmpty());
    }

    private static Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** The page's JS errors (window.__errors: uncaught errors, rejections, console.error) and the browser's SEVERE log lines. */
    private static List<String> errors() {
        var found = new ArrayList<String>();
        @SuppressWarnings("unchecked") var page = (List<Object>) js("return window.__errors || ['errors.js did not run'];");
        for (Object e : page) found.add(String.valueOf(e));
        for (var entry : driver.manage().logs().get(LogType.BROWSER))
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) found.add("browser log: " + entry.getMessage());
        return found;
    }

    /** The points a chart drew (data-points, set in uPlot's draw hook). */
    private static int points(String chart) {
        var el = driver.findElement(By.cssSelector("[data-chart='" + chart + "']"));
        new WebDriverWait(driver, PAGE_TIMEOUT).until(d -> el.getDomAttribute("data-points") != null);
        return Integer.parseInt(el.getDomAttribute("data-points"));
    }

    private static void screenshot(String name) throws Exception {
        Path dir = Path.of("target/dashboard-screenshots");
        Files.createDirectories(dir);
        Files.write(dir.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }

    private static HttpResponse<String> plainGet(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Order(1)
    void theFilesAreOpenAndTheRootRedirectsToTheDashboard() throws Exception {
        var root = plainGet("/");
        assertEquals(302, root.statusCode());
        assertEquals("/ui/", root.headers().firstValue("Location").orElse(null));
        var ui = plainGet("/ui");
        assertEquals(302, ui.statusCode());
        assertEquals("/ui/", ui.headers().firstValue("Location").orElse(null));
        for (String file : List.of("/ui/", "/ui/index.html", "/ui/ab.html", "/ui/api.js", "/ui/style.css", "/ui/vendor/uplot/uPlot.iife.min.js", "/ui/vendor/uplot/uPlot.min.css")) {
            var r = plainGet(file);
            assertEquals(200, r.statusCode(), file + " without a key: " + r.body());
        }
        assertTrue(plainGet("/ui/index.html").headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(plainGet("/ui/api.js").headers().firstValue("Content-Type").orElse("").contains("javascript"));
        assertEquals(404, plainGet("/ui/no-such-page.html").statusCode());
        assertEquals(401, plainGet("/ab-test").statusCode(), "the API's admin reads stay guarded");
    }

    @Test
    @Order(2)
    void theOverviewNeedsNoKeyAndAnAdminPageAsksForItOnceKeepingItInSessionStorage() {
        open("index.html");
        assertEquals(List.of(), errors());
        var models = driver.findElement(By.id("models")).getText();
        assertTrue(models.contains("default") && models.contains(champion), models);
        assertTrue(driver.findElement(By.id("p99")).getText().endsWith("ms"), "p99 from the metrics");
        assertTrue(driver.findElements(By.id("key-form")).size() == 1, "the last pipeline run asks for the key");

        open("ab.html"); // no key yet: the page asks for it
        assertEquals(1, driver.findElements(By.id("admin-key")).size(), "the A/B page asks for the key");
        withKey();
        open("pipeline.html");
        assertTrue(driver.findElements(By.id("key-form")).isEmpty(), "asked once: the next admin page has it");
        assertEquals(TestServer.ADMIN_KEY, js("return sessionStorage.getItem('forecast.adminKey');"));
        assertNull(js("return localStorage.getItem('forecast.adminKey');"), "the key stays out of localStorage");
        assertEquals(0L, js("return document.cookie.length;"), "and out of cookies");
        assertEquals(List.of(), errors());
    }

    @Test
    @Order(3)
    void everyPageLoadsWithoutErrorsDrawsItsChartsAndRequestsNothingElsewhere() throws Exception {
        withKey();
        record Page(String file, String screenshot, List<String> charts) {}
        var pages = List.of(new Page("index.html", "dashboard-overview", List.of()),
                new Page("forecast.html", "dashboard-forecast", List.of("forecast")),
                new Page("models.html", "dashboard-models", List.of("deployments")),
                new Page("ab.html", "dashboard-ab", List.of()),
                new Page("tuning.html", "dashboard-tuning", List.of("trials")),
                new Page("drift.html", "dashboard-drift", List.of()),
                new Page("pipeline.html", "dashboard-pipeline", List.of()));
        for (var page : pages) {
            open(page.file());
            assertTrue(driver.findElements(By.cssSelector(".problem")).isEmpty(),
                    page.file() + " shows a problem: " + driver.findElements(By.cssSelector(".problem")).stream().map(e -> e.getText()).toList());
            assertTrue(driver.findElements(By.id("key-form")).isEmpty(), page.file() + " asks for the key again");
            for (String chart : page.charts()) assertTrue(points(chart) > 0, page.file() + ": chart " + chart + " drew no point");
            @SuppressWarnings("unchecked") var elsewhere = (List<Object>) js(
                    "return performance.getEntriesByType('resource').map(e => e.name).filter(n => !n.startsWith(location.origin));");
            assertEquals(List.of(), elsewhere, page.file() + ": every request stays on this server");
            if (page.file().equals("index.html")) // the request rate needs a second read of the metrics, 5 s later
                new WebDriverWait(driver, PAGE_TIMEOUT).until(d -> d.findElement(By.id("rate")).getText().endsWith("req/s"));
            assertEquals(List.of(), errors(), page.file());
            screenshot(page.screenshot());
        }
    }

    @Test
    @Order(4)
    @SuppressWarnings("unchecked")
    void theForecastChartHasTheHistoryTheForecastItsBandsAndTheActuals() {
        withKey();
        open("forecast.html?model=default&series=default&horizon=24&history=168&holdout=true");
        assertTrue(points("forecast") > 0);
        // the chart's data: x, history, forecast, 95% low/high, 80% low/high, actuals
        var lengths = (List<Object>) js("return window.__charts.forecast.data.map(s => s.filter(v => v !== null).length);");
        assertEquals(List.of(168L + 24, 168L, 24L, 24L, 24L, 24L, 24L, 24L), lengths);
        var bands = (List<Object>) js("const d = window.__charts.forecast.data; const i = 168 + 5; return [d[3][i], d[5][i], d[2][i], d[6][i], d[4][i]];");
        double lo95 = ((Number) bands.get(0)).doubleValue(), lo80 = ((Number) bands.get(1)).doubleValue(), mid = ((Number) bands.get(2)).doubleValue();
        double hi80 = ((Number) bands.get(3)).doubleValue(), hi95 = ((Number) bands.get(4)).doubleValue();
        assertTrue(lo95 <= lo80 && lo80 <= mid && mid <= hi80 && hi80 <= hi95, "the 80% band inside the 95% one: " + bands);
        assertEquals(List.of(), errors());

        // an API error shows on the page with the problem's detail (the browser logs the failed request itself)
        open("forecast.html?model=default&version=no-such-version&series=default");
        String problem = driver.findElement(By.cssSelector("#forecast-out .problem")).getText();
        assertTrue(problem.startsWith("404") && problem.contains("no-such-version"), problem);
        var logged = errors();
        assertTrue(logged.stream().allMatch(e -> e.startsWith("browser log: ") && e.contains("404")), String.valueOf(logged));
    }

    @Test
    @Order(5)
    @SuppressWarnings("unchecked")
    void theAbPageShowsTheApisNumbers() {
        withKey();
        open("ab.html?name=naive_vs_xgboost");
        var report = server.get("/ab-test/naive_vs_xgboost").json();
        var arms = (List<Map<String, Object>>) report.get("arms");
        double weights = arms.stream().mapToDouble(a -> ((Number) a.get("weight")).doubleValue()).sum();
        long requests = arms.stream().mapToLong(a -> ((Number) a.get("requests")).longValue()).sum();
        assertEquals(300, requests);
        for (var arm : arms) {
            var mape = (Map<String, Object>) arm.get("mape");
            String row = "#arms tr[data-arm='" + ((Number) arm.get("index")).intValue() + "'] ";
            assertEquals(number(arm.get("requests")), shown(row + "[data-field=requests]"));
            assertEquals(number(arm.get("scored_predictions")), shown(row + "[data-field=scored_predictions]"));
            assertTrue(number(arm.get("scored_predictions")) > 0, "actuals scored the arm's forecasts");
            assertEquals(number(mape.get("value")), shown(row + "[data-field=mape]"));
            assertEquals(number(mape.get("ci_low")), shown(row + "[data-field=mape_ci_low]"));
            assertEquals(number(mape.get("ci_high")), shown(row + "[data-field=mape_ci_high]"));
            assertEquals(number(arm.get("weight")) / weights, shown(row + "[data-field=split]"), 1e-12);
            assertEquals(number(arm.get("requests")) / requests, shown(row + "[data-field=share]"), 1e-12);
            // what a person reads is the same number, rounded
            assertEquals(String.format(Locale.ROOT, "%.3f", number(mape.get("value"))), driver.findElement(By.cssSelector(row + "[data-field=mape]")).getText());
        }
        var comparisons = (List<Map<String, Object>>) report.get("comparisons");
        assertTrue(!comparisons.isEmpty());
        for (int i = 0; i < comparisons.size(); i++) {
            String row = "#comparisons tr[data-comparison='" + i + "'] ";
            assertEquals(number(comparisons.get(i).get("welch_p")), shown(row + "[data-field=welch_p]"));
            assertEquals(number(comparisons.get(i).get("mann_whitney_p")), shown(row + "[data-field=mann_whitney_p]"));
            assertEquals(number(((Map<String, Object>) comparisons.get(i).get("difference")).get("value")), shown(row + "[data-field=difference]"));
        }
        var ratio = (Map<String, Object>) report.get("sample_ratio");
        assertEquals(number(ratio.get("p_value")), shown("#sample-ratio b[data-value]"));
        var decision = (Map<String, Object>) report.get("decision");
        assertEquals(decision.get("status"), driver.findElement(By.id("decision")).getDomAttribute("data-status"));
        assertEquals(List.of(), errors());
    }

    @Test
    @Order(6)
    @SuppressWarnings("unchecked")
    void deployingFromTheModelsPageChangesTheLiveVersion() throws Exception {
        withKey();
        assertEquals(champion, liveVersion());
        open("models.html?model=default");
        assertEquals(champion, driver.findElement(By.id("live")).getText());
        driver.findElement(By.id("deploy-" + challenger)).click();
        driver.switchTo().alert().accept(); // "Make ... the live version?"
        new WebDriverWait(driver, PAGE_TIMEOUT).until(d -> challenger.equals(liveVersion()));
        open("models.html?model=default"); // the page reloads itself; wait for the new one to show it
        new WebDriverWait(driver, PAGE_TIMEOUT).until(d -> challenger.equals(d.findElement(By.id("live")).getText()));
        var history = (List<Map<String, Object>>) server.get("/models/default/deployments").json().get("deployments");
        var last = history.get(history.size() - 1);
        assertEquals(challenger, last.get("version"));
        assertEquals("dashboard", last.get("actor"));
        assertTrue(points("deployments") >= history.size(), "a point per deployment");

        driver.findElement(By.id("rollback")).click();
        driver.switchTo().alert().accept();
        new WebDriverWait(driver, PAGE_TIMEOUT).until(d -> champion.equals(liveVersion()));
        assertNotEquals(challenger, liveVersion());
        open("models.html?model=default"); // the history now has the deploy and the rollback
        new WebDriverWait(driver, PAGE_TIMEOUT).until(d -> champion.equals(d.findElement(By.id("live")).getText()));
        assertEquals(List.of(), errors());
        screenshot("dashboard-models");
    }

    @SuppressWarnings("unchecked")
    private static String liveVersion() {
        var models = (List<Map<String, Object>>) server.get("/models").json().get("models");
        return (String) models.stream().filter(m -> "default".equals(m.get("name"))).findFirst().orElseThrow().get("live_version");
    }

    private static double number(Object o) {
        return ((Number) o).doubleValue();
    }

    /** The exact value a cell carries (data-value). */
    private static double shown(String css) {
        return Double.parseDouble(driver.findElement(By.cssSelector(css)).getDomAttribute("data-value"));
    }

    @Test
    @Order(7)
    void theTuningPageExplainsItsImportanceEstimateAndFindsBothParametersKinds() {
        withKey();
        open("tuning.html?study=branin");
        assertEquals(24, points("trials") - 24, "24 values and 24 best-so-far points");
        var params = driver.findElements(By.cssSelector("#importance tr[data-param]")).stream().map(e -> e.getDomAttribute("data-param")).toList();
        assertEquals(3, params.size(), String.valueOf(params));
        assertTrue(driver.findElement(By.tagName("main")).getText().contains("How it is computed"));
        assertEquals(24, driver.findElements(By.cssSelector("#trials tr[data-trial]")).size());
        assertEquals(List.of(), errors());
    }
}
