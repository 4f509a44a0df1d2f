package forecast.adapters.web;

import forecast.domain.tuning.CategoricalDistribution;
import forecast.domain.tuning.FloatDistribution;
import forecast.domain.tuning.IntDistribution;
import forecast.domain.tuning.Sampler;

/**
 * A test double for the ML module's samplers: uniform in internal space, from the context's seeded
 * generator, so that a study repeats exactly. Named as the sampler it stands in for.
 */
record UniformSampler(String name) implements Sampler {
    @Override
    public double sample(Context context) {
        var r = context.random();
        return switch (context.distribution()) {
            case FloatDistribution f -> f.step() != null
                    ? f.low() + r.nextInt((int) Math.round((f.high() - f.low()) / f.step()) + 1) * f.step()
                    : f.log() ? Math.exp(Math.log(f.low()) + r.nextDouble() * (Math.log(f.high()) - Math.log(f.low())))
                    : f.low() + r.nextDouble() * (f.high() - f.low());
            case IntDistribution i -> i.low() + (long) r.nextInt((i.high() - i.low()) / i.step() + 1) * i.step();
            case CategoricalDistribution c -> r.nextInt(c.choices().size());
        };
    }
}
