package forecast.adapters.ml;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Forecast means and variances of ETS models from the analytic results of Hyndman et al. (2008,
 * ch. 6), as R's {@code forecast.ets} computes them: class 1 (additive errors; linear, so the
 * variance is sigma2 times the summed squared impulse responses), class 2 (multiplicative errors
 * without a multiplicative season) and class 3 (multiplicative errors and season; there the mean
 * itself carries a sigma2 correction). Every model {@link EtsSpec} allows is in one of the three,
 * so no simulation is needed.
 */
final class EtsVariance {
    private EtsVariance() {}

    /** Row 0: the means, row 1: the variances of the {@code h} steps after {@code state}. */
    static double[][] forecast(EtsSpec spec, EtsParameters p, double sigma2, double[] state, int h) {
        if (spec.season() == 'M') return class3(spec, p, sigma2, state, h);
        double[][] linear = class1(spec, p, sigma2, state, h);
        if (spec.additiveError()) return new double[][] {linear[0], linear[1]};
        double[] mu = linear[0], c = linear[2];
        double[] theta = new double[h];
        double[] variance = new double[h];
        for (int j = 0; j < h; j++) {
            theta[j] = mu[j] * mu[j];
            for (int k = 1; k <= j; k++) theta[j] += sigma2 * c[k - 1] * c[k - 1] * theta[j - k];
            variance[j] = (1 + sigma2) * theta[j] - mu[j] * mu[j];
        }
        return new double[][] {mu, variance};
    }

    /**
     * Means, variances and impulse responses c_j = H F^(j-1) G of the linear model. (R's
     * {@code class1} puts gamma on the third state also without a trend, where the newest seasonal
     * value is the second; here it is on the newest seasonal value, which matters only for
     * ETS(A,N,A) and ETS(M,N,A) with a large gamma.)
     */
    private static double[][] class1(EtsSpec spec, EtsParameters p, double sigma2, double[] state, int h) {
        int size = state.length;
        int seasonAt = spec.trended() ? 2 : 1;
        double phi = spec.damped() ? p.phi() : 1;
        double[] g = new double[size];
        g[0] = p.alpha();
        if (spec.trended()) g[1] = p.beta();
        if (spec.seasonal()) g[seasonAt] = p.gamma();
        double[] x = state.clone();
        double[] mu = new double[h], variance = new double[h], c = new double[h];
        double cumulative = 0;
        for (int i = 0; i < h; i++) {
            mu[i] = observe(spec, phi, x);
            variance[i] = sigma2 * (1 + cumulative);
            c[i] = observe(spec, phi, g);
            cumulative += c[i] * c[i];
            x = transition(spec, phi, x);
            g = transition(spec, phi, g);
        }
        return new double[][] {mu, variance, c};
    }

    /** H x: level, plus phi times the slope, plus the oldest seasonal value. */
    private static double observe(EtsSpec spec, double phi, double[] x) {
        double v = x[0];
        if (spec.trended()) v += phi * x[1];
        if (spec.seasonal()) v += x[x.length - 1];
        return v;
    }

    /** F x: the level takes the damped slope, the season rotates by one. */
    private static double[] transition(EtsSpec spec, double phi, double[] x) {
        double[] out = new double[x.length];
        out[0] = x[0] + (spec.trended() ? phi * x[1] : 0);
        if (spec.trended()) out[1] = phi * x[1];
        if (spec.seasonal()) {
            int at = spec.trended() ? 2 : 1;
            out[at] = x[x.length - 1];
            System.arraycopy(x, at, out, at + 1, x.length - at - 1);
        }
        return out;
    }

    /** R's {@code class3}: the level-and-slope by season product's mean Mh and covariance Vh, stepped forward. */
    private static double[][] class3(EtsSpec spec, EtsParameters p, double sigma2, double[] state, int h) {
        int m = spec.period();
        int q = spec.trended() ? 2 : 1;
        double phi = spec.damped() ? p.phi() : 1;
        RealMatrix f1 = q == 1 ? matrix(new double[][] {{1}}) : matrix(new double[][] {{1, 1}, {0, phi}});
        RealMatrix g1 = q == 1 ? matrix(new double[][] {{p.alpha()}}) : matrix(new double[][] {{p.alpha(), p.alpha()}, {p.beta(), p.beta()}});
        RealMatrix f2 = new Array2DRowRealMatrix(m, m);
        f2.setEntry(0, m - 1, 1);
        for (int i = 1; i < m; i++) f2.setEntry(i, i - 1, 1);
        RealMatrix g2 = new Array2DRowRealMatrix(m, m);
        g2.setEntry(0, m - 1, p.gamma());
        RealMatrix mh = new Array2DRowRealMatrix(q, m);
        for (int r = 0; r < q; r++) for (int c = 0; c < m; c++) mh.setEntry(r, c, state[r] * state[q + c]);
        RealMatrix vh = new Array2DRowRealMatrix(q * m, q * m);
        double[] h21 = new double[q * m];
        for (int r = 0; r < q; r++) h21[(m - 1) * q + r] = 1;
        RealMatrix f21 = kronecker(f2, f1), g21 = kronecker(g2, g1);
        RealMatrix k = kronecker(g2, f1).add(kronecker(f2, g1));
        double[] mu = new double[h], variance = new double[h];
        for (int i = 0; i < h; i++) {
            double mean = 0;
            for (int r = 0; r < q; r++) mean += mh.getEntry(r, m - 1);
            mu[i] = mean;
            double hvh = 0;
            for (int a = 0; a < h21.length; a++) for (int b = 0; b < h21.length; b++) hvh += h21[a] * vh.getEntry(a, b) * h21[b];
            variance[i] = (1 + sigma2) * hvh + sigma2 * mean * mean;
            RealMatrix vec = new Array2DRowRealMatrix(q * m, 1);
            for (int c = 0; c < m; c++) for (int r = 0; r < q; r++) vec.setEntry(c * q + r, 0, mh.getEntry(r, c));
            RealMatrix outer = vec.multiply(vec.transpose());
            RealMatrix inner = f21.multiply(vh).multiply(g21.transpose())
                    .add(g21.multiply(vh).multiply(f21.transpose()))
                    .add(k.multiply(vh.add(outer)).multiply(k.transpose()))
                    .add(g21.multiply(vh.scalarMultiply(3).add(outer.scalarMultiply(2))).multiply(g21.transpose()).scalarMultiply(sigma2));
            vh = f21.multiply(vh).multiply(f21.transpose()).add(inner.scalarMultiply(sigma2));
            mh = f1.multiply(mh).multiply(f2.transpose()).add(g1.multiply(mh).multiply(g2.transpose()).scalarMultiply(sigma2));
        }
        return new double[][] {mu, variance};
    }

    private static RealMatrix matrix(double[][] rows) {
        return new Array2DRowRealMatrix(rows);
    }

    /** a (x) b: block (i, j) is a[i][j] * b. */
    private static RealMatrix kronecker(RealMatrix a, RealMatrix b) {
        int br = b.getRowDimension(), bc = b.getColumnDimension();
        var out = new Array2DRowRealMatrix(a.getRowDimension() * br, a.getColumnDimension() * bc);
        for (int i = 0; i < a.getRowDimension(); i++)
            for (int j = 0; j < a.getColumnDimension(); j++) {
                double v = a.getEntry(i, j);
                if (v == 0) continue;
                for (int r = 0; r < br; r++) for (int c = 0; c < bc; c++) out.setEntry(i * br + r, j * bc + c, v * b.getEntry(r, c));
            }
        return out;
    }
}
