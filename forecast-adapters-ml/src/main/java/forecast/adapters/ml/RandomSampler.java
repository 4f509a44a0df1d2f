package forecast.adapters.ml;

import forecast.domain.tuning.CategoricalDistribution;
import forecast.domain.tuning.Distribution;
import forecast.domain.tuning.FloatDistribution;
import forecast.domain.tuning.IntDistribution;
import forecast.domain.tuning.Sampler;
import forecast.domain.tuning.StudyDefinition;
import java.util.SplittableRandom;

/**
 * Optuna's {@code RandomSampler}: uniform in the transformed space of
 * {@code optuna/_transform.py}. A float is uniform in [low, high) (in log space for a log scale);
 * a grid (stepped float, integer) is uniform on [low - step/2, high + step/2] rounded to the
 * nearest grid point, so each point is equally likely; a log-scale integer is uniform on
 * [log(low - 1/2), log(high + 1/2)], exponentiated and rounded; a categorical picks a uniform index.
 * Stateless: every draw comes from {@link Sampler.Context#random()}.
 */
final class RandomSampler implements Sampler {
    @Override
    public String name() {
        return StudyDefinition.RANDOM;
    }

    @Override
    public double sample(Context context) {
        return draw(context.distribution(), context.random());
    }

    /** One uniform draw of {@code distribution}'s internal value (also TPE's start-up sampling). */
    static double draw(Distribution distribution, SplittableRandom random) {
        return switch (distribution) {
            case CategoricalDistribution c -> random.nextInt(c.choices().size());
            case FloatDistribution f when f.log() -> below(f, Math.exp(uniform(random, Math.log(f.low()), Math.log(f.high()))));
            case FloatDistribution f when f.step() != null ->
                    onGrid(uniform(random, f.low() - f.step() / 2, f.high() + f.step() / 2), f.low(), f.high(), f.step());
            case FloatDistribution f -> below(f, uniform(random, f.low(), f.high()));
            case IntDistribution i when i.log() ->
                    Math.min(Math.max(Math.rint(Math.exp(uniform(random, Math.log(i.low() - 0.5), Math.log(i.high() + 0.5)))), i.low()), i.high());
            case IntDistribution i -> onGrid(uniform(random, i.low() - i.step() / 2.0, i.high() + i.step() / 2.0), i.low(), i.high(), i.step());
        };
    }

    // numpy's uniform(low, high): low + (high - low) * u with u in [0, 1)
    private static double uniform(SplittableRandom random, double low, double high) {
        return low + (high - low) * random.nextDouble();
    }

    // Optuna keeps a float below high (numpy's uniform can round up to it); exp(log(low)) can also
    // round a hair below low, which Optuna leaves and the domain would refuse, so it is clipped too.
    private static double below(FloatDistribution f, double v) {
        if (f.single()) return f.low();
        return Math.max(Math.min(v, Math.nextDown(f.high())), f.low());
    }

    // np.round is half-to-even, as Math.rint
    private static double onGrid(double v, double low, double high, double step) {
        return Math.min(Math.max(low + Math.rint((v - low) / step) * step, low), high);
    }
}
