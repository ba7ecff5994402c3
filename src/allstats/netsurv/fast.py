"""The fast engine: per-patient pieces of constant hazard, summed in blocks with difference arrays.

It returns the same per-interval sums as :mod:`.reference` (to rounding), in time and memory
proportional to the number of patients, pieces and grid steps.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .cohort import _Cohort, _IntervalSums, _risk_and_deaths
from .rates import RateTable, _cell_index

# Largest lambda * (span of a block) in the grouped sums: terms inside a block differ in scale by at
# most exp(_BLOCK_EXPONENT), so the difference arrays lose at most ~e^4 * 1e-16 to cancellation.
_BLOCK_EXPONENT = 4.0
_MAX_BLOCK_POSITIONS = 2048
# Patients are processed in chunks whose (patients x pieces per patient) stays under this many
# entries, so memory follows the data (a table with many calendar years makes more pieces per
# patient, hence smaller chunks), not a fixed number of patients.
_PIECE_BUDGET = 2_000_000
# cumulative population hazards above this make weights exp(2 Lambda) overflow a double once
# summed over a registry; the estimators refuse them (estimators._MAX_LOG_WEIGHT)
_MAX_LOG_WEIGHT = 300.0
# intervals with more fine steps than this are summed one by one in _running_sums_within
_SHORT = 32


def _chunks(cohort: _Cohort, rates: RateTable, reach: np.ndarray):
    """Groups of patients (index arrays, each in cohort order) for _pieces and _sum_over_pieces.

    A patient's piece-matrix row is as wide as the most rate-table cuts any patient of its
    group crosses, and its pieces are cut again at every block of _sum_over_pieces (a block spans
    at most _BLOCK_EXPONENT / max hazard days). So patients are bucketed by the cuts they cross
    (1, 2, 3-4, 5-8, ...), and each bucket is cut into chunks whose summed cost (row width +
    blocks the follow-up spans) stays under _PIECE_BUDGET: memory follows the data, not a fixed
    number of patients or a parameter."""
    crossings = _cell_index(rates.age_cuts, cohort.age_days + reach) - _cell_index(
        rates.age_cuts, cohort.age_days)
    if rates.has_years:
        crossings = crossings + _cell_index(rates.year_cuts, cohort.diagnosed + reach) \
            - _cell_index(rates.year_cuts, cohort.diagnosed)
    max_rate = float(rates.hazard.max())
    per_block = max(_BLOCK_EXPONENT / max_rate, 1.0) if max_rate > 0 else np.inf
    blocks = np.asarray(reach, dtype=float) / per_block + 1
    bucket = np.ceil(np.log2(np.maximum(crossings, 1))).astype(np.int64)
    chunks = []
    for b in np.unique(bucket):
        members = np.flatnonzero(bucket == b)
        width = int(crossings[members].max(initial=0)) + 3
        cost = np.cumsum(width + blocks[members])
        cut = np.searchsorted(cost, np.arange(1, int(cost[-1] // _PIECE_BUDGET) + 1)
                              * _PIECE_BUDGET)
        for part in np.split(members, np.unique(cut[(cut > 0) & (cut < len(members))])):
            chunks.append(part)
    return chunks


# --------------------------------------------------------------------------------------------
# Pieces: stretches of follow-up during which a patient's rate-table cell does not change
# --------------------------------------------------------------------------------------------


def _cuts_crossed(origin, cuts, reach):
    """Cell of each origin, and how many further cuts lie in (origin, origin + reach] at most."""
    cell = _cell_index(cuts, origin)
    last = _cell_index(cuts, origin + reach)
    return cell, int(max(np.max(last - cell), 0)) + 1  # +1: room for rounding at the edge


def _later_cuts(cell, cuts, n_more):
    """The cut points after each patient's starting cell, as an (n, n_more) matrix, and validity."""
    k = cell[:, None] + np.arange(1, n_more + 1)[None, :]
    valid = k < len(cuts)
    return cuts[np.minimum(k, len(cuts) - 1)], valid


def _first_step_reaching(step_start, origin, cut):
    """Smallest m with origin + step_start[m] >= cut (len(step_start) if none).

    relsurv looks the cell up at origin + (start of the daily step); this finds where that lookup
    first lands in the next cell, re-checked with the very same floating-point sum.
    """
    n_steps = len(step_start)
    m = np.searchsorted(step_start, cut - origin, side="left")
    for _ in range(64):
        prev = np.maximum(m - 1, 0)
        late = (m > 0) & (origin + step_start[prev] >= cut)
        here = np.minimum(m, n_steps - 1)
        early = (m < n_steps) & (origin + step_start[here] < cut)
        if not (late.any() or early.any()):
            return m
        m = m - late + early
    raise RuntimeError("could not place a rate-table boundary on the daily grid")


@dataclass
class _Pieces:
    """Flat arrays, one entry per piece (patient-major, in time order)."""

    patient: np.ndarray
    start: np.ndarray   # grid: first step index; exact: start time (days)
    stop: np.ndarray    # grid: step index past the end; exact: end time (days)
    cell: np.ndarray    # flat index into the rate table
    lam0: np.ndarray    # cumulative population hazard at the start of the piece
    lam_end: np.ndarray  # per patient: cumulative hazard at the end of follow-up


def _pieces(rates: RateTable, age_days, sex, diagnosed, end, *, step_start=None, step_edge=None):
    """Cut each patient's follow-up [0, end) where the rate-table cell changes.

    Grid mode (step_start given; `end` = number of daily steps): a piece is a run of steps whose
    start lies in one cell, since relsurv reads the hazard at the start of each step.
    Exact mode: a piece is a time interval [start, stop) inside one cell.
    """
    n = len(age_days)
    grid = step_start is not None
    reach = step_edge[end] if grid else end
    dims = [(age_days, rates.age_cuts)]
    if rates.has_years:
        dims.append((diagnosed, rates.year_cuts))
    cells, breaks, kinds = [], [], []
    for kind, (origin, cuts) in enumerate(dims):
        cell, n_more = _cuts_crossed(origin, cuts, reach)
        cells.append(cell)
        cut, valid = _later_cuts(cell, cuts, n_more)
        if grid:
            at = _first_step_reaching(step_start, origin[:, None], cut).astype(np.int64)
            valid &= at < end[:, None]
            at = np.where(valid, at, end[:, None])
        else:
            at = cut - origin[:, None]
            valid &= at < end[:, None]
            at = np.where(valid, at, end[:, None])
        breaks.append(at)
        kinds.append(np.where(valid, kind, -1))
    breaks = np.concatenate(breaks, axis=1)
    kinds = np.concatenate(kinds, axis=1)
    if len(dims) > 1:  # merge the age and year boundaries in time order
        order = np.argsort(breaks, axis=1, kind="stable")
        breaks = np.take_along_axis(breaks, order, axis=1)
        kinds = np.take_along_axis(kinds, order, axis=1)
    zero = np.zeros((n, 1), dtype=breaks.dtype)
    start = np.concatenate([zero, breaks], axis=1)
    stop = np.concatenate([breaks, end[:, None].astype(breaks.dtype)], axis=1)
    # The cell moves one row on at each boundary of its dimension.
    no_move = np.zeros((n, 1), dtype=np.int64)
    age_cell = cells[0][:, None] + np.concatenate(
        [no_move, np.cumsum(kinds == 0, axis=1)], axis=1)
    year_cell = 0
    if rates.has_years:
        year_cell = cells[1][:, None] + np.concatenate(
            [no_move, np.cumsum(kinds == 1, axis=1)], axis=1)
    cell = rates._flat_cell(sex[:, None], age_cell, year_cell)
    lam = rates.hazard.ravel()[cell]
    nonempty = start < stop
    length = (step_edge[stop] - step_edge[start]) if grid else (stop - start)
    increment = np.where(nonempty, lam * length, 0.0)
    total = np.cumsum(increment, axis=1)
    lam0 = total - increment
    keep = nonempty.ravel()
    patient = np.repeat(np.arange(n), start.shape[1])
    return _Pieces(patient[keep], start.ravel()[keep], stop.ravel()[keep], cell.ravel()[keep],
                   lam0.ravel()[keep], total[:, -1])


# --------------------------------------------------------------------------------------------
# Grouped sums over pieces: the fast path
# --------------------------------------------------------------------------------------------


def _blocks(position, max_rate, extra=0.0):
    """Split sorted positions into consecutive blocks spanning <= _BLOCK_EXPONENT / max_rate."""
    span = _BLOCK_EXPONENT / max_rate if max_rate > 0 else np.inf
    span = max(span - extra, 1e-9)
    bounds = [0]
    n = len(position)
    while bounds[-1] < n:
        first = bounds[-1]
        stop = int(np.searchsorted(position, position[first] + span, side="right"))
        bounds.append(max(first + 1, min(stop, first + _MAX_BLOCK_POSITIONS, n)))
    return np.asarray(bounds, dtype=np.int64)


def _sum_over_pieces(position, bounds, rates, first, past, cell, anchor_x, anchor_log, sign,
                     reduce, scale=None):
    """Sum scale * exp(sign * (anchor_log + lambda * (x - anchor_x))) over the pieces active at x.

    A piece is active at positions first..past-1 (indices into `position`). Pieces sharing a
    rate-table cell share lambda, so inside a block starting at x_b each piece reduces to one
    constant c = exp(sign * (anchor_log + lambda * (x_b - anchor_x))) times the common factor
    exp(sign * lambda * (x - x_b)): the constants are added up per cell with difference arrays,
    then multiplied by the factor. Blocks keep the factor within e^_BLOCK_EXPONENT, so the
    difference arrays lose at most a few units in the last place to cancellation (one global
    reference point would lose everything to exp(lambda * 15 years)). sign=0 counts the active
    pieces per cell.

    reduce(lo, hi, lam, per_cell) receives, for positions lo..hi-1, the per-cell sums
    (cells x positions) and their hazards. `scale` (one factor per piece, default 1) carries
    individual weights.
    """
    if len(first) == 0:
        return
    n_blocks = len(bounds) - 1
    block_of = np.repeat(np.arange(n_blocks), np.diff(bounds))
    b_first = block_of[first]
    b_last = block_of[past - 1]
    n_sub = b_last - b_first + 1
    total = int(n_sub.sum())
    which = np.repeat(np.arange(len(first)), n_sub)
    block = b_first[which] + (np.arange(total) - np.repeat(np.cumsum(n_sub) - n_sub, n_sub))
    block_dtype = np.int16 if n_blocks < 2**15 else np.int64
    order = np.argsort(block.astype(block_dtype), kind="stable")
    which = which[order]
    block = block[order]
    lo = bounds[block]
    sub_first = np.maximum(first[which], lo) - lo
    sub_past = np.minimum(past[which], bounds[block + 1]) - lo
    sub_cell = cell[which]
    lam_all = rates.hazard.ravel()
    if sign == 0:
        weight = np.ones(total)
    else:
        weight = np.exp(sign * (anchor_log[which]
                                + lam_all[sub_cell] * (position[lo] - anchor_x[which])))
    if scale is not None:
        weight = weight * scale[which]
    edges = np.searchsorted(block, np.arange(n_blocks + 1))
    for b in range(n_blocks):
        i, j = edges[b], edges[b + 1]
        if i == j:
            continue
        b_lo, b_hi = bounds[b], bounds[b + 1]
        width = b_hi - b_lo
        # rows of the per-cell matrix: the cells present in this block, in table order
        present = np.bincount(sub_cell[i:j], minlength=rates.n_cells) > 0
        cells = np.flatnonzero(present)
        row = (np.cumsum(present) - 1)[sub_cell[i:j]]
        w = weight[i:j]
        index = np.concatenate([row * (width + 1) + sub_first[i:j],
                                row * (width + 1) + sub_past[i:j]])
        diff = np.bincount(index, weights=np.concatenate([w, -w]),
                           minlength=len(cells) * (width + 1))
        per_cell = np.cumsum(diff.reshape(len(cells), width + 1), axis=1)[:, :width]
        lam = lam_all[cells]
        if sign != 0:
            per_cell *= np.exp(sign * lam[:, None] * (position[b_lo:b_hi] - position[b_lo]))
        reduce(b_lo, b_hi, lam, per_cell)


# --------------------------------------------------------------------------------------------
# The daily grid of relsurv (Pohar Perme and Ederer II)
# --------------------------------------------------------------------------------------------


@dataclass
class _StepGrid:
    start: np.ndarray     # start of each fine step (days)
    length: np.ndarray    # its length (precision, shorter at the end of a crude interval)
    edge: np.ndarray      # start positions plus the final end (len = steps + 1)
    interval: np.ndarray  # crude interval of each step
    interval_end: np.ndarray  # index past the last step of each crude interval


def _step_grid(times: np.ndarray, precision: float) -> _StepGrid:
    """Fine steps of relsurv's netfastpinter2: each crude interval (t_{j-1}, t_j] is walked in
    steps of `precision` days from t_{j-1}, the last one shortened to end at t_j. The offsets
    inside an interval are accumulated by repeated addition, exactly as the C loop does. (The C
    code accumulates the interval origins too; here they are the times themselves, which is the
    same for whole-day times and differs by at most an ulp otherwise.)"""
    previous = np.concatenate([[0.0], times[:-1]])
    gap = times - previous
    n_max = int(np.ceil(gap.max() / precision)) + 2
    offsets = np.concatenate([[0.0], np.cumsum(np.full(n_max, precision))])  # sequential sums
    n_steps = np.searchsorted(offsets, gap, side="left")  # steps start while offset < gap
    interval = np.repeat(np.arange(len(times)), n_steps)
    interval_end = np.cumsum(n_steps)
    k = np.arange(interval_end[-1]) - np.repeat(interval_end - n_steps, n_steps)
    offset = offsets[k]
    left = gap[interval] - offset
    length = np.where(left < precision, left, precision)
    start = previous[interval] + offset
    edge = np.concatenate([start, [times[-1]]])
    return _StepGrid(start, length, edge, interval, interval_end)


def _running_sums_within(values: np.ndarray, grid: _StepGrid) -> np.ndarray:
    """Running sums restarted at every crude interval, added in order (no cumsum differences,
    which would lose digits when the late terms are small).

    np.add.accumulate adds strictly in sequence, so each long interval is one call; the many short
    ones are done together, one step offset at a time (at most _SHORT offsets)."""
    out = values.copy()
    lengths = np.diff(np.concatenate([[0], grid.interval_end]))
    begins = grid.interval_end - lengths
    long = np.flatnonzero(lengths > _SHORT)
    for j in long:
        lo, hi = begins[j], grid.interval_end[j]
        out[lo:hi] = np.add.accumulate(values[lo:hi])
    short = lengths <= _SHORT
    offset = np.arange(len(values)) - begins[grid.interval]
    in_short = short[grid.interval]
    for k in range(1, min(int(lengths.max(initial=0)), _SHORT)):
        idx = np.flatnonzero(in_short & (offset == k))
        if len(idx) == 0:
            break
        out[idx] += out[idx - 1]
    return out


def _entry_steps(cohort: _Cohort, times: np.ndarray, grid: _StepGrid) -> np.ndarray:
    """First fine step at which each patient is in the risk set (0 without delayed entry)."""
    first = np.searchsorted(times, cohort.entry, side="right")  # first crude interval at risk
    return np.where(first > 0, grid.interval_end[np.maximum(first - 1, 0)], 0)


def _daily_grid_sums(cohort: _Cohort, rates: RateTable, times: np.ndarray, precision: float,
                     pohar_perme: bool) -> _IntervalSums:
    """Fast per-interval sums on relsurv's daily grid, built from per-patient pieces.

    Each patient's pieces run from diagnosis (so S_Pi is the expected survival from diagnosis)
    and take part in the sums from the first step after their entry time; `cohort.weight`
    (individual weights) multiplies each patient's terms."""
    grid = _step_grid(times, precision)
    n_steps = len(grid.start)
    exit_index, at_risk, deaths, _ = _risk_and_deaths(cohort, times)
    steps_followed = grid.interval_end[exit_index]
    entry_step = _entry_steps(cohort, times, grid)
    delayed = cohort.delayed
    max_rate = float(rates.hazard.max())
    bounds = _blocks(grid.start, max_rate, extra=precision)
    inv_s = np.zeros(n_steps)       # sum of 1/S_Pi at step starts
    lam_inv_s = np.zeros(n_steps)   # sum of lambda/S_Pi at step starts
    inv_s_end = np.zeros(n_steps)   # ... with S_Pi at step ends
    lam_inv_s_end = np.zeros(n_steps)
    lam_count = np.zeros(n_steps)   # sum of lambda over the risk set
    weighted_deaths = np.zeros(len(times))
    weighted_deaths_sq = np.zeros(len(times))
    at_exit = np.zeros(len(cohort))

    def reduce_weights(lo, hi, lam, per_cell):
        inv_s[lo:hi] += per_cell.sum(axis=0)
        lam_inv_s[lo:hi] += lam @ per_cell
        at_end = per_cell * np.exp(lam[:, None] * grid.length[lo:hi])
        inv_s_end[lo:hi] += at_end.sum(axis=0)
        lam_inv_s_end[lo:hi] += lam @ at_end

    def reduce_counts(lo, hi, lam, per_cell):
        lam_count[lo:hi] += lam @ per_cell

    for part in _chunks(cohort, rates, grid.edge[steps_followed]):
        diagnosed = None if cohort.diagnosed is None else cohort.diagnosed[part]
        pieces = _pieces(rates, cohort.age_days[part], cohort.sex[part], diagnosed,
                         steps_followed[part], step_start=grid.start, step_edge=grid.edge)
        at_exit[part] = pieces.lam_end
        weight = None if cohort.weight is None else cohort.weight[part]
        if delayed:  # pieces before a patient's entry step take no part in the sums
            first = np.maximum(pieces.start, entry_step[part][pieces.patient])
            keep = np.flatnonzero(first < pieces.stop)
            first, stop, cell = first[keep], pieces.stop[keep], pieces.cell[keep]
            start, lam0, owner = pieces.start[keep], pieces.lam0[keep], pieces.patient[keep]
        else:  # no copies: the pieces as they are
            first = start = pieces.start
            stop, cell, lam0, owner = pieces.stop, pieces.cell, pieces.lam0, pieces.patient
        scale = None if weight is None else weight[owner]
        if pohar_perme:
            if pieces.lam_end.max(initial=0) > _MAX_LOG_WEIGHT:
                continue  # weights overflow: the caller refuses the cohort (see at_exit)
            _sum_over_pieces(grid.start, bounds, rates, first, stop, cell, grid.edge[start], lam0,
                             +1, reduce_weights, scale)
            dead = cohort.status[part] == 1
            inv = np.exp(pieces.lam_end[dead])
            w = 1.0 if weight is None else weight[dead]
            where = exit_index[part][dead]
            weighted_deaths += np.bincount(where, weights=w * inv, minlength=len(times))
            weighted_deaths_sq += np.bincount(where, weights=(w * inv) ** 2,
                                              minlength=len(times))
        else:
            _sum_over_pieces(grid.start, bounds, rates, first, stop, cell, None, None, 0,
                             reduce_counts, scale)
        del pieces, first, start, stop, cell, lam0, owner

    hazard_sum = np.bincount(grid.interval, weights=grid.length * lam_count,
                             minlength=len(times))
    weighted_at_risk = weighted_hazard = np.zeros(len(times))
    if pohar_perme:
        weighted_at_risk = inv_s_end[grid.interval_end - 1]
        a = _running_sums_within(lam_inv_s, grid)
        b = _running_sums_within(inv_s, grid)
        a_end = _running_sums_within(lam_inv_s_end, grid)
        b_end = _running_sums_within(inv_s_end, grid)
        term = grid.length * (a / b / 2 + a_end / b_end / 2)
        weighted_hazard = np.bincount(grid.interval, weights=term, minlength=len(times))
    return _IntervalSums(times, at_risk, deaths, hazard_sum, weighted_deaths, weighted_deaths_sq,
                         weighted_at_risk, weighted_hazard, at_exit)


def _cumulative_hazard_at_exit(cohort: _Cohort, rates: RateTable):
    """Exact Lambda_Pi(time_i), the population hazard integrated from diagnosis to the end of
    follow-up, for every patient."""
    total = np.zeros(len(cohort))
    for part in _chunks(cohort, rates, cohort.time):
        diagnosed = None if cohort.diagnosed is None else cohort.diagnosed[part]
        pieces = _pieces(rates, cohort.age_days[part], cohort.sex[part], diagnosed,
                         cohort.time[part])
        total[part] = pieces.lam_end
    return total


def _weight_crossing(cohort: _Cohort, rates: RateTable, rows: np.ndarray, level):
    """Follow-up time (days, up to time_i) at which Lambda_Pi first reaches `level` (a number,
    or one per row), for patients `rows`; inf where it is not reached by time_i."""
    sub = cohort.subset(rows)
    level = np.broadcast_to(np.asarray(level, dtype=float), (len(sub),))
    when = np.full(len(sub), np.inf)
    for part in _chunks(sub, rates, sub.time):
        diagnosed = None if sub.diagnosed is None else sub.diagnosed[part]
        pieces = _pieces(rates, sub.age_days[part], sub.sex[part], diagnosed, sub.time[part])
        lam = rates.hazard.ravel()[pieces.cell]
        target = level[part][pieces.patient]
        reach = pieces.lam0 + lam * (pieces.stop - pieces.start)
        hit = (pieces.lam0 < target) & (reach >= target) & (lam > 0)
        at = pieces.start[hit] + (target[hit] - pieces.lam0[hit]) / lam[hit]
        found = np.full(len(part), np.inf)
        np.minimum.at(found, pieces.patient[hit], at)
        when[part] = found
    return when


# --------------------------------------------------------------------------------------------
# Exact integration (Ederer I and Hakulinen)
# --------------------------------------------------------------------------------------------


def _exact_sums(cohort: _Cohort, rates: RateTable, times: np.ndarray, horizon: np.ndarray,
                sign: int, increments: bool, groups: np.ndarray | None = None,
                n_groups: int = 1):
    """Sums over {i : horizon_i >= t_j} of w_ij = exp(sign * Lambda_Pi(t_j)) and of
    w_ij * (Lambda_Pi(t_j) - Lambda_Pi(t_{j-1})), with Lambda_Pi integrated exactly over the
    cells (relsurv's pystep). sign = -1 weighs by S_Pi, +1 by 1/S_Pi, 0 not at all.

    Each patient's horizon must be one of the times. With `groups` (an index 0..n_groups-1 per
    patient) the sums are (times x groups) matrices, from one pass over the pieces. Also returns
    Lambda_Pi(horizon_i) for every patient."""
    n_times = len(times)
    max_rate = float(rates.hazard.max())
    bounds = _blocks(times, max_rate)
    weight_sum = np.zeros((n_times, n_groups))
    lam_weight_sum = np.zeros((n_times, n_groups))
    corrections = np.zeros((n_times, n_groups))
    at_exit = np.zeros(len(cohort))
    group_of = np.zeros(len(cohort), dtype=np.intp) if groups is None else groups

    for part in _chunks(cohort, rates, horizon):
        diagnosed = None if cohort.diagnosed is None else cohort.diagnosed[part]
        end = horizon[part]
        pieces = _pieces(rates, cohort.age_days[part], cohort.sex[part], diagnosed, end)
        at_exit[part] = pieces.lam_end
        is_last = pieces.stop == end[pieces.patient]
        first = np.searchsorted(times, pieces.start, side="left")
        past = np.searchsorted(times, pieces.stop, side="left") + is_last
        active = first < past
        piece_group = group_of[part][pieces.patient]
        for g in range(n_groups):
            use = active & (piece_group == g) if n_groups > 1 else active

            def reduce(lo, hi, lam, per_cell, g=g):
                weight_sum[lo:hi, g] += per_cell.sum(axis=0)
                if increments:
                    lam_weight_sum[lo:hi, g] += lam @ per_cell

            anchors = (None, None) if sign == 0 else (pieces.start[use], pieces.lam0[use])
            with np.errstate(over="ignore", invalid="ignore"):
                _sum_over_pieces(times, bounds, rates, first[use], past[use], pieces.cell[use],
                                 anchors[0], anchors[1], sign, reduce)
        if not increments:
            continue
        # At the first time t_j inside a piece the integral over (t_{j-1}, t_j] also covers
        # earlier pieces: replace lambda * (t_j - t_{j-1}) there by the exact integral.
        lam = rates.hazard.ravel()[pieces.cell]
        # the piece holding t_{j-1}: the one before the run of pieces (of this patient) whose
        # first grid time is j (runs of equal keys are consecutive, in time order)
        key = pieces.patient.astype(np.int64) * (n_times + 1) + first
        index = np.arange(len(key))
        run_start = np.maximum.accumulate(
            np.where(np.concatenate([[True], key[1:] != key[:-1]]), index, 0))
        sel = np.flatnonzero(active)
        j = first[sel]
        t_prev = np.where(j > 0, times[np.maximum(j - 1, 0)], 0.0)
        owner = np.maximum(run_start[sel] - 1, 0)
        lam_prev = np.where(
            j > 0,
            pieces.lam0[owner] + lam[owner] * (t_prev - pieces.start[owner]),
            0.0,
        )
        lam_here = pieces.lam0[sel] + lam[sel] * (times[j] - pieces.start[sel])
        exact = lam_here - lam_prev
        approx = lam[sel] * (times[j] - t_prev)
        with np.errstate(over="ignore", invalid="ignore"):
            fix = np.exp(sign * lam_here) * (exact - approx)
        flat = j * n_groups + piece_group[sel]
        corrections += np.bincount(flat, weights=fix,
                                   minlength=n_times * n_groups).reshape(n_times, n_groups)
    step = np.diff(np.concatenate([[0.0], times]))[:, None]
    sums = weight_sum, step * lam_weight_sum + corrections
    if groups is None:
        sums = sums[0][:, 0], sums[1][:, 0]
    return sums[0], sums[1], at_exit


def _exact_expected_sums(cohort: _Cohort, rates: RateTable, times: np.ndarray,
                         horizon: np.ndarray, hakulinen: bool):
    """Ederer I and Hakulinen: sums over {i : horizon_i >= t_j} of S_Pi(t_j) and of
    S_Pi(t_j) * (Lambda_Pi(t_j) - Lambda_Pi(t_{j-1})) (see _exact_sums)."""
    return _exact_sums(cohort, rates, times, horizon, -1, hakulinen)[:2]

