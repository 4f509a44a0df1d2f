package forecast.adapters.ml;

import forecast.domain.forecasting.HyperparameterSpec;
import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.series.Frequency;
import java.util.List;
import java.util.Locale;

/**
 * The ARIMA forecaster's hyperparameters, validated. Without {@code period} the frequency's
 * shortest season stands in until {@link ArimaForecaster} chooses from the data
 * ({@code periodGiven} false). Orders are {@link #AUTO} (-1) when chosen from the data. Unknown keys are ignored here
 * (settings for other algorithms travel in the same map within an ensemble); a request's are
 * refused against {@link #SPECS} before training.
 *
 * @param lambda      the Box-Cox parameter, or NaN to choose it by Guerrero's method
 * @param periodGiven whether the request fixed {@code period}; when not, {@code period} is the
 *                    frequency's shortest season and the data decide
 */
record ArimaSettings(int p, int d, int q, int P, int D, int Q, int period, Choice includeMean, Choice includeDrift,
                     String transform, double lambda, int maxP, int maxQ, int maxSeasonalP, int maxSeasonalQ,
                     int maxD, int maxSeasonalD, Choice approximation, boolean periodGiven, Seasonality seasonality) {

    static final int AUTO = -1;
    /** Seasonal AR and MA terms make the state m*P or m*Q long; beyond this period only seasonal differencing is used. */
    static final int MAX_SEASONAL_ARMA_PERIOD = 52;

    static final Hyperparameters DEFAULTS = Hyperparameters.of(
            "transform", "none",
            "include_mean", "auto",
            "include_drift", "auto",
            "approximation", "auto",
            "max_p", "5",
            "max_q", "5",
            "max_P", "2",
            "max_Q", "2",
            "max_d", "2",
            "max_D", "1",
            "seasonality", "auto");

    /** Every key {@link #of} reads, with {@link #DEFAULTS}' values and the constructor's ranges. */
    static final List<HyperparameterSpec> SPECS = List.of(
            order("p", "0-10", "non-seasonal autoregressive order"),
            new HyperparameterSpec("d", "int", "auto (KPSS unit-root tests, up to max_d)", "0-2 | auto", "non-seasonal differences"),
            order("q", "0-10", "non-seasonal moving-average order"),
            order("P", "0-3", "seasonal autoregressive order (0 above period " + MAX_SEASONAL_ARMA_PERIOD + ")"),
            new HyperparameterSpec("D", "int", "auto (seasonal-strength test, up to max_D)", "0-1 | auto", "seasonal differences"),
            order("Q", "0-3", "seasonal moving-average order (0 above period " + MAX_SEASONAL_ARMA_PERIOD + ")"),
            new HyperparameterSpec("period", "int",
                    "chosen from the data: of the frequency's seasons with three full cycles, the one with the strongest MSTL component if above 0.64, else the shortest (24 for hourly data, 1 without one)",
                    "1-10000", "the seasonal period m; 1 for a non-seasonal model"),
            new HyperparameterSpec("seasonality", "choice", "auto", "auto | period | mstl",
                    "period: one seasonal ARIMA at period; mstl: the frequency's seasons with two full cycles removed by an MSTL decomposition and a non-seasonal ARIMA on the rest; "
                            + "auto: mstl when neither period nor an order of p, q, P, Q, D is given and two or more seasons have MSTL strength above 0.64, else period"),
            new HyperparameterSpec("include_mean", "choice", "auto", "auto | true | false", "a non-zero mean when there is no differencing (auto: kept when it lowers AICc)"),
            new HyperparameterSpec("include_drift", "choice", "auto", "auto | true | false", "a drift when there is one difference (auto: kept when it lowers AICc)"),
            new HyperparameterSpec("transform", "choice", "none", "none | log | boxcox", "the variance-stabilising transform (log and boxcox need positive values)"),
            new HyperparameterSpec("lambda", "float", "Guerrero's method", "[-1, 2]", "the Box-Cox parameter, with transform boxcox only"),
            new HyperparameterSpec("max_p", "int", "5", "0-10", "the largest p the order search tries"),
            new HyperparameterSpec("max_q", "int", "5", "0-10", "the largest q the order search tries"),
            new HyperparameterSpec("max_P", "int", "2", "0-3", "the largest P the order search tries"),
            new HyperparameterSpec("max_Q", "int", "2", "0-3", "the largest Q the order search tries"),
            new HyperparameterSpec("max_d", "int", "2", "0-2", "the most differences the unit-root tests may choose"),
            new HyperparameterSpec("max_D", "int", "1", "0-1", "the most seasonal differences the seasonal test may choose"),
            new HyperparameterSpec("approximation", "choice", "auto", "auto | true | false",
                    "conditional sum of squares during the order search (auto: when n > 150 or period > 12), the chosen model refitted by exact likelihood"));

    /** An ARMA order: searched unless one of p, q, P, Q is given, and then the absent ones are 0. */
    private static HyperparameterSpec order(String name, String range, String description) {
        return new HyperparameterSpec(name, "int", "auto (searched up to max_" + name + "; 0 when another order is given)", range + " | auto",
                description + "; giving any of p, q, P, Q fixes the orders");
    }

    /** How the seasons are modelled: see {@link ArimaForecaster}. */
    enum Seasonality {
        AUTO, PERIOD, MSTL;

        static Seasonality parse(String value) {
            return switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "auto" -> AUTO;
                case "period" -> PERIOD;
                case "mstl" -> MSTL;
                default -> throw new IllegalArgumentException("hyperparameter seasonality must be auto, period or mstl: " + value);
            };
        }
    }

    /** auto (decided from the data), true or false. */
    enum Choice {
        AUTO, TRUE, FALSE;

        static Choice parse(String key, String value) {
            return switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "auto" -> AUTO;
                case "true" -> TRUE;
                case "false" -> FALSE;
                default -> throw new IllegalArgumentException("hyperparameter " + key + " must be auto, true or false: " + value);
            };
        }

        String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    ArimaSettings {
        require("period", period >= 1 && period <= 10_000, period, "in [1, 10000]");
        require("p", p == AUTO || (p >= 0 && p <= 10), p, "in [0, 10]");
        require("q", q == AUTO || (q >= 0 && q <= 10), q, "in [0, 10]");
        require("P", P == AUTO || (P >= 0 && P <= 3), P, "in [0, 3]");
        require("Q", Q == AUTO || (Q >= 0 && Q <= 3), Q, "in [0, 3]");
        require("d", d == AUTO || (d >= 0 && d <= 2), d, "in [0, 2]");
        require("D", D == AUTO || (D >= 0 && D <= 1), D, "in [0, 1]");
        require("max_p", maxP >= 0 && maxP <= 10, maxP, "in [0, 10]");
        require("max_q", maxQ >= 0 && maxQ <= 10, maxQ, "in [0, 10]");
        require("max_P", maxSeasonalP >= 0 && maxSeasonalP <= 3, maxSeasonalP, "in [0, 3]");
        require("max_Q", maxSeasonalQ >= 0 && maxSeasonalQ <= 3, maxSeasonalQ, "in [0, 3]");
        require("max_d", maxD >= 0 && maxD <= 2, maxD, "in [0, 2]");
        require("max_D", maxSeasonalD >= 0 && maxSeasonalD <= 1, maxSeasonalD, "in [0, 1]");
        boolean fixed = p != AUTO;
        if (fixed && (P > 0 || Q > 0) && period > MAX_SEASONAL_ARMA_PERIOD)
            throw new IllegalArgumentException("hyperparameter " + (P > 0 ? "P" : "Q") + " must be 0 when period > "
                    + MAX_SEASONAL_ARMA_PERIOD + " (period " + period + "): the filter state would hold P*period values; use D = 1 instead");
        if (period == 1 && (P > 0 || Q > 0 || D > 0))
            throw new IllegalArgumentException("hyperparameter " + (P > 0 ? "P" : Q > 0 ? "Q" : "D") + " needs a seasonal period > 1; period is 1");
        if (d != AUTO && D != AUTO) {
            if (includeMean == Choice.TRUE && d + D != 0)
                throw new IllegalArgumentException("hyperparameter include_mean=true needs d + D = 0, got d=" + d + ", D=" + D);
            if (includeDrift == Choice.TRUE && d + D != 1)
                throw new IllegalArgumentException("hyperparameter include_drift=true needs d + D = 1, got d=" + d + ", D=" + D);
        }
        if (!transform.equals("boxcox") && !Double.isNaN(lambda))
            throw new IllegalArgumentException("hyperparameter lambda applies only to transform boxcox, not " + transform);
        if (!Double.isNaN(lambda)) require("lambda", lambda >= -1 && lambda <= 2, lambda, "in [-1, 2]");
        if (seasonality == Seasonality.MSTL) {
            if (periodGiven)
                throw new IllegalArgumentException("hyperparameter seasonality mstl decomposes by the frequency's seasons; leave period out (or use the mstl family's periods)");
            if (P > 0 || Q > 0 || D > 0)
                throw new IllegalArgumentException("hyperparameter seasonality mstl fits a non-seasonal ARIMA to the deseasonalized series; P, Q and D must be 0 or absent");
        }
    }

    /**
     * Reads {@code params} over {@link #DEFAULTS}. {@code p, q, P, Q}: when any is given the orders
     * are fixed and the absent ones are 0; when none is, they are searched. {@code d} and
     * {@code D} are tested for when absent. {@code period} defaults to the frequency's shortest
     * seasonal period (1 without one). Every key also takes {@code auto} for "absent".
     *
     * @throws IllegalArgumentException naming the key of an invalid value
     */
    static ArimaSettings of(Hyperparameters params, Frequency frequency) {
        var h = DEFAULTS.with(params);
        boolean fixed = given(h, "p") || given(h, "q") || given(h, "P") || given(h, "Q");
        int orderDefault = fixed ? 0 : AUTO;
        int period = given(h, "period") ? h.intOr("period", 1) : frequency == null ? 1 : frequency.shortestSeason();
        String transform = BoxCox.parseKind(h.stringOr("transform", "none"));
        return new ArimaSettings(
                order(h, "p", orderDefault), order(h, "d", AUTO), order(h, "q", orderDefault),
                period > 1 ? order(h, "P", orderDefault) : zeroUnlessPositive(h, "P"),
                period > 1 ? order(h, "D", AUTO) : zeroUnlessPositive(h, "D"),
                period > 1 ? order(h, "Q", orderDefault) : zeroUnlessPositive(h, "Q"),
                period,
                Choice.parse("include_mean", h.stringOr("include_mean", "auto")),
                Choice.parse("include_drift", h.stringOr("include_drift", "auto")),
                transform,
                given(h, "lambda") ? h.doubleOr("lambda", Double.NaN) : Double.NaN,
                h.intOr("max_p", 5), h.intOr("max_q", 5), h.intOr("max_P", 2), h.intOr("max_Q", 2),
                h.intOr("max_d", 2), h.intOr("max_D", 1),
                Choice.parse("approximation", h.stringOr("approximation", "auto")),
                given(h, "period"), Seasonality.parse(h.stringOr("seasonality", "auto")));
    }

    /** These settings at {@code m}, as if the request had given it (with a given period, {@code auto} is {@code period}). */
    ArimaSettings withPeriod(int m) {
        return new ArimaSettings(p, d, q, P, D, Q, m, includeMean, includeDrift, transform, lambda, maxP, maxQ, maxSeasonalP, maxSeasonalQ, maxD,
                maxSeasonalD, approximation, true, seasonality == Seasonality.MSTL ? Seasonality.PERIOD : seasonality);
    }

    /**
     * For the deseasonalized series of an MSTL decomposition: period 1, no seasonal orders, no
     * transform (it applies before the decomposition); the non-seasonal orders and limits as given.
     */
    ArimaSettings nonSeasonal() {
        return new ArimaSettings(p, d, q, 0, 0, 0, 1, includeMean, includeDrift, "none", Double.NaN, maxP, maxQ, maxSeasonalP,
                maxSeasonalQ, maxD, maxSeasonalD, approximation, true, Seasonality.PERIOD);
    }

    /** Whether no order of p, q, P, Q, D was given, so that the seasons may be modelled by MSTL instead. */
    boolean ordersFree() {
        return !fixedOrders() && D == AUTO;
    }

    /** Whether the orders p, q, P, Q are fixed rather than searched. */
    boolean fixedOrders() {
        return p != AUTO;
    }

    private static boolean given(Hyperparameters h, String key) {
        String v = h.values().get(key);
        return v != null && !v.trim().equalsIgnoreCase("auto");
    }

    private static int order(Hyperparameters h, String key, int fallback) {
        if (!given(h, key)) return fallback;
        int v = h.intOr(key, fallback);
        if (v < 0) throw new IllegalArgumentException("hyperparameter " + key + " must be >= 0 or auto: " + v);
        return v;
    }

    /** A seasonal order without a seasonal period: 0, and a positive value is refused by the constructor. */
    private static int zeroUnlessPositive(Hyperparameters h, String key) {
        return order(h, key, 0);
    }

    private static void require(String key, boolean ok, Object value, String range) {
        if (!ok) throw new IllegalArgumentException("hyperparameter " + key + " must be " + range + ": " + value);
    }
}
