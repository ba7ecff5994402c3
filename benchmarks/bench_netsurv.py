"""Benchmark: allstats.netsurv's Pohar Perme and Ederer II on registry-sized cohorts.

Simulated cohorts of 10,000, 100,000 and 1,000,000 patients diagnosed 2005-2019 and followed to
the end of 2019 (up to 15 years), against the US 2019 life tables. For each size and method it
reports the median wall time of a few runs (one run for the largest size) and the peak memory
traced by tracemalloc (numpy's allocations included) in a separate run, since tracing slows
numpy's allocations down. Before timing, the fast path is checked
against the slow daily-grid reference on a cohort small enough for the reference.

Run: ``python benchmarks/bench_netsurv.py [--quick]`` or through ``make bench`` (``run()``).
Targets: 100,000 patients under 1 s; 1,000,000 under 10 s in under 2 GB.
"""

from __future__ import annotations

import statistics
import sys
import time
import tracemalloc
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

try:
    from allstats import netsurv
except ImportError:  # running from a checkout without an install
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from allstats import netsurv

SIZES = (10_000, 100_000, 1_000_000)
TARGET_SECONDS = {100_000: 1.0, 1_000_000: 10.0}
TARGET_MB = {1_000_000: 2048.0}
REFERENCE_TOLERANCE = 1e-12  # fast path vs the daily-grid definition
METHODS = ("pohar-perme", "ederer2")
STUDY_END = np.datetime64("2019-12-31")


def simulate_cohort(n: int, rates: netsurv.RateTable, seed: int = 2019) -> pd.DataFrame:
    """Patients diagnosed uniformly over 2005-2019, followed to 2019-12-31.

    Ages: 60% children (0-19), the rest adults (20-89). Deaths come from the population hazard
    of the rate table plus an excess hazard that is high early and higher with age, so the
    cohort has realistic ties, censoring and up to 15 years of follow-up (whole days).
    """
    rng = np.random.default_rng(seed)
    child = rng.random(n) < 0.6
    age = np.where(child, rng.uniform(0, 20, n), rng.uniform(20, 90, n))
    sex = np.where(rng.random(n) < 0.55, "male", "female")
    start = np.datetime64("2005-01-01")
    span = int((STUDY_END - start).astype(np.int64))
    diagnosed = start + rng.integers(0, span, n).astype("timedelta64[D]")
    potential = (STUDY_END - diagnosed).astype(np.int64) + 1
    # excess hazard per day: 0.25/yr for children, up to ~1/yr for the old, fading after 3 years
    yearly = np.where(child, 0.06, 0.15 + 0.012 * (age - 20))
    cure = rng.random(n) < np.where(child, 0.8, 0.3)
    excess_days = np.where(cure, np.inf, rng.exponential(365.241 / yearly))
    lam = rates.daily_hazard(age * rates.days_per_year, sex)
    population_days = rng.exponential(1 / np.maximum(lam * 1.5, 1e-12))
    death = np.ceil(np.minimum(excess_days, population_days))
    time_days = np.minimum(death, potential)
    status = (death <= potential).astype(int)
    return pd.DataFrame({"time": time_days, "status": status, "age": age, "sex": sex,
                         "diagnosed": diagnosed})


def _timed(function, repeats: int):
    """Median wall and CPU time of `repeats` untraced runs, then peak traced memory (MiB) of one
    more. On a shared machine the CPU time (user + system of this process) is the steadier."""
    times, cpu = [], []
    for _ in range(repeats):
        begin, begin_cpu = time.perf_counter(), time.process_time()
        result = function()
        times.append(time.perf_counter() - begin)
        cpu.append(time.process_time() - begin_cpu)
    tracemalloc.start()
    function()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return result, statistics.median(times), statistics.median(cpu), peak / 2**20


def check_against_reference(rates, n: int = 3000) -> dict:
    """Max |fast - daily-grid reference| over surv, std_err, lower, upper on a small cohort."""
    cohort = simulate_cohort(n, rates, seed=7)
    cohort = cohort[cohort.time <= 3 * 365]  # keep the slow reference quick
    out = {}
    for method in METHODS:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            fast = netsurv.net_survival(cohort, rates, method=method)
            slow = netsurv._net_survival_reference(cohort, rates, method=method)
        columns = ["surv", "std_err", "lower", "upper"]
        out[method] = float(np.nanmax(np.abs(fast[columns].to_numpy() - slow[columns].to_numpy())))
    return out


def run(quick: bool = False) -> list[dict]:
    """Rows: benchmark, n, method, repeats, median_s, cpu_s, peak_mb, rows, surv_5y,
    max_diff_vs_reference, matches_reference, meets_target."""
    rates = netsurv.RateTable.us_2019()
    differences = check_against_reference(rates, n=800 if quick else 3000)
    sizes = SIZES[:2] if quick else SIZES
    rows = []
    for n in sizes:
        patients = simulate_cohort(n, rates)
        repeats = 1 if n >= 1_000_000 else (3 if quick else 5)
        for method in METHODS:
            def estimate(patients=patients, method=method):
                with warnings.catch_warnings():
                    # the simulated adults followed past 100: Pohar Perme warns, as it should
                    warnings.simplefilter("ignore", UserWarning)
                    return netsurv.net_survival(patients, rates, method=method)

            result, median, cpu, peak = _timed(estimate, repeats)
            five = result.loc[result.time <= 5 * 365.241, "surv"]
            rows.append({
                "benchmark": "net_survival", "n": n, "method": method, "repeats": repeats,
                "median_s": round(median, 3), "cpu_s": round(cpu, 3), "peak_mb": round(peak, 1),
                "rows": len(result),
                "surv_5y": round(float(five.iloc[-1]), 4),
                "max_diff_vs_reference": differences[method],
                "matches_reference": differences[method] <= REFERENCE_TOLERANCE,
                "meets_target": (median <= TARGET_SECONDS.get(n, np.inf)
                                 and peak <= TARGET_MB.get(n, np.inf)),
            })
    return rows


def main(argv=None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    rows = run(quick="--quick" in argv)
    table = pd.DataFrame(rows)
    with pd.option_context("display.width", 160, "display.max_columns", 20):
        print(table.to_string(index=False))


if __name__ == "__main__":
    main()
