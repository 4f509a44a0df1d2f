package forecast.adapters.ml;

import forecast.domain.forecasting.HyperparameterSpec;
import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.series.Frequency;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The MSTL forecaster's hyperparameters: the seasonal {@code periods} to decompose by (absent: the
 * frequency's that fit twice in the training data) and the {@code trend_model} that forecasts the
 * deseasonalized series. Unknown keys are ignored here (an ensemble passes other families'
 * settings in the same map); a request's are refused against {@link #SPECS} before training.
 *
 * @param periods the periods given, shortest first; empty when they follow the data
 */
record MstlSettings(List<Integer> periods, Trend trend) {
    /** How the deseasonalized series is forecast. */
    enum Trend {
        /** Automatic non-seasonal ETS ({@code model = ZZN}), as statsforecast's {@code MSTL(trend_forecaster = AutoETS(model = "ZZN"))} and R's {@code stlf}. */
        ETS,
        /** Automatic non-seasonal ARIMA ({@code period = 1}), as R's {@code stlm(method = "arima")}. */
        ARIMA;

        String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static final Hyperparameters DEFAULTS = Hyperparameters.of("trend_model", "ets");

    static final List<HyperparameterSpec> SPECS = List.of(
            new HyperparameterSpec("periods", "list",
                    "the frequency's seasons with two full cycles in the training data (24,168 for hourly data; 7 and, from 731 days, 365 for daily)",
                    "comma-separated integers in [2, 10000]",
                    "the seasonal periods decomposed by STL, each needing two full cycles (2 m < n)"),
            new HyperparameterSpec("trend_model", "choice", "ets", "ets | arima",
                    "what forecasts the deseasonalized series: automatic non-seasonal ETS (ZZN, chosen by AICc) or automatic non-seasonal ARIMA"));

    MstlSettings {
        periods = List.copyOf(periods);
        for (int p : periods) if (p < 2 || p > 10_000) throw new IllegalArgumentException("hyperparameter periods must hold integers in [2, 10000]: " + p);
        if (periods.size() != periods.stream().distinct().count()) throw new IllegalArgumentException("hyperparameter periods must not repeat a period: " + periods);
    }

    /**
     * Reads {@code params} over {@link #DEFAULTS}.
     *
     * @throws IllegalArgumentException naming the key of an invalid value
     */
    static MstlSettings of(Hyperparameters params) {
        var h = DEFAULTS.with(params);
        String text = h.values().get("periods");
        var periods = new ArrayList<Integer>();
        if (text != null && !text.trim().equalsIgnoreCase("auto")) {
            for (String part : text.split(",")) {
                try {
                    periods.add(Integer.parseInt(part.trim()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("hyperparameter periods must be comma-separated integers (such as 24,168): " + text);
                }
            }
            periods.sort(null);
        }
        Trend trend = switch (h.stringOr("trend_model", "ets").trim().toLowerCase(Locale.ROOT)) {
            case "ets" -> Trend.ETS;
            case "arima" -> Trend.ARIMA;
            default -> throw new IllegalArgumentException("hyperparameter trend_model must be ets or arima: " + h.stringOr("trend_model", ""));
        };
        return new MstlSettings(periods, trend);
    }

    /** The periods to decompose {@code n} observations on {@code frequency} by: those given, else {@link MstlDecomposition#usablePeriods}. */
    int[] resolve(Frequency frequency, int n) {
        if (!periods.isEmpty()) return periods.stream().mapToInt(Integer::intValue).toArray();
        return MstlDecomposition.usablePeriods(frequency, n);
    }

    /**
     * Two full cycles and one observation of the longest period given, or of the frequency's
     * shortest season when none is given (longer ones join when the series holds them twice); and
     * what the trend model needs: 7 for non-seasonal ETS (R's 2 parameters + 5), 10 for ARIMA.
     */
    int minimumObservations(Frequency frequency) {
        int trendNeed = trend == Trend.ETS ? 7 : 10;
        int m = !periods.isEmpty() ? periods.get(periods.size() - 1)
                : MstlDecomposition.candidatePeriods(frequency).stream().filter(p -> p > 1).findFirst().orElse(1);
        return Math.max(trendNeed, m > 1 ? 2 * m + 1 : 0);
    }
}
