"""The lessons of the notebooks, built from ``data/`` and the library.

One builder per notebook, ``lesson_<stem>(data_dir)``, returns its :class:`~.model.Lesson`:
learning goals, a summary that answers them, check-your-understanding questions, "predict, then
move" prompts and the teacher's steps. Every number in a prompt, an option or a feedback is
read from the data package (through the data layer) and formatted by :mod:`allstats.text` or
:mod:`allstats.statements`; no statistic is typed here. If the data change so that a question
no longer has exactly one right option, building it raises :class:`~.model.LessonError`.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from .. import catalogue as ids
from ..arithmetic import count_from_percent, natural_frequency, satisfies
from ..data import load
from ..provenance import disagreements
from ..series import counts_by_sex, deaths_per_100_new_cases, pediatric_rates_by_age, whole_people
from ..statements import as_people, describe, share_allowed
from ..survival import edition_comparison, guide_figure, horizon_years, survival_timeline
from ..text import fmt_count, fmt_fraction, fmt_number, fmt_percent
from ..text import figure as _figure_row
from ..worked_example import (WORKED_EXAMPLE_START_SIZE, guide_example, relative_survival_example,
                              relative_survival_from)
from .model import Choice, Lesson, MultipleChoice, NumberQuestion, Prediction, Step

__all__ = ["BUILDERS", "allowed_text"]


@lru_cache(maxsize=256)
def figure(figure_id: str, data_dir=None):
    """:func:`allstats.text.figure`, read once per lesson build (a lesson reads several rows)."""
    return _figure_row(figure_id, data_dir)


def _mc(qid, prompt, misconception, *choices):
    return MultipleChoice(qid, prompt, tuple(Choice(*c) for c in choices), misconception)


def allowed_text(interval) -> str:
    """What a statement allows, in words: 'shares below 0.5%', '75% to 85%'.

    >>> from allstats.statements import allowed
    >>> allowed_text(allowed("less than", 0.5)), allowed_text(allowed("about", 80))
    ('shares below 0.5%', '75% to 85%')
    """
    if interval.kind == "upper bound":
        return f"shares {'below' if interval.qualifier == 'less than' else 'up to'} " \
               f"{fmt_percent(interval.value)}"
    if interval.kind == "lower bound":
        return f"shares {'above' if interval.qualifier == 'more than' else 'of at least'} " \
               f"{fmt_percent(interval.value)}"
    if interval.low == interval.high:
        return f"exactly {fmt_percent(interval.low)}"
    return f"{fmt_percent(interval.low)} to {fmt_percent(interval.high)}"


def _pct(x) -> str:
    return fmt_percent(fmt_number(x, 1).rstrip("0").rstrip("."))


def _survival_context(data_dir):
    adults = guide_figure("adults", data_dir)
    young = guide_figure("children", data_dir)
    return adults, young, horizon_years(data_dir)


# --- 00 start here --------------------------------------------------------------------------

def lesson_00_start_here(data_dir=None) -> Lesson:
    estimates = load("acs_estimates", data_dir)
    totals = estimates[(estimates["sex"] == "all") & (estimates["measure"] == "new_cases")]
    latest = totals.sort_values("year").iloc[-1]
    year, cases = int(latest["year"]), fmt_count(latest["count"])
    stated = describe(latest)
    share = figure(ids.SHARE_OF_ALL_CANCERS, data_dir)
    interval = share_allowed(share)
    bound = interval.value
    candidates = [round(bound * 0.6, 2), bound, round(bound * 2, 2)]
    options = []
    for c in candidates:
        ok = satisfies(c, share["qualifier"], share["value"], share["low"], share["high"])
        options.append((fmt_percent(c), ok,
                        f"“{describe(share)}” allows {allowed_text(interval)}; "
                        f"{fmt_percent(c)} is {'one of them' if ok else 'not one of them'}."))
    adults_share = figure(ids.ADULTS_SHARE_OF_CASES, data_dir)
    thousand = natural_frequency(share_allowed(adults_share).value, 1000)[0]
    adults, _, horizon = _survival_context(data_dir)
    h = fmt_number(horizon)
    goals = (
        "Say what one statistic describes: which people, which place and years, which source.",
        "Say a share as people out of 10, 100 or 1,000, keeping the source's own words "
        "(“about”, “less than”).",
        "Find where each statistic is explained and where each number comes from.",
    )
    summary = (
        f"A statistic describes a group: the latest estimate, {stated} new cases in {year}, is a "
        "projection for everyone in the United States, from one source's edition.",
        f"“{describe(adults_share)}” people diagnosed are adults is about "
        f"{fmt_count(thousand)} out of 1,000 people diagnosed; the word “about” stays with it.",
        "The map above says which notebook explains which statistic; notebook 08 lists every "
        "number with its source and the source's own sentence.",
    )
    questions = (
        _mc("start-estimate",
            f"The American Cancer Society's figure for {year} is {stated} new cases of ALL in the "
            "United States. What kind of number is it?", "estimate-not-count",
            ("A projection made before the year was over, from older registry data and trends",
             True, f"The source says “{stated}”: a yearly estimate is made ahead of the counts, "
                   "which cancer registries complete years later."),
            (f"A count of every person diagnosed with ALL in {year}", False,
             "An estimate is not a count: registries could not yet have counted that year's "
             f"cases when it was published, and the source itself says “{stated}”."),
            (f"The number of people living with ALL in {year}", False,
             "People living after a diagnosis (prevalence) include everyone diagnosed in earlier "
             "years; this figure is about new diagnoses in one year.")),
        MultipleChoice(
            "start-less-than",
            f"The guide says ALL makes up {describe(share)} of cancers diagnosed in the United "
            "States. Which of these shares does that statement allow?",
            tuple(Choice(*o) for o in options), "words-matter"),
        _mc("start-one-person",
            f"The guide's {h}-year relative survival rate for people {adults['group']} is "
            f"{fmt_percent(adults['percent'])}. A friend aged {int(adults['age_low']) + 10} has "
            "just been diagnosed. What does the figure tell you about your friend?",
            "group-not-person",
            ("Nothing certain: it describes a group of people diagnosed years earlier, of every "
             "adult age, compared with similar people without ALL", True,
             "A statistic of a group cannot say what will happen to one person in it."),
            (f"Your friend has a {fmt_percent(adults['percent'])} chance of being alive in "
             f"{h} years", False,
             "A group's rate is not one person's chance: the group mixes ages and treatments of "
             "years ago, and a relative survival rate compares with people without ALL; it is "
             "not a share alive."),
            (f"Your friend will live another {h} years", False,
             f"The {h} years are when survival was measured, not how long anyone lives.")),
    )
    predictions = (
        Prediction("start-thousand", "natural-frequency",
                   f"The guide says {describe(adults_share)} people diagnosed with ALL are "
                   "adults. Guess: out of 1,000 people diagnosed, how many is that?",
                   "Keep the statistic on the adults' share of people diagnosed and set "
                   "“Out of how many people” to 1,000.",
                   lambda v: v["counted"] if (v["statistic"] == ids.ADULTS_SHARE_OF_CASES
                                              and v["denominator"] == 1000) else None,
                   (0, 1000, 1), fmt_count,
                   "The same share, said out of a bigger group: it describes who the people "
                   "diagnosed are, not anyone's chance of getting ALL.",
                   "share-not-risk", start=0),
    )
    steps = (
        Step("Read the opening paragraphs aloud; point at the sentence that the notebooks "
             "advise no one.", "What is the difference between a statistic and a forecast?"),
        Step("In the explorer, keep the adults' share and switch between 10, 100 and 1,000 "
             "people.", "Does the statement change when the group gets bigger? What stays?"),
        Step("Open the map and pick the notebook for the next question of the class.",
             "Which notebook would you open to check a number you read in the news?"),
    )
    return Lesson("00_start_here", "Start here", goals, summary, questions, predictions, steps,
                  discussion=("Where have you seen a statistic about an illness, and who was "
                              "it about?",), minutes=10)


# --- 01 new cases ---------------------------------------------------------------------------

def lesson_01_new_cases(data_dir=None) -> Lesson:
    new_cases = counts_by_sex("new_cases", data_dir=data_dir)
    years = [int(y) for y in new_cases.index]
    first, last = years[0], years[-1]
    share = figure(ids.SHARE_OF_ALL_CANCERS, data_dir)
    figures = load("figures", data_dir)
    risk = figures[figures["topic"] == "risk"].sort_values("year").iloc[-1]
    adults_share = figure(ids.ADULTS_SHARE_OF_CASES, data_dir)
    rates = pediatric_rates_by_age(data_dir=data_dir)
    peak = rates["rate"].idxmax()
    before, latest = int(new_cases.at[last - 1, "all"]), int(new_cases.at[last, "all"])
    change = abs(latest - before)
    direction = "lower" if latest < before else "higher"
    low, high = int(new_cases["all"].min()), int(new_cases["all"].max())
    goals = (
        "Read a yearly number of new cases as an estimate from one edition of a source, not "
        "a count.",
        "Tell a share of the people diagnosed (how many are adults) from a risk (how likely "
        "anyone is to be diagnosed).",
        "Say at which ages ALL is most often diagnosed, and what the data cannot show.",
    )
    summary = (
        f"The estimates for {first} to {last} lie between {fmt_count(low)} and "
        f"{fmt_count(high)} new cases a year; each is a projection, and the table says which "
        "edition gave it.",
        f"“{describe(adults_share)}” people diagnosed are adults is a share of cases; the "
        f"lifetime risk, {describe(risk)}, is the chance of being diagnosed at all.",
        f"Among children and teens the rate is highest at ages {peak} (MMWR); the data package "
        "has no age-specific rates for adults.",
    )
    questions = (
        _mc("cases-share-not-risk",
            f"The guide says ALL makes up {describe(share)} of all cancers diagnosed in the "
            f"United States. Is a person's chance of getting ALL {describe(share)}?",
            "share-not-risk",
            ("No: it is a share of the cancers diagnosed; the chance of being diagnosed with ALL "
             f"in a lifetime is given separately ({describe(risk)})", True,
             "A share of cases counts only people who have a cancer; a risk counts everyone."),
            ("Yes: a share of all cancers is the chance of getting that cancer", False,
             f"A share of cases says nothing about people without cancer. The ACS gives the "
             f"lifetime risk of ALL as {describe(risk)}."),
            ("Yes, but only for adults", False,
             "The share is of all cancers at all ages, and it is still not a risk: that needs "
             "everyone, not only the people with a cancer.")),
        _mc("cases-adults-share",
            f"The guide: “{adults_share['quote']}” What does this say about how often ALL "
            "strikes adults compared with children?", "share-not-risk",
            ("Nothing on its own: a share of the people diagnosed says who they are; how often "
             "ALL strikes a group needs a rate (cases per number of people in the group)", True,
             "Comparing how often needs how many adults and children there are, which a share "
             "of cases leaves out."),
            ("Adults get ALL less often than children, because the share is below half", False,
             "The share alone cannot tell: adults and children are groups of different sizes. "
             f"The rates per child (highest at ages {peak}) come from another source, MMWR."),
            (f"An adult has a {_pct(share_allowed(adults_share).value)} chance of getting ALL",
             False, "That reads a share of cases as a risk: the share is of the people "
                    "diagnosed, not of all adults.")),
        NumberQuestion(
            "cases-estimate-change",
            f"The ACS estimate was {fmt_count(before)} new cases for {last - 1} and "
            f"{fmt_count(latest)} for {last}. By how many new cases is the {last} estimate "
            f"{direction}?", change, fmt_count(change), 0,
            f"{fmt_count(latest)} − {fmt_count(before)}: a change between two projections, "
            "each made ahead of the counts. It is not a count of people more or fewer.",
            "estimate-not-count", unit="new cases"),
    )
    predictions = (
        Prediction("cases-latest", "new-cases",
                   f"Before you move the slider: guess the estimated number of new cases in "
                   f"{last}.", f"Move the year slider to {last}.",
                   lambda v: v["all"] if v["year"] == last else None,
                   (0, 2 * high, 10), fmt_count,
                   f"From {first} to {last} the estimates stayed between {fmt_count(low)} and "
                   f"{fmt_count(high)}: projections move little from year to year.",
                   "estimate-not-count", start=0),
    )
    steps = (
        Step("Show the guide's year and the split by sex.",
             "Is this number a count? How could anyone know it before the year ended?"),
        Step(f"Ask for a guess of the {last} estimate, then move the year slider from {first} "
             f"to {last}.", "Which years come only from a secondary source, and why mark them?"),
        Step("Read the share of all cancers, then the lifetime risk.",
             "Which of the two is a chance? A chance of what, for whom?"),
        Step("In the adults' share explorer, switch sources.",
             "Why might two sources give different shares of adults?"),
    )
    return Lesson("01_new_cases", "How many people get ALL", goals, summary, questions,
                  predictions, steps,
                  discussion=("A newspaper says “ALL is rare in adults”. Which numbers here "
                              "support that, and which cannot?",), minutes=15)


# --- 02 deaths ------------------------------------------------------------------------------

def lesson_02_deaths(data_dir=None) -> Lesson:
    ratio = deaths_per_100_new_cases(data_dir=data_dir)
    years = [int(y) for y in ratio.index]
    guide = figure(ids.ADULTS_SHARE_OF_DEATHS, data_dir)
    guide_year = int(guide["year"])
    deaths = int(ratio.at[guide_year, "deaths"])
    cases = int(ratio.at[guide_year, "new_cases"])
    per_100 = float(ratio.at[guide_year, "per_100"])
    interval = share_allowed(guide)
    low_count = whole_people(count_from_percent(interval.low, deaths))
    last = years[-1]
    target_year = last if last != guide_year else years[0]
    goals = (
        "Read the yearly deaths from ALL as estimates, by sex and over time.",
        "Say which values “about” allows, and turn a share of deaths into people.",
        "Explain why a year's deaths are not the people diagnosed that year.",
    )
    summary = (
        f"The estimates for {years[0]} to {last} lie between "
        f"{fmt_count(int(ratio['deaths'].min()))} and {fmt_count(int(ratio['deaths'].max()))} "
        "deaths a year; each is a projection.",
        f"“{describe(guide)}” of the deaths are adults allows {allowed_text(interval)}: for "
        f"{guide_year}, {fmt_count(low_count)} to "
        f"{fmt_count(whole_people(count_from_percent(interval.high, deaths)))} people.",
        f"Deaths for every 100 new cases ({fmt_number(per_100, 1)} in {guide_year}) set two "
        "counts of different people side by side; it is not the share who die.",
    )
    questions = (
        NumberQuestion(
            "deaths-about-range",
            f"The guide says {describe(guide)} of the {fmt_count(deaths)} deaths estimated for "
            f"{guide_year} are adults; “{describe(guide)}” allows {allowed_text(interval)}. At "
            "the low end, how many adults is that (whole people)?",
            low_count, fmt_count(low_count), 1,
            f"{fmt_percent(interval.low)} of {fmt_count(deaths)} is {fmt_count(low_count)}: "
            "“about” is a range of values, and so a range of people.",
            "words-matter", unit="people"),
        _mc("deaths-not-same-people",
            f"In {guide_year} the ACS estimated {fmt_count(deaths)} deaths and "
            f"{fmt_count(cases)} new cases: {fmt_number(per_100, 1)} deaths for every 100 new "
            f"cases. Does this mean that {fmt_number(per_100, 1)} out of 100 people diagnosed "
            f"in {guide_year} died?", "share-not-risk",
            ("No: most of the year's deaths are of people diagnosed in earlier years; the ratio "
             "compares two counts of different people", True,
             "The share of people who die needs the people diagnosed followed over years, which "
             "is what survival statistics do."),
            ("Yes: deaths ÷ new cases is the share of people diagnosed who die", False,
             "Deaths in a year and diagnoses in the same year are different people, so their "
             "ratio is not a risk of dying."),
            (f"It means {fmt_number(100 - per_100, 1)} out of 100 are cured", False,
             "Neither number follows anyone over time: nothing here says who is cured.")),
        _mc("deaths-estimate",
            f"The ACS estimate of deaths from ALL for {last} is "
            f"{fmt_count(int(ratio.at[last, 'deaths']))}. Which is true?", "estimate-not-count",
            ("It is a projection for the year, made before the deaths could be counted", True,
             "Death certificates are counted and published years later; the yearly figure is "
             "the ACS's estimate ahead of them."),
            ("It is the number of death certificates that named ALL that year", False,
             "That count comes years later; the yearly figure is an estimate made ahead of it."),
            ("It counts only the adults who died", False,
             "The estimate is for all ages; the guide's share of adults is a separate statement.")),
    )
    predictions = (
        Prediction("deaths-per-100", "deaths",
                   f"Guess: for every 100 new cases estimated for {target_year}, how many deaths "
                   "were estimated?", f"Move the year slider to {target_year}.",
                   lambda v: v["per_100"] if v["year"] == target_year else None,
                   (0, 100, 0.1), lambda x: fmt_number(x, 1),
                   "The deaths of a year are mostly of people diagnosed earlier: the ratio shows "
                   "the sizes of two numbers, not the share who die.",
                   "share-not-risk", start=0, tolerance=0.05),
    )
    steps = (
        Step("Show the guide's year, then the series.", "Why could the deaths of one year "
             "rise while new cases fall?"),
        Step("Move the share inside its rounding.", "What does “about” allow? How many people "
             "is the difference?"),
        Step(f"Ask for a guess of the ratio in {target_year}, then move the year slider.",
             "Is this the share of people who die? Who are the deaths of a year?"),
    )
    return Lesson("02_deaths", "Deaths", goals, summary, questions, predictions, steps,
                  discussion=("Why do survival statistics follow people for years instead of "
                              "dividing deaths by new cases?",), minutes=15)


# --- 03 relative survival -------------------------------------------------------------------

def lesson_03_relative_survival(data_dir=None) -> Lesson:
    example = guide_example(data_dir)
    r = example.rounded()
    cohort, expected, observed = r["cohort_size"], r["expected_alive"], r["observed_alive"]
    horizon = fmt_number(float(figure(ids.WORKED_EXAMPLE["horizon"], data_dir)["value"]))
    R = fmt_fraction(example.relative_survival)
    S = fmt_fraction(example.expected_survival)
    naive = whole_people(cohort * example.relative_survival)
    ratio = relative_survival_from(observed, expected, cohort)
    lower = round(example.relative_survival - 0.2, 2)
    # the prediction is made on the explorer as it starts: the guide's proportions on fewer people
    shown = WORKED_EXAMPLE_START_SIZE
    shown_expected = relative_survival_example(shown, example.expected_survival,
                                               example.relative_survival).rounded()["expected_alive"]
    lower_observed = relative_survival_example(shown, example.expected_survival, lower
                                               ).rounded()["observed_alive"]
    goals = (
        "Work through the guide's example: people expected alive without the cancer, and "
        "observed alive with it.",
        "Say what a relative survival rate compares, and why it is not the share of people "
        "alive.",
        "Go back from counts of people alive to a relative survival rate.",
    )
    summary = (
        f"Of {fmt_count(cohort)} people, {fmt_count(expected)} would be expected alive after "
        f"{horizon} years without the cancer ({S}); with it, {R} of those, "
        f"{fmt_count(observed)}, are alive.",
        "Relative survival compares people with the cancer with similar people without it: "
        f"{R} here means {R} as many alive as expected, not {R} of the group alive.",
        f"Relative survival = observed alive ÷ expected alive = {fmt_count(observed)} ÷ "
        f"{fmt_count(expected)} = {fmt_fraction(ratio)}.",
    )
    questions = (
        _mc("relative-how-many-alive",
            f"In the guide's example, {fmt_count(cohort)} people have the cancer; without it, "
            f"{fmt_count(expected)} would be expected alive after {horizon} years, and the "
            f"relative survival rate is {R}. How many of the {fmt_count(cohort)} are alive after "
            f"{horizon} years?", "relative-not-alive",
            (fmt_count(observed), True,
             f"{R} of the {fmt_count(expected)} expected alive: relative survival scales the "
             "people expected alive without the cancer."),
            (fmt_count(naive), False,
             f"That is {R} of all {fmt_count(cohort)}: it reads the relative survival rate as a "
             f"share alive. The rate compares with people without the cancer: {R} of the "
             f"{fmt_count(expected)} expected alive."),
            (fmt_count(r["excess_deaths"]), False,
             "That is the number of deaths the cancer adds (excess deaths), not the number "
             "alive.")),
        NumberQuestion(
            "relative-from-counts",
            f"A registry finds {fmt_count(observed)} people with the cancer alive after "
            f"{horizon} years; {fmt_count(expected)} similar people without it would be expected "
            "alive. What is the relative survival rate, in percent?",
            round(ratio * 100, 1), fmt_fraction(ratio), 0.5,
            f"Observed alive ÷ expected alive = {fmt_count(observed)} ÷ {fmt_count(expected)} = "
            f"{fmt_fraction(ratio)}. Dividing by the whole group instead "
            f"({fmt_count(observed)} ÷ {fmt_count(cohort)} = "
            f"{fmt_fraction(observed / cohort)}) gives observed survival, another statistic.",
            "relative-not-alive", unit="percent"),
        _mc("relative-hundred",
            f"Suppose a relative survival rate were {fmt_percent(100)}. What would it mean?",
            "relative-not-alive",
            ("People with the cancer were as likely to be alive as similar people without it; "
             "people in both groups may have died", True,
             f"Expected survival is below {fmt_percent(100)} ({S} in the example): people "
             "without the cancer die too. Relative survival compares the two groups."),
            ("Everyone with the cancer was alive at the end", False,
             "That reads relative survival as a share alive. Even similar people without the "
             f"cancer die of other causes ({S} expected alive in the example)."),
            ("Nobody died of any cause", False,
             "Relative survival takes deaths from other causes into account through expected "
             "survival; it does not say that nobody died.")),
        _mc("relative-one-person",
            f"A cancer has a {horizon}-year relative survival rate of {R}. What does that say "
            "about one person who has it?", "group-not-person",
            ("Nothing certain: it describes a group diagnosed years earlier, compared with "
             "similar people without the cancer", True,
             "A rate is measured on a group; it cannot say what will happen to one person."),
            (f"The person has a {R} chance of being alive in {horizon} years", False,
             "A group's relative survival is neither one person's chance nor a share alive."),
            (f"The person will live {horizon} years", False,
             f"The {horizon} years are when survival is measured, not a length of life.")),
    )
    predictions = (
        Prediction("relative-lower", "worked-example",
                   f"Relative survival is {R} now. Guess: if it fell to "
                   f"{fmt_fraction(lower)}, how many of the {fmt_count(shown)} people with the "
                   "cancer in the picture would be observed alive?",
                   f"Move the relative-survival slider to {fmt_percent(round(lower * 100))}.",
                   lambda v: v["observed_alive"] if round(v["example"].relative_survival, 2)
                   == lower and v["cohort_size"] == shown
                   and round(v["example"].expected_survival, 2)
                   == round(example.expected_survival, 2) else None,
                   (0, shown, 1), fmt_count,
                   f"Observed alive = expected alive × relative survival = "
                   f"{fmt_count(shown_expected)} "
                   f"× {fmt_fraction(lower)} = {fmt_count(lower_observed)}: relative survival "
                   "scales the people expected alive, not the whole group.",
                   "relative-not-alive", start=0),
    )
    steps = (
        Step("Read the example in the guide's words; draw the three numbers on the board.",
             "Why would some people without the cancer die within the years?"),
        Step("Ask for the guess, then move the relative-survival slider down.",
             "Which icons change colour, and which never do?"),
        Step("Use the inverse explorer: move expected alive, then observed alive.",
             "Why can observed alive never be more than expected alive here?"),
        Step("Move all three controls: an older group has lower expected survival.",
             "Can two groups with the same relative survival have different shares alive?"),
    )
    return Lesson("03_relative_survival", "Relative survival", goals, summary, questions,
                  predictions, steps,
                  discussion=("Why do registries report relative survival rather than the "
                              "share of people alive?",), minutes=25)


# --- 04 survival by age and time ------------------------------------------------------------

def lesson_04_survival_by_age_and_time(data_dir=None) -> Lesson:
    adults, young, horizon = _survival_context(data_dir)
    h = fmt_number(horizon)
    comparison = edition_comparison(data_dir=data_dir)
    first_year, last_year = int(comparison.index[0]), int(comparison.index[-1])
    first, last = comparison.iloc[0], comparison.iloc[-1]
    timeline = survival_timeline(data_dir=data_dir).dropna(subset=["gap"])
    dated = timeline.iloc[-1]
    gap = float(dated["gap"])
    pct = fmt_percent(adults["percent"])
    people = natural_frequency(adults["percent"], 100)[0]
    goals = (
        f"Read “{h}-year relative survival” for adults and for children and teens, and say "
        "what it compares.",
        f"Explain why a {h}-year figure describes people diagnosed years before it was "
        "published.",
        "Explain why editions and sources give different figures.",
    )
    summary = (
        f"The guide gives {pct} for people {adults['group']} and "
        f"{fmt_percent(young['percent'])} for people {young['group']}: each compares people "
        "with ALL with similar people without it, not a share alive.",
        f"The {dated['label']} figure is for people diagnosed "
        f"{int(dated['diagnosis_start'])}–{int(dated['diagnosis_end'])}, "
        f"{fmt_number(gap)} years before it appeared.",
        f"The adults' figure went from {fmt_percent(first['adults'])} ({first_year}) to "
        f"{fmt_percent(last['adults'])} ({last_year}): each edition describes people diagnosed "
        "in a later period.",
    )
    questions = (
        _mc("survival-reading",
            f"The guide: “{adults['quote']}” Which reading is right?", "relative-not-alive",
            (f"{h} years after diagnosis, people {adults['group']} with ALL were {pct} as likely "
             "to be alive as people of the same age and sex without ALL", True,
             "A relative survival rate compares people with ALL with similar people without it."),
            (f"{people} out of 100 adults with ALL are alive {h} years after diagnosis", False,
             "That reads relative survival as a share alive. The share alive (observed "
             "survival) is lower, because some would have died of other causes anyway."),
            (f"{pct} of adults with ALL are cured", False,
             f"Survival measured at {h} years is not cure, and a relative rate is not a share "
             "of people at all.")),
        NumberQuestion(
            "survival-diagnosed-when",
            f"The {dated['label']} edition gives {fmt_percent(dated['percent'])} for people "
            f"diagnosed {int(dated['diagnosis_start'])}–{int(dated['diagnosis_end'])}. How many "
            "years before the edition appeared were the last of these people diagnosed?",
            gap, fmt_number(gap), 0,
            f"{int(dated['published'])} − {int(dated['diagnosis_end'])} = {fmt_number(gap)} "
            f"years: a {h}-year figure needs {h} years of follow-up, so it reflects diagnosis "
            "and treatment of that time, not of today.", "five-years-ago", unit="years"),
        _mc("survival-editions",
            f"The adults' figure was {fmt_percent(first['adults'])} in the {first_year} edition "
            f"and {fmt_percent(last['adults'])} in the {last_year} edition. What is the most "
            "likely reason the editions differ?", "sources-disagree",
            ("Each edition describes people diagnosed in a later period, treated as they were "
             "then", True, "Newer editions count people diagnosed more recently."),
            ("One of the editions made a mistake", False,
             "Different numbers from different periods of diagnosis are expected; a difference "
             "first says which people were counted."),
            (f"Survival of people diagnosed today rose by "
             f"{fmt_number(last['adults'] - first['adults'])} points in "
             f"{last_year - first_year} years", False,
             "The editions describe people diagnosed years before publication, not today.")),
        _mc("survival-one-person",
            f"A {int(adults['age_low']) + 5}-year-old is diagnosed with ALL today. What does "
            f"the guide's {pct} for people {adults['group']} say about them?",
            "group-not-person",
            ("Nothing certain: it is about a group of every adult age, diagnosed years ago, "
             "compared with similar people without ALL", True,
             "A group's statistic cannot tell one person's future."),
            (f"They have a {pct} chance of being alive in {h} years", False,
             "A relative survival rate of a mixed group, diagnosed years ago, is not one "
             "person's chance, and not a share alive either."),
            (f"They will be alive in {h} years, since most of the group is", False,
             "The rate describes the group; it cannot say which people in it do well.")),
    )
    predictions = (
        Prediction("survival-earliest", "survival-by-age",
                   f"The {last_year} edition gives {fmt_percent(last['adults'])} for adults. "
                   f"Guess the adults' figure in the {first_year} edition.",
                   f"Choose the {first_year} edition, adults.",
                   lambda v: v["percent"] if (v["edition_year"] == first_year
                                              and v["group"] == "adults") else None,
                   (0, 100, 1), fmt_percent,
                   "Each edition describes people diagnosed years earlier than it appeared: "
                   "older editions, earlier diagnoses.", "five-years-ago", start=0),
    )
    steps = (
        Step("Read the guide's two figures; ask what “relative” means before showing the "
             "icons.", "Is this the share of people alive? What is it compared with?"),
        Step("Ask for the guess, then flip through the editions in the explorer, adults "
             "first.", "When were the people counted in each edition diagnosed?"),
        Step("Show the timeline from diagnosis to publication.",
             "What can a figure published this year not reflect?"),
        Step("Show other sources' age groups.", "Why do sources that cut ages differently "
             "give different numbers?"),
    )
    return Lesson("04_survival_by_age_and_time", "Survival by age and over time", goals,
                  summary, questions, predictions, steps,
                  discussion=("Someone reads the adults' figure and says “so fewer than half of "
                              "adults survive”. What would you answer?",), minutes=25)


# --- 05 subtypes, genetics, treatment -------------------------------------------------------

def lesson_05_subtypes_genetics_treatment(data_dir=None) -> Lesson:
    from ..explorers.subtypes import share_option_label
    from ..subtypes import statement_rows, treatment_phases
    b = figure(ids.B_CELL_SHARE, data_dir)
    b_adults = figure(ids.B_CELL_SHARE_ADULTS, data_dir)
    ph = figure(ids.PH_ADULTS, data_dir)
    cr = figure(ids.REMISSION_ADULTS, data_dir)
    cr_interval = share_allowed(cr)
    cr_low = natural_frequency(cr_interval.low, 100)[0]
    rows = statement_rows((ids.PH_ADULTS,), data_dir=data_dir).set_index("id", drop=False)
    phases = treatment_phases(data_dir=data_dir)
    goals = (
        "Say how ALL is split into B-cell and T-cell types, and why sources give different "
        "splits.",
        "Read a share such as the Philadelphia chromosome or remission as a share of a group "
        "with ALL, not of everyone.",
        "Say how long treatment lasts, phase by phase.",
    )
    summary = (
        f"Cancer.Net: {as_people(b)} people with ALL have B-cell ALL; NCCN: "
        f"{as_people(b_adults)} adults with ALL. Different groups, different numbers.",
        f"{describe(ph).capitalize()} of adults with ALL have the Philadelphia chromosome: "
        f"{as_people(ph)} adults with ALL, not of all adults.",
        f"Treatment runs in {fmt_count(len(phases))} phases described by the guide; the chart "
        "puts them in months since diagnosis.",
    )
    questions = (
        _mc("subtypes-bt-split",
            f"Cancer.Net: {as_people(b)} people with ALL have the B-cell subtype. NCCN: "
            f"{as_people(b_adults)} adults with ALL have it. Why do the numbers differ?",
            "sources-disagree",
            ("They describe different groups: everyone with ALL, children included, versus "
             "adults only", True,
             "Before calling a difference an error, check who was counted."),
            ("One of the two sources is wrong", False,
             "Both can be right: they count different people."),
            ("B-cell ALL became rarer between the two publications", False,
             "Nothing here compares years: the two numbers are about different groups.")),
        _mc("subtypes-ph-share",
            f"The guide: “{ph['quote']}” Which statement follows?", "share-not-risk",
            (f"{as_people(ph).capitalize()} adults with ALL have the Philadelphia chromosome",
             True, "The share is of adults who have ALL."),
            (f"{describe(ph).capitalize()} of all adults have the Philadelphia chromosome", False,
             "The share is of adults with ALL, a small group, not of all adults."),
            (f"An adult has a {describe(ph)} risk of getting ALL with the Philadelphia "
             "chromosome", False,
             "A share of cases is not a risk: it says what the people with ALL have, not how "
             "likely anyone is to get it.")),
        NumberQuestion(
            "subtypes-remission-range",
            f"The guide says {describe(cr)} of adults with ALL will have a complete remission. "
            "Out of 100 adults with ALL, at least how many does that range say?",
            cr_low, fmt_count(cr_low), 0,
            f"“{describe(cr)}” is {as_people(cr)}: at least {fmt_count(cr_low)}. A range says "
            "how many in a group, never which people.", "words-matter", unit="people"),
    )
    label = share_option_label(rows.loc[ids.PH_ADULTS])
    predictions = (
        Prediction("subtypes-ph", "subtype-share",
                   f"Guess: the guide says {describe(ph)} of adults with ALL have the "
                   "Philadelphia chromosome. Out of 100, how many icons will be solid (the low "
                   "end of the range)?", f"Choose “{label}” in the Statistic menu.",
                   lambda v: v["solid"] if v["id"] == ids.PH_ADULTS else None,
                   (0, 100, 1), fmt_count,
                   f"The solid icons are the low end of {describe(ph)}, the light ones the rest "
                   "of the range: a range of people, not a single number.",
                   "words-matter", start=0),
    )
    steps = (
        Step("Show the B/T split and the sources' other splits.",
             "Who was counted in each? Everyone, adults, children?"),
        Step("Ask for the guess, then choose the Philadelphia chromosome in the explorer.",
             "Out of 100 adults with ALL, how many? Out of 100 adults?"),
        Step("Show the remission chart.", "What does a range say, and what does it not say?"),
        Step("Show the treatment timeline.", "Why are durations given as ranges?"),
    )
    return Lesson("05_subtypes_genetics_treatment", "Subtypes, genetics and treatment", goals,
                  summary, questions, predictions, steps,
                  discussion=("Why would a source for patients round a share to a range?",),
                  minutes=20)


# --- 06 from patients to relative survival --------------------------------------------------

def lesson_06_from_patients_to_relative_survival(data_dir=None) -> Lesson:
    from .. import simulate
    from ..explorers.patients import (SIMULATED_COHORT_EXCESS, SIMULATED_COHORT_SIZE,
                                      SIMULATED_COHORT_START_AGE)
    adults, _, horizon = _survival_context(data_dir)
    h = fmt_number(horizon)
    step = SIMULATED_COHORT_EXCESS[2]
    lam = round(round(simulate.constant_excess_hazard(float(adults["percent"]), horizon) / step)
                * step, 10)
    age = SIMULATED_COHORT_START_AGE
    curves = simulate.curves_at(age, lam, np.array([horizon]), n=SIMULATED_COHORT_SIZE,
                                data_dir=data_dir)
    observed = round(float(curves["observed"][0]) * 100, 1)
    expected = round(float(curves["expected"][0]) * 100, 1)
    relative = round(observed / expected * 100, 1)
    span = simulate.ENTRY_YEARS + simulate.MIN_FOLLOW_UP_YEARS
    goals = (
        "Describe how a registry follows patients and estimates observed, expected and "
        "relative survival.",
        "Explain why observed survival falls far below relative survival at old ages.",
        "Say what a simulation can show, and what it cannot.",
    )
    summary = (
        "Each patient is followed to death or the end of follow-up; observed survival "
        "(Kaplan–Meier) counts every death, expected survival comes from life tables, and "
        "relative survival divides the two.",
        f"In the simulated patients aged {age} to {age + 4}, observed survival after {h} years "
        f"is {_pct(observed)} against an expected {_pct(expected)}: many would have died "
        f"anyway, which relative survival ({_pct(relative)}) takes out.",
        f"The patients are labelled “{simulate.SIMULATED_LABEL}”: they show how the estimators "
        "work, not what happens to anyone.",
    )
    questions = (
        _mc("patients-why-gap",
            f"In the explorer, at ages {age} to {age + 4}, observed survival is far below "
            "relative survival. Why?", "relative-not-alive",
            (f"Many of them would have died of other causes within {h} years even without ALL; "
             "relative survival divides that out", True,
             "Expected survival counts the deaths from other causes; relative survival is "
             "observed ÷ expected."),
            ("ALL is more deadly at old ages, and relative survival hides it", False,
             "In the explorer the excess hazard stays the same while you move the age: the gap "
             "comes from deaths from other causes."),
            ("Relative survival counts only the patients who are still alive", False,
             "Both curves are read from all the patients; relative survival compares them with "
             "people without the cancer.")),
        NumberQuestion(
            "patients-ratio",
            f"For simulated patients aged {age} to {age + 4} with an excess hazard of "
            f"{lam:.2f} a year, after {h} years observed survival is {_pct(observed)} and "
            f"expected survival is {_pct(expected)}. What is relative survival, in percent?",
            relative, _pct(relative), 1.0,
            f"Observed ÷ expected = {_pct(observed)} ÷ {_pct(expected)} = {_pct(relative)}. "
            f"Only {_pct(observed)} are alive: relative survival is not a share alive.",
            "relative-not-alive", unit="percent"),
        NumberQuestion(
            "patients-years",
            f"The simulated patients are diagnosed over {simulate.ENTRY_YEARS} years, and "
            f"follow-up ends {simulate.MIN_FOLLOW_UP_YEARS} years after the last diagnosis. How "
            "many years separate the first diagnosis from the end of follow-up?",
            span, fmt_count(span), 0,
            f"{simulate.ENTRY_YEARS} + {simulate.MIN_FOLLOW_UP_YEARS} = {span}: a figure "
            f"published at the end describes people diagnosed up to {span} years earlier.",
            "five-years-ago", unit="years"),
    )
    predictions = (
        Prediction("patients-no-excess", "simulated-cohort",
                   f"Guess: at ages {age} to {age + 4}, if the cancer added no risk (excess "
                   f"hazard 0), what share would be alive after {h} years, in percent?",
                   "Move the excess-hazard slider all the way left, to 0.00.",
                   lambda v: round(v["observed"] * 100, 1) if (v["excess_hazard"] == 0
                                                               and v["age"] == age) else None,
                   (0, 100, 0.1), _pct,
                   "With no excess hazard relative survival is close to 100%, yet only about "
                   "the expected share is alive: at these ages many people die of other causes.",
                   "relative-not-alive", start=0, tolerance=0.05),
    )
    steps = (
        Step("Show the two figures to reach and the ages of the cohorts.",
             "Why does a cohort need ages, sexes and a calendar?"),
        Step("Show the three curves for the adults.",
             "Which curve is the share alive? Which compares with people without ALL?"),
        Step("Ask for the guess, then move the excess hazard to zero at old ages; then move "
             "the age.", "Why is observed survival low even when the cancer adds nothing?"),
        Step("Show the life table.", "What does one row count?"),
    )
    return Lesson("06_from_patients_to_relative_survival", "From patients to relative survival",
                  goals, summary, questions, predictions, steps,
                  discussion=("Why would a registry publish relative rather than observed "
                              "survival for older patients?",), minutes=25)


# --- 07 how current is a survival figure -------------------------------------------------------

def lesson_07_how_current_is_a_survival_figure(data_dir=None) -> Lesson:
    from .. import currency
    from ..explorers.currency import CRUDE_START_AGE
    from ..netsurv import RateTable
    _, _, horizon = _survival_context(data_dir)
    h = fmt_number(horizon)
    rates = RateTable.us_2019(data_dir)
    registry = currency.simulated_registry(rates, data_dir=data_dir)
    table = currency.approaches(registry, rates, data_dir=data_dir).set_index("approach")
    last = registry.last_year
    truth = float(table["truth_latest"].iloc[0])
    cohort, period = table.loc["cohort"], table.loc["period"]
    cohort_year = int(np.floor(cohort["matching_year"]))
    window = currency.PERIOD_WINDOW
    grid = currency.crude_grid(registry, rates, ages=(CRUDE_START_AGE, currency.CRUDE_AGES[-1]),
                               years=(int(horizon),))
    start = grid.at(CRUDE_START_AGE, int(horizon))
    people = currency.in_people(start["cancer"], start["other"])
    oldest = currency.CRUDE_AGES[-1]
    old = grid.at(oldest, int(horizon))
    old_people = currency.in_people(old["cancer"], old["other"])
    mix = currency.age_mix_comparison(rates, years=horizon, data_dir=data_dir)
    pops = mix.populations.set_index("population")
    young_name, old_name = list(currency.AGE_MIXES)
    pct = fmt_fraction
    goals = (
        f"Explain why a published {h}-year survival figure describes people diagnosed years "
        "before, and how the period approach gives a more current one.",
        "Tell net survival (a world without other causes of death) from crude probabilities "
        f"(what happens to {fmt_count(currency.PEOPLE)} people).",
        "Explain why an “all ages” figure depends on the age mix, and what age "
        "standardisation does.",
    )
    summary = (
        f"In the simulated registry, the cohort estimate ({pct(cohort['estimate'])}) matches "
        f"the truth of people diagnosed around {cohort_year}, not the {pct(truth)} of people "
        f"diagnosed in {last}; the period estimate ({pct(period['estimate'])}) is more current, "
        f"at the price of assuming that the last {fmt_number(window)} years' death rates hold.",
        f"Of {fmt_count(currency.PEOPLE)} simulated adults diagnosed at ages {CRUDE_START_AGE} "
        f"to {CRUDE_START_AGE + currency.CRUDE_AGE_WIDTH - 1}, about "
        f"{fmt_count(people['died_all'])} died of ALL and {fmt_count(people['died_other'])} of "
        f"other causes within {h} years: crude probabilities count both; net survival imagines "
        "a world with no other causes.",
        f"Two simulated populations with the same survival at each age have all-ages figures of "
        f"{pct(pops.at[young_name, 'all_ages'])} and {pct(pops.at[old_name, 'all_ages'])}; "
        f"weighted to one standard age mix they read {pct(pops.at[young_name, 'standardised'])} "
        f"and {pct(pops.at[old_name, 'standardised'])}.",
    )
    questions = (
        _mc("current-which-approach",
            f"A registry closes its follow-up at the end of {last} and wants the most current "
            f"{h}-year survival figure it can compute. Which approach gives it?",
            "five-years-ago",
            (f"Cohort: people diagnosed at least {h} years before, followed for {h} full "
             "years", False,
             f"Everyone it uses was diagnosed years ago; in the simulation it reads "
             f"{pct(cohort['estimate'])}, like the truth of people diagnosed around "
             f"{cohort_year}."),
            ("Period: the follow-up of the last few calendar years, whatever year each patient "
             "was diagnosed", True,
             f"In the simulation the period estimate ({pct(period['estimate'])}) comes closest "
             f"to the truth for people diagnosed in {last} ({pct(truth)}). Its price: it assumes "
             "that today's patients will meet the death rates of the last few years."),
            (f"Wait {h} years and count who is alive", False,
             f"Counting the alive gives observed survival, not net survival, and it would "
             f"describe people diagnosed {h} years before the count: no more current.")),
        NumberQuestion(
            "current-cohort-year",
            f"In the simulated registry the cohort estimate of {h}-year net survival is "
            f"{pct(cohort['estimate'])}. People diagnosed in which year had that true survival?",
            float(cohort_year), str(cohort_year), 1.0,
            f"The truth rises every year of diagnosis; {pct(cohort['estimate'])} is the truth "
            f"of people diagnosed around {cohort_year}, about "
            f"{fmt_number(round(float(cohort['years_behind'])))} years before the registry's "
            f"last year, {last}.",
            "five-years-ago", unit="year"),
        _mc("current-net-or-crude",
            f"Of {fmt_count(currency.PEOPLE)} simulated adults diagnosed at ages {oldest} to "
            f"{oldest + currency.CRUDE_AGE_WIDTH - 1}, after {h} years "
            f"{fmt_count(old_people['died_all'])} died of ALL, "
            f"{fmt_count(old_people['died_other'])} died of other causes and "
            f"{fmt_count(old_people['alive'])} are alive. What does net survival describe?",
            "relative-not-alive",
            (f"The {fmt_count(old_people['alive'])} people alive", False,
             "That is observed survival: it counts deaths from every cause, and at old ages "
             "many die of other causes."),
            (f"The {fmt_count(currency.PEOPLE - old_people['died_all'])} people who did not "
             "die of ALL", False,
             "Some of the people who died of other causes would have died of ALL later: net "
             "survival imagines them still followed, so it is lower than that count."),
            ("Survival in an imagined world where ALL is the only possible cause of death", True,
             "Net survival takes out the other causes; the crude counts say what happened to "
             "the group, other causes included.")),
        _mc("current-age-mix",
            f"Two simulated populations have the same true survival at each age, but their "
            f"all-ages {h}-year net survival is {pct(pops.at[young_name, 'all_ages'])} and "
            f"{pct(pops.at[old_name, 'all_ages'])}. Why?", "sources-disagree",
            ("One population is treated better", False,
             "In the simulation the survival at each age is the same by construction."),
            ("The second has more old patients, and survival is lower at old ages", True,
             f"Weighted to one standard age mix, the two read "
             f"{pct(pops.at[young_name, 'standardised'])} and "
             f"{pct(pops.at[old_name, 'standardised'])}: the difference was the age mix."),
            ("One of the estimates must be a mistake", False,
             "Both are right for their own patients; they describe different mixes of ages.")),
    )
    predictions = (
        Prediction("current-other-causes", "crude-probabilities",
                   f"Guess: of {fmt_count(currency.PEOPLE)} simulated adults diagnosed at ages "
                   f"{oldest} to {oldest + currency.CRUDE_AGE_WIDTH - 1}, how many died of "
                   f"other causes (not ALL) within {h} years?",
                   f"Move the age slider to {oldest} (keep {h} years).",
                   lambda v: v["died_other"] if (v["age"] == oldest
                                                 and v["years"] == int(horizon)) else None,
                   (0, currency.PEOPLE, 1), fmt_count,
                   "At old ages many people die of other causes: crude probabilities count "
                   "them; net survival leaves them out.",
                   "relative-not-alive", start=0),
    )
    steps = (
        Step("Read the guide's sentence on how often the figures are measured; show the "
             "simulated truth rising by year of diagnosis.",
             "Whose survival does a figure published today describe?"),
        Step("Show the cohort, complete and period estimates against the truth.",
             "Why is the period estimate closer, and what does it assume?"),
        Step("Ask for the guess, then move the age slider to the oldest band; then move the "
             "years.", "Which deaths does net survival leave out?"),
        Step("Show the two age mixes and the standardised figures.",
             "Why can two “all ages” figures differ when survival at each age is the same?"),
    )
    return Lesson("07_how_current_is_a_survival_figure", "How current is a survival figure?",
                  goals, summary, questions, predictions, steps,
                  discussion=("A figure published this year is about people diagnosed years "
                              "ago. What would you want to know before comparing it with "
                              "another country's figure?",), minutes=25)


# --- 08 sources and claims ------------------------------------------------------------------

def lesson_08_sources_and_claims(data_dir=None) -> Lesson:
    found = disagreements(data_dir)
    adults = found["adults-share-of-cases"]
    one, other = adults.statements[0], adults.statements[-1]
    goals = (
        "Find the source, and the source's own sentence, behind any number in the notebooks.",
        "Say why sources disagree, comparison by comparison.",
    )
    summary = (
        "Every number is a row of the data package with its source, location, quote, "
        "qualifier and verification; secondary sources are marked.",
        f"The {fmt_count(len(found))} comparisons differ mostly in who was counted, in which "
        "years and by which definition.",
    )
    questions = (
        _mc("sources-adults-share",
            f"{adults.question} {one.citation}: “{one.quote}” {other.citation}: “{other.quote}” "
            "The two do not give the same share. What is the best first step?",
            "sources-disagree",
            ("Read both sentences: who was counted (ages, years, place) and what “adult” means "
             "in each", True, adults.why),
            ("Average the two numbers", False,
             "An average of statements about different people describes no one."),
            ("Trust the newer source and drop the other", False,
             "Newer is not the same as about the same people; first check who each counted.")),
    )
    keys = list(found)
    target = keys[-1] if len(keys) > 1 else keys[0]
    predictions = (
        Prediction("sources-count", "disagreement",
                   f"Guess: how many statements does the comparison “{found[target].question}” "
                   "set side by side?",
                   f"Choose “{found[target].question}” in the explorer.",
                   lambda v: len(v["stated"]) if v["disagreement"] == target else None,
                   (0, 20, 1), fmt_count,
                   found[target].why, "sources-disagree", start=0),
    )
    steps = (
        Step("Open one table of the data package and read a row aloud, quote included.",
             "Where would you check this number?"),
        Step("Show the claims, recomputed.", "What does it mean that a claim holds?"),
        Step("Flip through the disagreements.", "For each: who was counted on each side?"),
    )
    return Lesson("08_sources_and_claims", "Sources and claims", goals, summary, questions,
                  predictions, steps,
                  discussion=("Pick a number from the news about any illness: what would you "
                              "need to know to compare it with these?",), minutes=15)


#: every notebook's lesson builder, by notebook stem
BUILDERS = {
    "00_start_here": lesson_00_start_here,
    "01_new_cases": lesson_01_new_cases,
    "02_deaths": lesson_02_deaths,
    "03_relative_survival": lesson_03_relative_survival,
    "04_survival_by_age_and_time": lesson_04_survival_by_age_and_time,
    "05_subtypes_genetics_treatment": lesson_05_subtypes_genetics_treatment,
    "06_from_patients_to_relative_survival": lesson_06_from_patients_to_relative_survival,
    "07_how_current_is_a_survival_figure": lesson_07_how_current_is_a_survival_figure,
    "08_sources_and_claims": lesson_08_sources_and_claims,
}
