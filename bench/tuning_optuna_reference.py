#!/usr/bin/python3
"""Optuna's own samplers on bench/TuningFunctions.java's five functions, for bench/tuning.

The same definitions (names, bounds, steps, log scale, choices, the noise's sigma) and the same
table as bench/TuningBench.java: 20 seeds x 100 trials, one study per seed with
TPESampler(seed=seed) and Optuna's other defaults (or another SAMPLER), run one trial at a time;
prints per function the median over seeds of the best value after 10, 25, 50 and 100 trials, with
the interquartile range (numpy's linear percentiles, as TuningBench) in brackets, and writes every
trial's value to a CSV (function,sampler,seed,trial,value,noiseless).

hartmann6-noisy is Hartmann-6 plus Gaussian noise of sigma 0.1 (NOISE_SIGMA), drawn from
numpy.random.default_rng([seed, trial number]): a run repeats, but the draws are not Java's. Its
CSV rows carry the noiseless value too, and it has two rows in the table: "hartmann6-noisy" is the
noiseless value of the trial with the best noisy value so far (what the study would hand back as
its best setting, scored honestly), "hartmann6-noisy observed" the best noisy value seen (biased
low: the luckiest draw).

    apt-get install -y python3-optuna    # Debian 12: Optuna 3.1.0
    /usr/bin/python3 bench/tuning_optuna_reference.py [CSV [SEEDS [TRIALS [SAMPLER [FIRST_SEED]]]]]
        # default: bench/tuning-optuna.csv 20 100 tpe 0; SAMPLER: tpe, multivariate_tpe
        # (TPESampler(multivariate=True), experimental in 3.1), random, or several, comma-separated
    /usr/bin/python3 bench/tuning_optuna_reference.py --table CSV
        # the same table from any such CSV (bench/tuning's too)
"""
import collections
import csv as csvlib
import math
import sys
import warnings

import numpy as np
import optuna

CHECKPOINTS = (10, 25, 50, 100)


def branin(x1, x2):
    b = 5.1 / (4 * math.pi * math.pi)
    c = 5 / math.pi
    t = 1 / (8 * math.pi)
    u = x2 - b * x1 * x1 + c * x1 - 6
    return u * u + 10 * (1 - t) * math.cos(x1) + 10


ALPHA = [1.0, 1.2, 3.0, 3.2]
A = [[10, 3, 17, 3.5, 1.7, 8],
     [0.05, 10, 17, 0.1, 8, 14],
     [3, 3.5, 1.7, 10, 17, 8],
     [17, 8, 0.05, 10, 0.1, 14]]
P = [[1312, 1696, 5569, 124, 8283, 5886],
     [2329, 4135, 8307, 3736, 1004, 9991],
     [2348, 1451, 3522, 2883, 3047, 6650],
     [4047, 8828, 8732, 5743, 1091, 381]]


def hartmann6(x):
    total = 0.0
    for i in range(4):
        inner = 0.0
        for j in range(6):
            d = x[j] - P[i][j] * 1e-4
            inner += A[i][j] * d * d
        total += ALPHA[i] * math.exp(-inner)
    return -total


def rosenbrock(x):
    return sum(100 * (x[i + 1] - x[i] * x[i]) ** 2 + (1 - x[i]) ** 2 for i in range(len(x) - 1))


# the noise's standard deviation on hartmann6-noisy (about 3% of the range of values near the minimum)
NOISE_SIGMA = 0.1


def hartmann6_noisy(trial, seed):
    x = floats(trial, 6, 0, 1)
    return hartmann6(x) + np.random.default_rng([seed, trial.number]).normal(0.0, NOISE_SIGMA)


def hartmann6_params(params):
    return hartmann6([params["x%d" % (i + 1)] for i in range(6)])


ACTIVATION_PENALTY = {"relu": 0.0, "tanh": 0.3, "sigmoid": 0.6, "linear": 1.0}


def mixed(lr, units, layers, activation):
    decades = math.log10(lr) + 2.5 + (units - 128) / 128.0
    width = (units - 128) / 64.0
    return decades * decades + width * width + 0.25 * abs(layers - 5) + ACTIVATION_PENALTY[activation]


def floats(trial, n, low, high):
    return [trial.suggest_float("x%d" % (i + 1), low, high) for i in range(n)]


# name, minimum, objective(trial, seed), noiseless value from a trial's params (None: no noise)
FUNCTIONS = [
    ("branin", 0.397887, lambda t, s: branin(t.suggest_float("x1", -5, 10), t.suggest_float("x2", 0, 15)), None),
    ("hartmann6", -3.32237, lambda t, s: hartmann6(floats(t, 6, 0, 1)), None),
    ("hartmann6-noisy", -3.32237, hartmann6_noisy, hartmann6_params),
    ("rosenbrock4", 0.0, lambda t, s: rosenbrock(floats(t, 4, -2, 2)), None),
    ("mixed", 0.0, lambda t, s: mixed(t.suggest_float("lr", 1e-5, 1, log=True), t.suggest_int("units", 16, 256, step=16),
                                      t.suggest_int("layers", 1, 9, step=2),
                                      t.suggest_categorical("activation", ["relu", "tanh", "sigmoid", "linear"])), None),
]
MINIMA = {name: minimum for name, minimum, _, _ in FUNCTIONS}


def cell(values):
    q1, median, q3 = np.percentile(values, [25, 50, 75])
    return "%.4f [%.4f, %.4f]" % (median, q1, q3)


def curves(values, noiseless):
    """Per trial: the best value so far, and the noiseless value of the trial with the best (noisy)
    value so far (the first of equal ones; None without noiseless values)."""
    best, at_best = [], []
    b, nb = math.inf, None
    for v, n in zip(values, noiseless):
        v = math.inf if v is None or math.isnan(v) else v
        if v < b:
            b, nb = v, n
        best.append(b)
        at_best.append(nb)
    return best, at_best


def cells(runs, trials=None):
    out = []
    for n in CHECKPOINTS:
        at = [r[n - 1] for r in runs if len(r) >= n and r[n - 1] is not None]
        out.append(cell(at) if at and (trials is None or trials >= n) else "-")
    return " | ".join(out)


def rows_for(name, sampler, per_seed):
    """Table rows of one function and sampler from {seed: (values, noiseless)}."""
    label = "%s (%s)" % (name, MINIMA[name]) if name in MINIMA else name
    best = [curves(v, n)[0] for v, n in per_seed.values()]
    noisy = any(x is not None for _, n in per_seed.values() for x in n)
    if not noisy:
        return ["| %s | %s | %s |" % (label, sampler, cells(best))]
    at_best = [curves(v, n)[1] for v, n in per_seed.values()]
    return ["| %s | %s | %s |" % (label, sampler, cells(at_best)),
            "| %s observed | %s | %s |" % (name, sampler, cells(best))]


HEADER = ("| function (minimum) | sampler | 10 | 25 | 50 | 100 |\n"
          "| --- | --- | ---: | ---: | ---: | ---: |")


def parse(text):
    return None if text in ("", "null", "None") else float(text)


def table(path):
    runs = collections.OrderedDict()  # (function, sampler) -> seed -> (values, noiseless)
    with open(path) as f:
        for row in csvlib.DictReader(f):
            per_seed = runs.setdefault((row["function"], row["sampler"]), collections.OrderedDict())
            values, noiseless = per_seed.setdefault(int(row["seed"]), ([], []))
            values.append(parse(row["value"]))
            noiseless.append(parse(row.get("noiseless") or ""))
    print(HEADER)
    for (name, sampler), per_seed in runs.items():
        for r in rows_for(name, sampler, per_seed):
            print(r)


def make_sampler(kind, seed):
    if kind == "tpe":
        return optuna.samplers.TPESampler(seed=seed)
    if kind == "multivariate_tpe":
        return optuna.samplers.TPESampler(seed=seed, multivariate=True)
    if kind == "random":
        return optuna.samplers.RandomSampler(seed=seed)
    sys.exit("unknown sampler %r; known: tpe, multivariate_tpe, random" % kind)


def main():
    if len(sys.argv) > 2 and sys.argv[1] == "--table":
        table(sys.argv[2])
        return
    csv = sys.argv[1] if len(sys.argv) > 1 else "bench/tuning-optuna.csv"
    seeds = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    trials = int(sys.argv[3]) if len(sys.argv) > 3 else 100
    kinds = (sys.argv[4] if len(sys.argv) > 4 else "tpe").split(",")
    first_seed = int(sys.argv[5]) if len(sys.argv) > 5 else 0
    for kind in kinds:
        make_sampler(kind, 0)  # fails on an unknown name before any work
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    warnings.filterwarnings("ignore", category=optuna.exceptions.ExperimentalWarning)
    rows = []
    with open(csv, "w") as out:
        out.write("function,sampler,seed,trial,value,noiseless\n")
        for name, minimum, objective, noiseless_of in FUNCTIONS:
            for kind in kinds:
                label = "optuna %s %s" % (optuna.__version__, kind)
                per_seed = collections.OrderedDict()
                for seed in range(first_seed, first_seed + seeds):
                    study = optuna.create_study(direction="minimize", sampler=make_sampler(kind, seed))
                    study.optimize(lambda t: objective(t, seed), n_trials=trials)
                    values = [t.value for t in study.trials]
                    noiseless = [noiseless_of(t.params) if noiseless_of else None for t in study.trials]
                    for t, n in zip(study.trials, noiseless):
                        out.write("%s,optuna-%s,%d,%d,%r,%s\n" % (name, kind, seed, t.number, t.value, "" if n is None else repr(n)))
                    per_seed[seed] = (values, noiseless)
                rows.extend(rows_for(name, label, per_seed))
                print("done: %s with %s" % (name, kind), file=sys.stderr)
    print("%d seeds (from %d) x %d trials; median [IQR] over seeds of the best value after n trials "
          "(hartmann6-noisy: the noiseless value of the trial with the best noisy value; "
          "hartmann6-noisy observed: the best noisy value)\n" % (seeds, first_seed, trials))
    print(HEADER)
    for r in rows:
        print(r)
    print("\nwrote " + csv)


if __name__ == "__main__":
    main()
