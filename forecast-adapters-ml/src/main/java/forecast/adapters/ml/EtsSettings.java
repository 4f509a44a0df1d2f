package forecast.adapters.ml;

import forecast.domain.forecasting.HyperparameterSpec;
import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.series.Frequency;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The ETS forecaster's hyperparameters, as R's {@code ets(y, model, damped)}: a three-letter
 * {@code model} (error, trend, season; {@code Z} lets AICc choose) with {@code damped}, and the
 * seasonal {@code period}. Unknown keys are ignored here (an ensemble passes other families'
 * settings in the same map); a request's are refused against {@link #SPECS} before training.
 *
 * @param damped null when AICc decides (R's {@code damped = NULL})
 */
record EtsSettings(char error, char trend, char season, Boolean damped, int period) {
    static final Hyperparameters DEFAULTS = Hyperparameters.of("model", "ZZZ", "damped", "auto");

    static final List<HyperparameterSpec> SPECS = List.of(
            new HyperparameterSpec("model", "string", "ZZZ",
                    "error A|M|Z, trend N|A|Ad|Z, season N|A|M|Z (ANN, AAdN, MAM, ZZZ ...)",
                    "the ETS model as R's ets() names it: error, trend and season, each chosen by AICc where Z; Ad is a damped trend; multiplicative trends and A error with M season are not offered"),
            new HyperparameterSpec("damped", "choice", "auto", "auto | true | false",
                    "whether the trend is damped (auto: AICc decides when the trend is A or Z)"),
            new HyperparameterSpec("period", "int", "the shortest season (12 for monthly data, 1 without one)", "1-10000",
                    "the seasonal period m; above " + EtsSpec.MAX_PERIOD + " only non-seasonal models are fitted, as R does"));

    EtsSettings {
        if (period < 1 || period > 10_000) throw new IllegalArgumentException("hyperparameter period must be in [1, 10000]: " + period);
        if (period == 1 && (season == 'A' || season == 'M'))
            throw new IllegalArgumentException("hyperparameter model " + season + " season needs a period > 1; period is 1");
        if (period > EtsSpec.MAX_PERIOD && (season == 'A' || season == 'M'))
            throw new IllegalArgumentException("hyperparameter model: seasonal ETS needs a period <= " + EtsSpec.MAX_PERIOD + ", got " + period + " (as R's ets refuses)");
        if (error == 'A' && season == 'M') throw new IllegalArgumentException("hyperparameter model: additive error with multiplicative season is not allowed");
        if (trend == 'N' && Boolean.TRUE.equals(damped)) throw new IllegalArgumentException("hyperparameter damped=true needs a trend (A or Z)");
    }

    /**
     * Reads {@code params} over {@link #DEFAULTS}. {@code model} is three letters or, with a damped
     * trend, four ({@code MAdM}); {@code period} defaults to the frequency's shortest season.
     *
     * @throws IllegalArgumentException naming the key of an invalid value
     */
    static EtsSettings of(Hyperparameters params, Frequency frequency) {
        var h = DEFAULTS.with(params);
        String model = h.stringOr("model", "ZZZ").trim().toUpperCase(Locale.ROOT);
        Boolean damped = switch (h.stringOr("damped", "auto").trim().toLowerCase(Locale.ROOT)) {
            case "auto" -> null;
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException("hyperparameter damped must be auto, true or false: " + h.stringOr("damped", ""));
        };
        if (model.length() == 4 && model.charAt(2) == 'D') {
            if (Boolean.FALSE.equals(damped)) throw new IllegalArgumentException("hyperparameter model " + model + " is damped but damped=false");
            damped = Boolean.TRUE;
            model = model.substring(0, 2) + model.charAt(3);
        }
        if (!model.matches("[AMZ][NAZ][NAMZ]"))
            throw new IllegalArgumentException("hyperparameter model must be error A|M|Z, trend N|A|Ad|Z, season N|A|M|Z (such as ZZZ, AAN, MAdM): " + h.stringOr("model", ""));
        String p = h.values().get("period");
        int period = p != null && !p.trim().equalsIgnoreCase("auto") ? h.intOr("period", 1) : frequency == null ? 1 : frequency.shortestSeason();
        return new EtsSettings(model.charAt(0), model.charAt(1), model.charAt(2), damped, period);
    }

    /** Whether the model is fully given, so only one is fitted. */
    boolean fixed() {
        return error != 'Z' && trend != 'Z' && season != 'Z' && (trend == 'N' || damped != null);
    }

    /**
     * The models AICc chooses from, in R's order: every error, trend, season and damping the
     * settings leave open, without the forbidden combinations, M errors only for positive data,
     * and no season when the period is 1, above 24, or the series is not longer than one season.
     */
    List<EtsSpec> candidates(boolean positive, int n) {
        boolean seasonPossible = period > 1 && period <= EtsSpec.MAX_PERIOD && n > period;
        if ((season == 'A' || season == 'M') && !seasonPossible)
            throw new IllegalArgumentException("a seasonal ETS model with period " + period + " needs more than " + period + " observations, got " + n);
        if (error == 'M' && !positive) throw new IllegalArgumentException("ETS with multiplicative errors needs positive values");
        var out = new ArrayList<EtsSpec>();
        for (char e : error == 'Z' ? new char[] {'A', 'M'} : new char[] {error})
            for (char t : trend == 'Z' ? new char[] {'N', 'A'} : new char[] {trend})
                for (char s : season == 'Z' ? (seasonPossible ? new char[] {'N', 'A', 'M'} : new char[] {'N'}) : new char[] {season})
                    for (boolean d : damped == null ? new boolean[] {true, false} : new boolean[] {damped}) {
                        if (t == 'N' && d) continue;
                        if (e == 'A' && s == 'M') continue;
                        if (e == 'M' && !positive) continue;
                        out.add(new EtsSpec(e, t, d, s, s == 'N' ? 1 : period));
                    }
        return out;
    }

    /**
     * R's count of what a model must estimate (2 for alpha and the level, 2 for a trend, m for a
     * season, 1 for damping): below that plus 5 observations R falls back to unoptimised
     * Holt-Winters, which is not offered here.
     */
    int minimumObservations() {
        int npars = 2;
        if (trend == 'A') npars += 2;
        if (season == 'A' || season == 'M') npars += period;
        if (Boolean.TRUE.equals(damped)) npars += 1;
        return npars + 5;
    }
}
