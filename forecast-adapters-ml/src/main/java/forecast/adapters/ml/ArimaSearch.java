package forecast.adapters.ml;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Order selection in the manner of {@code forecast::auto.arima} (Hyndman and Khandakar 2008,
 * forecast 8.20 defaults): D by seasonal strength ({@link ArimaStl#nsdiffs}), d by KPSS on the
 * seasonally differenced series ({@link KpssTest#ndiffs}), then the stepwise search on AICc from
 * four start models through +-1 neighbours of p, q, P, Q and the constant toggle, at most 94
 * models. Like R it rejects models with an AR or MA root modulus below 1.01. On long series
 * (n > 150 or m > 12) models are compared by CSS with R's offset and the best are refitted by
 * exact ML until one succeeds. The search does not cap p + q + P + Q (R's max.order applies only
 * to the non-stepwise search). Unlike R it does not reject a model for a non-positive-definite
 * Hessian, since no Hessian is computed.
 */
final class ArimaSearch {
    private static final int MAX_MODELS = 94;
    private static final double MIN_ROOT = 1.01;

    // R's neighbour order: (dp, dq, dP, dQ)
    private static final int[][] MOVES = {
        {0, 0, -1, 0}, {0, 0, 0, -1}, {0, 0, 1, 0}, {0, 0, 0, 1},
        {0, 0, -1, -1}, {0, 0, -1, 1}, {0, 0, 1, -1}, {0, 0, 1, 1},
        {-1, 0, 0, 0}, {0, -1, 0, 0}, {1, 0, 0, 0}, {0, 1, 0, 0},
        {-1, -1, 0, 0}, {-1, 1, 0, 0}, {1, -1, 0, 0}, {1, 1, 0, 0}};

    private final double[] x;
    private final int m;
    private final int d;
    private final int sd;
    private final boolean approximation;
    private final double offset;
    private final List<Candidate> results = new ArrayList<>();

    /** A model tried: its spec, its fit (null when it failed) and its criterion (+inf when rejected). */
    record Candidate(ArimaSpec spec, ArimaFit fit, double ic) {}

    private ArimaSearch(double[] x, int m, int d, int sd, boolean approximation) {
        this.x = x;
        this.m = m;
        this.d = d;
        this.sd = sd;
        this.approximation = approximation;
        this.offset = approximation ? offset(x, m, d, sd) : 0;
    }

    /** The number of ordinary and seasonal differences auto.arima would take. */
    static int[] differences(double[] x, ArimaSettings s) {
        int m = s.period();
        int sd;
        if (m == 1) sd = 0;
        else if (s.D() != ArimaSettings.AUTO) sd = s.D();
        else if (x.length <= 2 * m) sd = 0;
        else sd = Math.min(s.maxSeasonalD(), ArimaStl.nsdiffs(x, m));
        double[] dx = sd > 0 ? ArimaPolynomials.difference(x, ArimaPolynomials.differencing(0, sd, m)) : x;
        int d = s.d() != ArimaSettings.AUTO ? s.d() : KpssTest.ndiffs(dx, s.maxD());
        return new int[] {d, sd};
    }

    /**
     * The selected model, fitted by exact ML, for {@code x} (transformed, no gaps).
     *
     * @throws IllegalArgumentException when nothing is left after differencing
     */
    static ArimaFit select(double[] x, ArimaSettings s) {
        int n = x.length;
        int m = s.period();
        int[] diffs = differences(x, s);
        int d = diffs[0];
        int sd = diffs[1];
        double[] dx = ArimaPolynomials.difference(x, ArimaPolynomials.differencing(d, sd, m));
        if (dx.length == 0) throw new IllegalArgumentException("not enough data for d=" + d + ", D=" + sd + " at period " + m + ": " + n + " observations");
        int kind = d + sd;
        ArimaSettings.Choice choice = kind == 0 ? s.includeMean() : kind == 1 ? s.includeDrift() : ArimaSettings.Choice.FALSE;
        boolean constant = kind <= 1 && choice != ArimaSettings.Choice.FALSE;
        boolean toggle = kind <= 1 && choice == ArimaSettings.Choice.AUTO;
        if (KpssTest.constant(dx)) {
            // a polynomial trend or a fixed seasonal pattern: nothing left to model but the constant
            return ArimaEstimator.fit(x, new ArimaSpec(0, d, 0, 0, sd, 0, m, constant), ArimaEstimator.Method.CSS_ML);
        }

        int maxp = Math.min(s.maxP(), n / 3);
        int maxq = Math.min(s.maxQ(), n / 3);
        int maxSP = m == 1 || m > ArimaSettings.MAX_SEASONAL_ARMA_PERIOD ? 0 : Math.min(s.maxSeasonalP(), n / 3 / m);
        int maxSQ = m == 1 || m > ArimaSettings.MAX_SEASONAL_ARMA_PERIOD ? 0 : Math.min(s.maxSeasonalQ(), n / 3 / m);
        if (m > 1) {
            if (maxSP > 0) maxp = Math.min(maxp, m - 1);
            if (maxSQ > 0) maxq = Math.min(maxq, m - 1);
        }
        boolean approximate = switch (s.approximation()) {
            case AUTO -> n > 150 || m > 12;
            case TRUE -> true;
            case FALSE -> false;
        };
        var search = new ArimaSearch(x, m, d, sd, approximate);
        return search.run(maxp, maxq, maxSP, maxSQ, constant, toggle);
    }

    private ArimaFit run(int maxp, int maxq, int maxSP, int maxSQ, boolean constant, boolean toggle) {
        int startP = 2, startQ = 2, startSP = 1, startSQ = 1;
        if (x.length < 10) {
            startP = 1;
            startQ = 1;
            startSP = 0;
            startSQ = 0;
        }
        int p = Math.min(startP, maxp), q = Math.min(startQ, maxq), sp = Math.min(startSP, maxSP), sq = Math.min(startSQ, maxSQ);
        Candidate best = evaluate(p, q, sp, sq, constant);
        Candidate fit = evaluate(0, 0, 0, 0, constant);
        if (fit.ic < best.ic) {
            best = fit;
            p = q = sp = sq = 0;
        }
        if (maxp > 0 || maxSP > 0) {
            int ap = maxp > 0 ? 1 : 0, asp = m > 1 && maxSP > 0 ? 1 : 0;
            fit = evaluate(ap, 0, asp, 0, constant);
            if (fit.ic < best.ic) {
                best = fit;
                p = ap;
                sp = asp;
                q = sq = 0;
            }
        }
        if (maxq > 0 || maxSQ > 0) {
            int aq = maxq > 0 ? 1 : 0, asq = m > 1 && maxSQ > 0 ? 1 : 0;
            fit = evaluate(0, aq, 0, asq, constant);
            if (fit.ic < best.ic) {
                best = fit;
                p = sp = 0;
                q = aq;
                sq = asq;
            }
        }
        if (constant && toggle) {
            fit = evaluate(0, 0, 0, 0, false);
            if (fit.ic < best.ic) {
                best = fit;
                p = q = sp = sq = 0;
            }
        }

        int startk = 0;
        search:
        while (startk < results.size() && results.size() < MAX_MODELS) {
            startk = results.size();
            for (int[] move : MOVES) {
                int np = p + move[0], nq = q + move[1], nsp = sp + move[2], nsq = sq + move[3];
                if (np < 0 || nq < 0 || nsp < 0 || nsq < 0 || np > maxp || nq > maxq || nsp > maxSP || nsq > maxSQ) continue;
                if (tried(np, nq, nsp, nsq, constant)) continue;
                if (results.size() >= MAX_MODELS) break search;
                fit = evaluate(np, nq, nsp, nsq, constant);
                if (fit.ic < best.ic) {
                    best = fit;
                    p = np;
                    q = nq;
                    sp = nsp;
                    sq = nsq;
                    continue search;
                }
            }
            if (toggle && !tried(p, q, sp, sq, !constant)) {
                if (results.size() >= MAX_MODELS) break;
                fit = evaluate(p, q, sp, sq, !constant);
                if (fit.ic < best.ic) {
                    best = fit;
                    constant = !constant;
                }
            }
        }

        if (approximation) best = refitByLikelihood();
        if (best == null || best.fit == null || best.ic == Double.POSITIVE_INFINITY) {
            // R stops with "No suitable ARIMA model found"; a service is better off with the
            // differenced series' mean (or none)
            var spec = new ArimaSpec(0, d, 0, 0, sd, 0, m, d + sd <= 1 && constant);
            return ArimaEstimator.fit(x, spec, ArimaEstimator.Method.CSS_ML);
        }
        return best.fit;
    }

    /** The candidates in order of their approximate criterion, refitted by ML until one is acceptable. */
    private Candidate refitByLikelihood() {
        var ordered = new ArrayList<>(results);
        ordered.sort(Comparator.comparingDouble(Candidate::ic));
        for (Candidate c : ordered) {
            Candidate exact = assess(c.spec, ArimaEstimator.Method.CSS_ML, 0);
            if (exact.ic < Double.POSITIVE_INFINITY) return exact;
        }
        return null;
    }

    private boolean tried(int p, int q, int sp, int sq, boolean constant) {
        for (Candidate c : results) {
            var s = c.spec;
            if (s.p() == p && s.q() == q && s.P() == sp && s.Q() == sq && s.constant() == constant) return true;
        }
        return false;
    }

    private Candidate evaluate(int p, int q, int sp, int sq, boolean constant) {
        var spec = new ArimaSpec(p, d, q, m == 1 ? 0 : sp, m == 1 ? 0 : sd, m == 1 ? 0 : sq, m, constant);
        var c = assess(spec, approximation ? ArimaEstimator.Method.CSS : ArimaEstimator.Method.CSS_ML, offset);
        results.add(c);
        return c;
    }

    /** R's myarima: the fit and its AICc (approximated from the CSS variance and the offset for CSS fits). */
    private Candidate assess(ArimaSpec spec, ArimaEstimator.Method method, double offset) {
        ArimaFit fit;
        try {
            fit = ArimaEstimator.fit(x, spec, method);
        } catch (IllegalArgumentException e) {
            return new Candidate(spec, null, Double.POSITIVE_INFINITY);
        }
        int npar = fit.parameters();
        int nstar = x.length - spec.differences();
        double aic = fit.css() ? offset + nstar * Math.log(fit.sigma2()) + 2 * npar : fit.aic();
        double aicc = nstar - npar - 1 > 0 ? aic + 2.0 * npar * (npar + 1) / (nstar - npar - 1) : Double.POSITIVE_INFINITY;
        if (Double.isNaN(aicc) || fit.minRootModulus() < MIN_ROOT) aicc = Double.POSITIVE_INFINITY;
        return new Candidate(spec, fit, aicc);
    }

    /** R's offset for CSS criteria: from the white-noise model of the differenced series, fitted by ML. */
    private static double offset(double[] x, int m, int d, int sd) {
        var spec = new ArimaSpec(0, d, 0, 0, m == 1 ? 0 : sd, 0, m, d + sd == 0);
        var fit = ArimaEstimator.fit(x, spec, ArimaEstimator.Method.CSS_ML);
        return -2 * fit.loglik() - x.length * Math.log(fit.sigma2());
    }
}
