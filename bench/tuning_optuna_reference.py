#!/usr/bin/python3
"""Optuna's own TPESampler on bench/TuningFunctions.java's four functions, for bench/tuning.

The same definitions (names, bounds, steps, log scale, choices; no noise) and the same table as
bench/TuningBench.java: 20 seeds x 100 trials, one study per seed with TPESampler(seed=seed) and
Optuna's other defaults, run one trial at a time; prints per function the median over seeds of the
best value after 10, 25, 50 and 100 trials, with the interquartile range (numpy's linear
percentiles, as TuningBench) in brackets, and writes every trial's value to a CSV
(function,sampler,seed,trial,value).

    apt-get install -y python3-optuna    # Debian 12: Optuna 3.1.0
    /usr/bin/python3 bench/tuning_optuna_reference.py [CSV [SEEDS [TRIALS [SAMPLER [FIRST_SEED]]]]]
                                         # default: bench/tuning-optuna.csv 20 100 tpe (or random) 0
    /usr/bin/python3 bench/tuning_optuna_reference.py --table CSV
                                         # the same table from any such CSV (bench/tuning's too)
"""
import collections
import csv as csvlib
import math
import sys

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


ACTIVATION_PENALTY = {"relu": 0.0, "tanh": 0.3, "sigmoid": 0.6, "linear": 1.0}


def mixed(lr, units, layers, activation):
    decades = math.log10(lr) + 2.5 + (units - 128) / 128.0
    width = (units - 128) / 64.0
    return decades * decades + width * width + 0.25 * abs(layers - 5) + ACTIVATION_PENALTY[activation]


def floats(trial, n, low, high):
    return [trial.suggest_float("x%d" % (i + 1), low, high) for i in range(n)]


FUNCTIONS = [
    ("branin", 0.397887, lambda t: branin(t.suggest_float("x1", -5, 10), t.suggest_float("x2", 0, 15))),
    ("hartmann6", -3.32237, lambda t: hartmann6(floats(t, 6, 0, 1))),
    ("rosenbrock4", 0.0, lambda t: rosenbrock(floats(t, 4, -2, 2))),
    ("mixed", 0.0, lambda t: mixed(t.suggest_float("lr", 1e-5, 1, log=True), t.suggest_int("units", 16, 256, step=16),
                                   t.suggest_int("layers", 1, 9, step=2),
                                   t.suggest_categorical("activation", ["relu", "tanh", "sigmoid", "linear"]))),
]


def cell(values):
    q1, median, q3 = np.percentile(values, [25, 50, 75])
    return "%.4f [%.4f, %.4f]" % (median, q1, q3)


def table(path):
    best = collections.defaultdict(dict)  # (function, sampler) -> seed -> best so far by trial
    order = []
    with open(path) as f:
        for row in csvlib.DictReader(f):
            key = (row["function"], row["sampler"])
            if key not in best:
                order.append(key)
            runs = best[key].setdefault(int(row["seed"]), [])
            value = float(row["value"]) if row["value"] not in ("", "null", "None") else math.inf
            runs.append(min(value, runs[-1]) if runs else value)
    print("| function | sampler | 10 | 25 | 50 | 100 |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for key in order:
        runs = list(best[key].values())
        cells = [cell([r[n - 1] for r in runs if len(r) >= n]) if any(len(r) >= n for r in runs) else "-" for n in CHECKPOINTS]
        print("| %s | %s | %s |" % (key[0], key[1], " | ".join(cells)))


def main():
    if len(sys.argv) > 2 and sys.argv[1] == "--table":
        table(sys.argv[2])
        return
    csv = sys.argv[1] if len(sys.argv) > 1 else "bench/tuning-optuna.csv"
    seeds = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    trials = int(sys.argv[3]) if len(sys.argv) > 3 else 100
    kind = sys.argv[4] if len(sys.argv) > 4 else "tpe"
    first_seed = int(sys.argv[5]) if len(sys.argv) > 5 else 0
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    rows = []
    with open(csv, "w") as out:
        out.write("function,sampler,seed,trial,value\n")
        for name, minimum, objective in FUNCTIONS:
            best = []
            for seed in range(first_seed, first_seed + seeds):
                sampler = optuna.samplers.TPESampler(seed=seed) if kind == "tpe" else optuna.samplers.RandomSampler(seed=seed)
                study = optuna.create_study(direction="minimize", sampler=sampler)
                study.optimize(objective, n_trials=trials)
                values = [t.value for t in study.trials]
                for t in study.trials:
                    out.write("%s,optuna-%s,%d,%d,%r\n" % (name, kind, seed, t.number, t.value))
                best.append(np.minimum.accumulate(values))
            cells = [cell([b[n - 1] for b in best]) if trials >= n else "-" for n in CHECKPOINTS]
            rows.append("| %s (%s) | optuna %s %s | %s |" % (name, minimum, optuna.__version__, kind, " | ".join(cells)))
            print("done: " + name, file=sys.stderr)
    print("%d seeds (from %d) x %d trials; median [IQR] over seeds of the best value after n trials\n" % (seeds, first_seed, trials))
    print("| function (minimum) | sampler | 10 | 25 | 50 | 100 |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for r in rows:
        print(r)
    print("\nwrote " + csv)


if __name__ == "__main__":
    main()
