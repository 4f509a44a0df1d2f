package forecast.adapters.ml;

/**
 * The orders of a seasonal ARIMA(p,d,q)(P,D,Q)m model and whether it has a constant. The constant
 * is the mean when there is no differencing (d + D = 0) and a linear drift when there is one
 * difference (d + D = 1); with more differencing there is none. Seasonal terms are absent when
 * {@code period} is 1.
 */
record ArimaSpec(int p, int d, int q, int P, int D, int Q, int period, boolean constant) {
    ArimaSpec {
        if (p < 0 || d < 0 || q < 0 || P < 0 || D < 0 || Q < 0) throw new IllegalArgumentException("ARIMA orders must be >= 0");
        if (period < 1) throw new IllegalArgumentException("period must be >= 1: " + period);
        if (period == 1 && (P > 0 || D > 0 || Q > 0)) throw new IllegalArgumentException("seasonal orders need a period > 1");
        if (constant && d + D > 1) throw new IllegalArgumentException("a constant needs d + D <= 1, got d=" + d + ", D=" + D);
    }

    /** Observations lost to differencing: {@code d + D*m}. */
    int differences() {
        return d + D * period;
    }

    /** Degree of the expanded AR polynomial phi(B)Phi(B^m). */
    int arDegree() {
        return p + P * period;
    }

    /** Degree of the expanded MA polynomial theta(B)Theta(B^m). */
    int maDegree() {
        return q + Q * period;
    }

    /** Estimated coefficients, not counting the innovation variance. */
    int coefficients() {
        return p + q + P + Q + (constant ? 1 : 0);
    }

    /** Whether the constant is a drift (slope per step) rather than a mean. */
    boolean drift() {
        return constant && d + D == 1;
    }

    /**
     * How much the differencing scales the drift: a drift b per step shows in the differenced
     * series as a mean of b (one ordinary difference) or b*m (one seasonal difference).
     */
    int driftScale() {
        return D == 1 ? period : 1;
    }

    ArimaSpec withConstant(boolean c) {
        return new ArimaSpec(p, d, q, P, D, Q, period, c);
    }

    /** As R prints it: {@code ARIMA(1,0,0)(1,1,0)[12] with drift}. */
    @Override
    public String toString() {
        var s = new StringBuilder("ARIMA(").append(p).append(',').append(d).append(',').append(q).append(')');
        if (period > 1 && P + D + Q > 0) s.append('(').append(P).append(',').append(D).append(',').append(Q).append(")[").append(period).append(']');
        if (constant) s.append(d + D == 0 ? " with non-zero mean" : " with drift");
        return s.toString();
    }
}
