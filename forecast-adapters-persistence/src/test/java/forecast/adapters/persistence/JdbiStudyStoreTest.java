package forecast.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.contract.StudyStoreContract;
import forecast.domain.tuning.FloatDistribution;
import forecast.domain.tuning.FrozenTrial;
import forecast.domain.tuning.IntDistribution;
import forecast.domain.tuning.StudyStore;
import forecast.domain.tuning.TrialState;
import forecast.domain.tuning.TrialStateException;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.StatementContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The study store contract on an H2 file database, opened as the server opens it, and what SQL readers see. */
class JdbiStudyStoreTest implements StudyStoreContract {
    @TempDir
    Path data;

    private final FileDatabases databases = new FileDatabases(() -> data);

    @Override
    public StudyStore createStore() {
        return databases.fresh().studyStore();
    }

    @AfterEach
    void close() {
        databases.close();
    }

    @Test
    void aStudyAndItsTrialsSurviveClosingTheDatabase() {
        var store = databases.open("resumed").studyStore();
        var study = StudyStoreContract.definition("xgb-default", T0);
        store.create(study);
        var space = StudyStoreContract.searchSpace();
        for (int n = 0; n < 3; n++) {
            store.startTrial("xgb-default", T0.plusSeconds(n));
            store.saveParam("xgb-default", n, "booster", space.get("booster"), "dart");
            store.saveParam("xgb-default", n, "learning_rate", space.get("learning_rate"), 0.01 * (n + 1));
            store.saveIntermediate("xgb-default", n, 0, 10.0 - n);
        }
        store.finish("xgb-default", 0, TrialState.COMPLETE, 4.5, T0.plusSeconds(60));
        store.saveAttribute("xgb-default", 1, FrozenTrial.FAIL_REASON, "boom");
        store.finish("xgb-default", 1, TrialState.FAILED, null, T0.plusSeconds(61));
        store.enqueue("xgb-default", Map.of("max_depth", 5));
        var before = store.trials("xgb-default");
        databases.closeLast();

        var reopened = databases.open("resumed").studyStore();
        StudyStoreContract.assertSameDefinition(study, reopened.find("xgb-default").orElseThrow());
        var after = reopened.trials("xgb-default");
        assertEquals(before.size(), after.size());
        for (int i = 0; i < before.size(); i++) StudyStoreContract.assertSameTrial(before.get(i), after.get(i));
        var resumed = reopened.startTrial("xgb-default", T0.plusSeconds(99));
        assertEquals(3, resumed.number(), "the enqueued trial is taken first");
        assertEquals(List.of("max_depth=5"), StudyStoreContract.json(resumed.fixedParams()));
        assertEquals(4, reopened.startTrial("xgb-default", T0.plusSeconds(100)).number(), "numbering goes on");
        reopened.finish("xgb-default", 2, TrialState.PRUNED, 8.0, T0.plusSeconds(101));
    }

    @Test
    void studySummaryAnswersInPlainSql() throws SQLException {
        var persistence = databases.open("summary");
        var store = persistence.studyStore();
        var up = StudyStoreContract.definition("up", T0);
        store.create(up);
        var depth = IntDistribution.of(2, 12);
        double[] values = {1.0, 3.0, 3.0, 2.0};
        for (int n = 0; n < values.length; n++) {
            store.startTrial("up", T0);
            store.saveParam("up", n, "max_depth", depth, n + 2);
            store.saveParam("up", n, "booster", up.searchSpace().get("booster"), "gbtree");
            store.finish("up", n, TrialState.COMPLETE, values[n], T0.plusSeconds(n));
        }
        store.startTrial("up", T0);
        store.finish("up", 4, TrialState.PRUNED, 99.0, T0.plusSeconds(10)); // pruned values never win
        store.startTrial("up", T0);
        store.finish("up", 5, TrialState.FAILED, null, T0.plusSeconds(11));
        store.startTrial("up", T0);
        store.enqueue("up", Map.of());
        store.create(StudyStoreContract.bare("down", T0.plusSeconds(1)));
        for (double v : new double[] {5.0, Double.NEGATIVE_INFINITY, -7.0}) {
            int n = store.startTrial("down", T0).number();
            store.finish("down", n, TrialState.COMPLETE, v, T0);
        }
        store.create(StudyStoreContract.bare("empty", T0.plusSeconds(2)));

        var rows = query(persistence.jdbcUrl(), """
                SELECT study, direction, trials, waiting, running, complete, pruned, failed, best_trial, best_value, best_params
                  FROM study_summary ORDER BY created_at
                """);
        assertEquals(List.of(
                List.of("up", "MAXIMIZE", "8", "1", "1", "4", "1", "1", "1", "3.0", "max_depth=3, booster=\"gbtree\""),
                List.of("down", "MINIMIZE", "3", "0", "0", "3", "0", "0", "1", "-Infinity", "null"),
                List.of("empty", "MINIMIZE", "0", "0", "0", "0", "0", "0", "null", "null", "null")), rows);
    }

    @Test
    void readableColumnsSayWhatTheJsonSays() throws SQLException {
        var persistence = databases.open("readable");
        var store = persistence.studyStore();
        store.create(StudyStoreContract.definition("s", T0));
        store.startTrial("s", T0);
        store.saveParam("s", 0, "subsample", FloatDistribution.stepped(0.5, 1.0, 0.1), 0.7);
        store.saveParam("s", 0, "mixed", StudyStoreContract.mixed(), 3);
        store.saveIntermediate("s", 0, 0, Double.NaN);
        store.saveIntermediate("s", 0, 1, Double.POSITIVE_INFINITY);
        store.saveAttribute("s", 0, FrozenTrial.FAIL_REASON, "NaN at fold 0");
        store.finish("s", 0, TrialState.FAILED, null, T0.plusSeconds(3));
        var url = persistence.jdbcUrl();
        assertEquals(List.of(
                        List.of("learning_rate", "float", "1.0E-5", "0.3", "null", "TRUE", "null"),
                        List.of("subsample", "float", "0.5", "1.0", "0.1", "FALSE", "null"),
                        List.of("max_depth", "int", "2.0", "12.0", "1.0", "FALSE", "null"),
                        List.of("booster", "categorical", "null", "null", "null", "null", "3")),
                query(url, "SELECT name, kind, low, high, step, log, choices FROM study_search_space WHERE position IN (0, 1, 3, 6) ORDER BY position"));
        assertEquals(List.of(List.of("0", "subsample", "0.7", "0.7"), List.of("1", "mixed", "3", "2.0")),
                query(url, "SELECT position, name, value_json, internal_value FROM trial_param ORDER BY position"));
        assertEquals(List.of(List.of("0", "null"), List.of("1", "Infinity")),
                query(url, "SELECT step, intermediate_value FROM trial_intermediate_value ORDER BY step"));
        assertEquals(List.of(List.of("FAILED", "null", "subsample=0.7, mixed=3", "1", "NaN at fold 0", "INTERVAL '0 00:00:03' DAY TO SECOND")),
                query(url, "SELECT state, objective_value, params, last_step, fail_reason, duration FROM trial_summary"));
        assertEquals(List.of(List.of("metric", "mape")), query(url, "SELECT name, attribute_value FROM study_attribute WHERE name = 'metric'"));
    }

    @Test
    void replicasSharingTheDatabaseNumberAndFinishTrialsOnce() throws Exception {
        var stores = List.of(databases.open("shared").studyStore(), databases.open("shared").studyStore());
        stores.getFirst().create(StudyStoreContract.bare("s", T0));
        int threads = 8, each = 25;
        var numbers = StudyStoreContract.run(threads, t -> {
            var mine = new ArrayList<Integer>();
            for (int i = 0; i < each; i++) mine.add(stores.get((t + i) % 2).startTrial("s", T0).number());
            return mine;
        });
        assertEquals(IntStream.range(0, threads * each).boxed().collect(Collectors.toSet()), new HashSet<>(numbers));
        var finished = StudyStoreContract.run(threads, t -> {
            var mine = new ArrayList<Integer>();
            for (int n = 0; n < 20; n++) {
                try {
                    stores.get(t % 2).finish("s", n, TrialState.COMPLETE, (double) t, T0);
                    mine.add(n);
                } catch (TrialStateException e) {
                    // another replica finished it first
                }
            }
            return mine;
        });
        assertEquals(IntStream.range(0, 20).boxed().toList(), finished.stream().sorted().toList(), "each trial finished once");
        assertEquals(stores.get(0).trials("s"), stores.get(1).trials("s"));
    }

    @Test
    void readingAStudysTrialsTakesAHandfulOfQueriesHoweverManyThereAre() {
        var persistence = databases.open("queries");
        var statements = new AtomicInteger();
        var jdbi = Jdbi.create(persistence.jdbcUrl(), "sa", "");
        jdbi.setSqlLogger(new SqlLogger() {
            @Override
            public void logAfterExecution(StatementContext context) {
                statements.incrementAndGet();
            }
        });
        var store = new JdbiStudyStore(jdbi);
        store.create(StudyStoreContract.definition("s", T0));
        var space = StudyStoreContract.searchSpace();
        var counts = new LinkedHashMap<Integer, Integer>();
        for (int total : new int[] {5, 200}) {
            while (store.trials("s").size() < total) {
                int n = store.startTrial("s", T0).number();
                store.saveParam("s", n, "max_depth", space.get("max_depth"), 2 + n % 10);
                store.saveParam("s", n, "booster", space.get("booster"), "dart");
                store.saveIntermediate("s", n, 0, n);
                store.saveAttribute("s", n, "k", "v");
                store.finish("s", n, TrialState.COMPLETE, (double) n, T0);
            }
            store.enqueue("s", Map.of("max_depth", 3));
            statements.set(0);
            var trials = store.trials("s");
            counts.put(trials.size(), statements.get());
            assertEquals(2, trials.get(3).params().size());
        }
        assertEquals(2, counts.size());
        assertTrue(counts.values().stream().allMatch(c -> c <= 6), "statements per read by trial count: " + counts);
        assertEquals(1, new HashSet<>(counts.values()).size(), "statements per read by trial count: " + counts);
        assertNull(store.trials("s").getLast().started());
    }

    /** Every row of {@code sql} as text, through plain JDBC as a SQL client would read it. */
    private static List<List<String>> query(String url, String sql) throws SQLException {
        try (var c = DriverManager.getConnection(url, "sa", ""); var s = c.createStatement(); var rs = s.executeQuery(sql)) {
            var rows = new ArrayList<List<String>>();
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                var row = new ArrayList<String>();
                for (int i = 1; i <= columns; i++) row.add(String.valueOf(rs.getString(i)));
                rows.add(row);
            }
            return rows;
        }
    }
}
