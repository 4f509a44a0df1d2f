package forecast.adapters.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.domain.forecasting.ForecastQuery;
import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.forecasting.Level;
import forecast.domain.series.Frequency;
import forecast.domain.series.TimeSeries;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EtsForecasterTest {
    private final EtsForecaster forecaster = new EtsForecaster();

    /** 150 months of a trend, a yearly season and noise; fixed seed. */
    private static TimeSeries monthly(int n, long seed) {
        var random = new Random(seed);
        var times = new ArrayList<Instant>();
        double[] y = new double[n];
        for (int t = 0; t < n; t++) {
            times.add(java.time.LocalDate.of(2000, 1, 1).plusMonths(t).atStartOfDay(ZoneOffset.UTC).toInstant());
            y[t] = 100 + 0.5 * t + 10 * Math.sin(2 * Math.PI * t / 12) + 3 * random.nextGaussian();
        }
        return TimeSeries.of(times, y);
    }

    @Test
    void everyCandidateIsFittedOnOneHundredFiftyMonthsAndTheAdditiveSeasonIsChosen() {
        var series = monthly(150, 7);
        forecaster.fit(series, Hyperparameters.NONE); // warm-up: class loading and JIT
        long start = System.nanoTime();
        var model = (EtsModel) forecaster.fit(series, Hyperparameters.NONE);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("ets: all 15 candidates on 150 monthly points in %.3f s, chose %s%n", seconds, model.fit().spec());
        // the time is printed for the record, not asserted: bench/accuracy-public.sh measures fitting speed
        assertEquals('A', model.fit().spec().season(), "the additive season: " + model.fit().spec());

        // for the record: four weeks of hourly data, period 24 (26 values per search)
        var times = new ArrayList<Instant>();
        double[] y = new double[672];
        var random = new Random(11);
        for (int t = 0; t < y.length; t++) {
            times.add(Instant.EPOCH.plusSeconds(3600L * t));
            y[t] = 50 + 10 * Math.sin(2 * Math.PI * t / 24) + random.nextGaussian();
        }
        long hourly = System.nanoTime();
        var chosen = forecaster.fit(TimeSeries.of(times, y), Hyperparameters.NONE);
        System.out.printf("ets: all 15 candidates on 672 hourly points (period 24) in %.3f s, chose %s%n", (System.nanoTime() - hourly) / 1e9, chosen.fitted().get("model"));
    }

    @Test
    void restoredModelForecastsTheSameAndTellsTheSame() {
        var series = monthly(60, 3);
        var model = forecaster.fit(series, Hyperparameters.of("model", "MAdM"));
        var restored = forecaster.restore(model.serialize());
        assertEquals(model.fitted(), restored.fitted());
        assertEquals("ETS(M,Ad,M)", model.fitted().get("model"));
        assertTrue(model.fitted().keySet().containsAll(List.of("alpha", "beta", "gamma", "phi", "l", "b", "s1", "s12", "sigma2", "aicc")));
        var query = ForecastQuery.of(series, 12, Level.P80, Level.P95);
        assertEquals(model.predict(query), restored.predict(query));
    }

    @Test
    void aHistoryStartingLaterKeepsTheSeasonalPhase() {
        var series = monthly(120, 5);
        var model = forecaster.fit(series, Hyperparameters.of("model", "ANA"));
        var full = model.predict(ForecastQuery.of(series, 12, Level.P80));
        var tail = TimeSeries.of(series.times().subList(61, 120), java.util.Arrays.copyOfRange(series.values(), 61, 120));
        var later = model.predict(ForecastQuery.of(tail, 12, Level.P80));
        for (int h = 0; h < 12; h++)
            assertEquals(full.points().get(h).mean(), later.points().get(h).mean(), 6, "step " + h); // the level adapts, the season is in phase
    }

    @Test
    void settingsFollowRsRules() {
        var hourly = TimeSeries.of(List.of(Instant.EPOCH, Instant.EPOCH.plusSeconds(3600)), new double[] {1, 2}).frequency();
        assertEquals(Frequency.HOURLY, hourly);
        // above period 24 R fits no season for ZZZ and refuses an explicit one
        var settings = EtsSettings.of(Hyperparameters.of("period", "168"), Frequency.HOURLY);
        assertTrue(settings.candidates(true, 1000).stream().noneMatch(EtsSpec::seasonal));
        assertThrows(IllegalArgumentException.class, () -> EtsSettings.of(Hyperparameters.of("model", "ANA", "period", "168"), Frequency.HOURLY));
        assertThrows(IllegalArgumentException.class, () -> EtsSettings.of(Hyperparameters.of("model", "ANM"), Frequency.MONTHLY));
        assertThrows(IllegalArgumentException.class, () -> EtsSettings.of(Hyperparameters.of("model", "AMN"), Frequency.MONTHLY));
        assertThrows(IllegalArgumentException.class, () -> EtsSettings.of(Hyperparameters.of("model", "AAdN", "damped", "false"), Frequency.MONTHLY));
        assertEquals(15, EtsSettings.of(Hyperparameters.NONE, Frequency.MONTHLY).candidates(true, 100).size());
        assertEquals(6, EtsSettings.of(Hyperparameters.NONE, Frequency.MONTHLY).candidates(false, 100).size(), "no M errors for non-positive data");
        var damped = EtsSettings.of(Hyperparameters.of("model", "MAdM"), Frequency.MONTHLY);
        assertTrue(damped.fixed());
        assertEquals("ETS(M,Ad,M)", damped.candidates(true, 100).get(0).toString());
    }

    @Test
    void tooShortASeriesIsRefused() {
        var series = monthly(12, 1);
        assertThrows(IllegalArgumentException.class, () -> forecaster.fit(series, Hyperparameters.of("model", "AAA")));
        var model = forecaster.fit(series, Hyperparameters.NONE);
        assertTrue(model.fitted().get("model").endsWith(",N)"), "no season from one season of data: " + model.fitted().get("model"));
    }
}
