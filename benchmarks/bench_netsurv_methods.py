"""Benchmark: netsurv's period analysis, crude probabilities, test and standardisation against R.

allstats on 100,000 simulated patients (benchmarks/bench_netsurv.py's simulator, US 2019 tables)
against R on the first 10,000 of them, in the same run on the same machine
(benchmarks/netsurv_methods.R: popEpi for period analysis, relsurv 2.2-9's cmp.rel, rs.diff, and
rs.surv per ICSS 1 age class). For each method it reports the median wall time and the median
CPU time (user + system) of the repeats, per patient, and the ratio R / allstats per patient
for both. The target (at least 20) is judged on the CPU-time ratio: on the shared machine each
side's wall time also counts the time it waited for a core, which differs between the two runs
(R and Python run one after the other, under whatever load there is then); the wall-time ratio
is printed beside it.
Peak memory of allstats is traced (tracemalloc, numpy included) in a separate run.
R is skipped, with a note in the table, when Rscript, relsurv or popEpi is missing.

Run: ``python -m benchmarks bench_netsurv_methods [--quick]`` or ``make bench``.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

try:
    from allstats import netsurv
except ImportError:  # running from a checkout without an install
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from allstats import netsurv

from benchmarks.bench_netsurv import _timed, simulate_cohort

ROOT = Path(__file__).resolve().parents[1]
N_OURS = 100_000
N_R = 10_000
TARGET_RATIO = 20.0
FIVE_YEARS = 5 * netsurv.DAYS_PER_YEAR

METHODS = {
    "period": ("net_survival(period=2015-2019), Pohar Perme",
               lambda p, r: netsurv.net_survival(p, r, period=("2015-01-01", "2019-12-31"))),
    "crude": ("crude_probabilities", lambda p, r: netsurv.crude_probabilities(p, r)),
    "test": ("net_survival_test(by=sex)", lambda p, r: netsurv.net_survival_test(p, r, by="sex")),
    "standardised": ("standardised_net_survival(icss1), traditional",
                     lambda p, r: netsurv.standardised_net_survival(p, r, times=[FIVE_YEARS])),
    "brenner": ("standardised_net_survival(icss1, individual=True)",
                lambda p, r: netsurv.standardised_net_survival(p, r, times=[FIVE_YEARS],
                                                               individual=True)),
}
R_NAMES = {"period": "popEpi lexpand + survtab_ag (pp, 1/24-year intervals)",
           "crude": "relsurv cmp.rel", "test": "relsurv rs.diff",
           "standardised": "relsurv rs.surv per ICSS 1 class",
           "brenner": "relsurv rs.surv per ICSS 1 class"}
R_RUN = {"brenner": "standardised"}  # no Brenner weighting in relsurv 2.2-9: the same R job


def r_available() -> str | None:
    """None when Rscript with relsurv and popEpi is there, else why not."""
    if shutil.which("Rscript") is None:
        return "Rscript not found"
    check = subprocess.run(
        ["Rscript", "-e", "for (p in c('relsurv', 'popEpi')) library(p, character.only = TRUE)"],
        capture_output=True, text=True)
    return None if check.returncode == 0 else "R packages relsurv/popEpi not installed"


def run_r(patients, repeats: int) -> dict:
    """{method: (median wall, median CPU)} from benchmarks/netsurv_methods.R."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cohort.csv"
        out = patients.assign(diagnosed=patients.diagnosed.dt.strftime("%Y-%m-%d"))
        out.to_csv(path, index=False)
        done = subprocess.run(
            ["Rscript", str(ROOT / "benchmarks" / "netsurv_methods.R"), str(ROOT), str(path),
             str(repeats)], capture_output=True, text=True, check=True)
    runs: dict = {}
    for line in done.stdout.splitlines():
        name, wall, cpu = line.split()
        runs.setdefault(name, []).append((float(wall), float(cpu)))
    return {name: (statistics.median(w for w, _ in values),
                   statistics.median(c for _, c in values)) for name, values in runs.items()}


def run(quick: bool = False) -> list[dict]:
    """Rows: method, allstats call, n, median wall/CPU (s), peak MiB, R call, R n, R medians,
    ratios per patient (wall, CPU), meets_target."""
    rates = netsurv.RateTable.us_2019()
    n_ours, n_r = (20_000, 2_000) if quick else (N_OURS, N_R)
    patients = simulate_cohort(n_ours, rates)
    repeats = 3
    missing = r_available()
    r_times = {} if missing else run_r(patients.iloc[:n_r], repeats)
    rows = []
    for name, (call, function) in METHODS.items():
        with warnings.catch_warnings():
            # patients followed past 100 (Pohar Perme weights) and children outside the ICSS:
            # the warnings are the point elsewhere, noise here
            warnings.simplefilter("ignore", UserWarning)
            _, wall, cpu, peak = _timed(lambda f=function: f(patients, rates), repeats)
        row = {"method": name, "allstats": call, "n": n_ours, "repeats": repeats,
               "wall_s": round(wall, 3), "cpu_s": round(cpu, 3), "peak_mb": round(peak, 1),
               "R": R_NAMES[name], "R_n": n_r}
        if missing:
            row.update(R_wall_s=missing, R_cpu_s="", ratio_wall="", ratio_cpu="",
                       meets_target="")
        else:
            r_wall, r_cpu = r_times[R_RUN.get(name, name)]
            ratio_wall = (r_wall / n_r) / (wall / n_ours)
            ratio_cpu = (r_cpu / n_r) / (cpu / n_ours)
            row.update(R_wall_s=round(r_wall, 3), R_cpu_s=round(r_cpu, 3),
                       ratio_wall=round(ratio_wall, 1), ratio_cpu=round(ratio_cpu, 1),
                       meets_target=ratio_cpu >= TARGET_RATIO)
        rows.append(row)
    return rows


def main(argv=None) -> None:
    import pandas as pd

    argv = sys.argv[1:] if argv is None else argv
    table = pd.DataFrame(run(quick="--quick" in argv))
    with pd.option_context("display.width", 200, "display.max_columns", 20):
        print(table.to_string(index=False))


if __name__ == "__main__":
    main()

