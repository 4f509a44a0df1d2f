package forecast.adapters.ml;

/**
 * One exponential smoothing state space model ETS(error, trend, season) of Hyndman et al. (2008):
 * error {@code A} or {@code M}, trend {@code N} or {@code A} (damped or not), season {@code N},
 * {@code A} or {@code M} with period m. Only the combinations R's {@code forecast::ets} allows by
 * default: no multiplicative trend, and no multiplicative season with additive errors (its
 * forecast variance is unbounded in finite samples).
 *
 * @param period the season m; 1 for a non-seasonal model
 */
record EtsSpec(char error, char trend, boolean damped, char season, int period) {
    /** R refuses seasonal ETS beyond this period: the state would hold more than 24 seasonal values. */
    static final int MAX_PERIOD = 24;

    EtsSpec {
        if (error != 'A' && error != 'M') throw new IllegalArgumentException("ETS error must be A or M: " + error);
        if (trend != 'N' && trend != 'A') throw new IllegalArgumentException("ETS trend must be N or A: " + trend);
        if (season != 'N' && season != 'A' && season != 'M') throw new IllegalArgumentException("ETS season must be N, A or M: " + season);
        if (damped && trend == 'N') throw new IllegalArgumentException("a damped ETS model needs a trend");
        if (error == 'A' && season == 'M') throw new IllegalArgumentException("ETS(A,*,M) is not allowed: additive errors with a multiplicative season");
        if (season == 'N' && period != 1) throw new IllegalArgumentException("a non-seasonal ETS model has period 1: " + period);
        if (season != 'N' && (period < 2 || period > MAX_PERIOD))
            throw new IllegalArgumentException("a seasonal ETS model needs a period in [2, " + MAX_PERIOD + "]: " + period);
    }

    boolean trended() {
        return trend != 'N';
    }

    boolean seasonal() {
        return season != 'N';
    }

    /** alpha, and beta, gamma, phi where the model has them. */
    int smoothingParameters() {
        return 1 + (trended() ? 1 : 0) + (seasonal() ? 1 : 0) + (damped ? 1 : 0);
    }

    /** The initial states estimated: the level, the slope, and m - 1 seasonal values (the last makes them sum to 0, or m). */
    int freeStates() {
        return 1 + (trended() ? 1 : 0) + (seasonal() ? period - 1 : 0);
    }

    /** The state vector's length: level, slope, m seasonal values. */
    int stateSize() {
        return 1 + (trended() ? 1 : 0) + (seasonal() ? period : 0);
    }

    /** Classes 1 to 3 of Hyndman et al. (2008, ch. 6) have an analytic forecast variance: every model allowed here. */
    boolean additiveError() {
        return error == 'A';
    }

    /** As R prints it: {@code ETS(M,Ad,A)}. */
    @Override
    public String toString() {
        return "ETS(" + error + "," + trend + (damped ? "d" : "") + "," + season + ")";
    }

    /** The short form a request may give: {@code MAdA}. */
    String code() {
        return "" + error + trend + (damped ? "d" : "") + season;
    }
}
