"""Lessons for a class (allstats.lessons): goals, questions that answer back, predictions and
the teacher's guide, all built from data/ and driven here as a student would."""

from __future__ import annotations

import html
import json
import re

import pandas as pd
import pytest

from allstats import lessons
from allstats.explorers import by_name
from allstats.lessons import guide
from allstats.lessons.model import (Choice, LessonError, MultipleChoice, NumberQuestion,
                                    parse_number)
from allstats.lessons.widgets import PredictionWidget, QuestionWidget

from conftest import ROOT

LESSONS = lessons.all_lessons()
QUESTIONS = [q for lesson in LESSONS for q in lesson.questions]
PREDICTIONS = [(lesson.notebook, p) for lesson in LESSONS for p in lesson.predictions]


def notebook(stem) -> dict:
    return json.loads((ROOT / "notebooks" / f"{stem}.ipynb").read_text(encoding="utf-8"))


def code(stem) -> str:
    return "\n".join("".join(c["source"]) for c in notebook(stem)["cells"]
                     if c["cell_type"] == "code")


# --- what each lesson holds ---------------------------------------------------------------------

def test_every_notebook_has_a_lesson_and_every_lesson_a_notebook():
    stems = {p.stem for p in (ROOT / "notebooks").glob("0[0-8]_*.ipynb")}
    assert stems == set(lessons.NOTEBOOKS)


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda l: l.notebook)
def test_goals_summary_questions_and_a_prediction(lesson):
    assert 2 <= len(lesson.goals) <= 4 and len(lesson.summary) == len(lesson.goals)
    assert len(lesson.questions) >= (1 if lesson.notebook.startswith("08") else 3)
    assert lesson.predictions and lesson.steps and lesson.minutes > 0
    for q in lesson.questions:
        assert q.id.split("-")[0] in lessons.PREFIXES
        assert lessons.PREFIXES[q.id.split("-")[0]] == lesson.notebook


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda l: l.notebook)
def test_the_notebook_shows_its_lesson_in_new_cells(lesson):
    source = code(lesson.notebook)
    assert f'lessons.goals("{lesson.notebook}")' in source
    assert f'lessons.summary("{lesson.notebook}")' in source
    for q in lesson.questions:
        assert f'lessons.question("{q.id}")' in source
    for p in lesson.predictions:
        assert f'lessons.predict("{p.id}")' in source
        # the guess comes before the explorer it is about, the comparison after it
        cells = ["".join(c["source"]) for c in notebook(lesson.notebook)["cells"]]
        at = next(i for i, c in enumerate(cells) if f'lessons.predict("{p.id}")' in c)
        watch = next(i for i, c in enumerate(cells) if "guess.watch(" in c)
        assert at < watch and any("make_" in c for c in cells[at + 1:watch])


def test_every_misconception_is_targeted_by_a_question():
    targeted = {q.misconception for q in QUESTIONS}
    assert targeted == set(lessons.MISCONCEPTIONS)
    # the one the lead is correcting everywhere gets the most
    counts = pd.Series([q.misconception for q in QUESTIONS]).value_counts()
    assert counts.index[0] == "relative-not-alive"


# --- questions answer back, right and wrong -----------------------------------------------------

@pytest.mark.parametrize("q", QUESTIONS, ids=lambda q: q.id)
def test_every_answer_gets_immediate_feedback_that_says_why(q):
    box = QuestionWidget(q)
    assert "allstats-question" in box.widget._dom_classes
    assert f"allstats-question-{q.id}" in box.widget._dom_classes
    assert box.feedback.value == ""
    if isinstance(q, MultipleChoice):
        for i, choice in enumerate(q.choices):
            feedback = box.answer(i)
            assert feedback.correct is choice.correct
            assert choice.why in box.feedback.value.replace("&#x27;", "'") or \
                choice.why.replace("'", "&#x27;") in box.feedback.value
            assert ("Right." if choice.correct else "Not quite.") in box.feedback.value
    else:
        right = box.answer(q.answer)
        assert right.correct is True and "Right." in box.feedback.value
        for typed in (q.answer + q.tolerance + 1, q.answer - q.tolerance - 1):
            wrong = box.answer(typed)
            assert wrong.correct is False and q.answer_text in wrong.text
            assert ("too high" if typed > q.answer else "too low") in wrong.text
        assert box.answer(q.answer_text).correct is True     # '1,043' or '90.0%' as shown
        unreadable = box.answer("a lot")
        assert unreadable.correct is None and "not a number" in unreadable.text


def test_relative_survival_is_never_read_as_people_alive():
    """The right reading compares with people without ALL; reading it as 'N out of 100 are
    alive' is offered only as a wrong answer, and the feedback says why."""
    reading = lessons.find_question("survival-reading")
    right = reading.answer
    assert "as likely to be alive as" in right.label and "without ALL" in right.label
    alive = [c for c in reading.choices if re.search(r"\d+ out of 100 .* alive", c.label)]
    assert alive and not any(c.correct for c in alive)
    assert all("share alive" in c.why for c in alive)
    for q in QUESTIONS:
        for text in (q.prompt, getattr(q, "why", ""),
                     *(c.label for c in getattr(q, "choices", ()) if c.correct)):
            assert not re.search(r"relative survival[^.]*\bout of 100\b[^.]*alive", text,
                                 re.I), (q.id, text)


def test_numbers_come_from_the_data_not_the_code(data_copy):
    """Change figures in a copy of data/: the questions, answers and feedback follow."""
    read = dict(dtype=str, keep_default_na=False)       # every cell written back as it was
    survival = pd.read_csv(data_copy / "survival_by_age.csv", **read)
    adults = survival["id"] == "cancernet-2023-20-plus"
    survival.loc[adults, "percent"] = "47"
    survival.loc[adults, "quote"] = survival.loc[adults, "quote"].str.replace("43%", "47%")
    survival.to_csv(data_copy / "survival_by_age.csv", index=False)
    estimates = pd.read_csv(data_copy / "acs_estimates.csv", **read)
    last = str(max(int(y) for y in estimates["year"]))
    previous = str(int(last) - 1)
    row = (estimates["year"] == last) & (estimates["sex"] == "all") \
        & (estimates["measure"] == "new_cases")
    before = int(estimates.loc[(estimates["year"] == previous) & (estimates["sex"] == "all")
                               & (estimates["measure"] == "new_cases"), "count"].iloc[0])
    estimates.loc[row, "count"] = str(before + 123)
    estimates.to_csv(data_copy / "acs_estimates.csv", index=False)

    reading = lessons.lesson("04_survival_by_age_and_time", data_copy).question(
        "survival-reading")
    assert "47%" in reading.prompt and "43%" not in reading.prompt
    assert "47% as likely" in reading.answer.label
    change = lessons.lesson("01_new_cases", data_copy).question("cases-estimate-change")
    assert change.answer == 123 and "higher" in change.prompt
    assert QuestionWidget(change).answer("123").correct


@pytest.mark.parametrize("q", QUESTIONS, ids=lambda q: q.id)
def test_a_question_shows_its_still_form_where_widgets_cannot_render(q, monkeypatch):
    """JupyterLab renders an untrusted notebook's outputs by their safe formats only: there the
    question must read as a question with its choices and its answer under a fold, never as the
    widget's text form (``VBox(children=(...``); Voila (VOILA_SERVER_URL set) gets only the widget."""
    monkeypatch.delenv("VOILA_SERVER_URL", raising=False)
    bundle = QuestionWidget(q).widget._repr_mimebundle_()
    still, plain = bundle["text/html"], bundle["text/plain"]
    assert "VBox" not in plain and "children" not in plain
    unescaped = html.unescape(still)
    assert 'class="allstats-static-question"' in still and q.prompt in unescaped
    assert "<summary>Show the answer</summary>" in still
    if isinstance(q, MultipleChoice):
        for choice in q.choices:
            assert choice.label in unescaped and choice.why in unescaped
        right = [c.label for c in q.choices if c.correct]
        assert all(f"{label}: <b>right</b>" in unescaped for label in right)
    else:
        assert f"<b>{q.answer_text}</b>" in unescaped and q.why in unescaped
    monkeypatch.setenv("VOILA_SERVER_URL", "http://127.0.0.1:8866/")
    live = QuestionWidget(q).widget._repr_mimebundle_()
    assert "text/html" not in live or "allstats-static-question" not in live["text/html"]


def test_a_badly_made_question_is_refused_with_its_id():
    with pytest.raises(LessonError, match="q-one: needs at least two choices and exactly one"):
        MultipleChoice("q-one", "?", (Choice("a", True, ""), Choice("b", True, "")),
                       "words-matter")
    with pytest.raises(LessonError, match="unknown misconception 'nope'"):
        NumberQuestion("q-two", "?", 1, "1", 0, "", "nope")
    with pytest.raises(LessonError, match="lower-case words"):
        NumberQuestion("Q 3", "?", 1, "1", 0, "", "words-matter")
    with pytest.raises(KeyError, match="starts with its notebook's word"):
        lessons.find_question("nowhere-at-all")


def test_typed_numbers_are_read_as_a_student_writes_them():
    assert parse_number(" 1,043 ") == 1043 and parse_number("90.0%") == 90
    assert parse_number("12,34") is None and parse_number("") is None
    assert parse_number(".") is None and parse_number("-") is None


# --- predict, then move -------------------------------------------------------------------------

def _move_to_target(explorer, prediction):
    """Walk every combination of the explorer's controls' values until the prediction's
    target state shows (a student moving the controls); return the value the data show."""
    def positions(control):
        if getattr(control, "options", None):
            return [o[1] if isinstance(o, tuple) else o for o in control.options]
        n = int(round((control.max - control.min) / control.step))
        kind = type(control.value)
        return [kind(round(control.min + control.step * i, 10)) for i in range(n + 1)]

    # each target state moves one control from where the explorer starts
    for key, control in explorer.controls.items():
        start = control.value
        for value in positions(control):
            if value == control.value:
                continue
            control.value = value
            actual = prediction.target(explorer.values)
            if actual is not None:
                return actual
        control.value = start
    raise AssertionError(f"no state of {explorer.name} is the target of {prediction.id}")


@pytest.mark.parametrize("stem,prediction", PREDICTIONS, ids=[p.id for _, p in PREDICTIONS])
def test_a_locked_guess_is_compared_with_what_the_explorer_shows(stem, prediction):
    from scripts import voila_harness as harness
    assert prediction.explorer in harness.stored_explorers(ROOT / "notebooks" / f"{stem}.ipynb")
    explorer = by_name()[prediction.explorer]()
    assert prediction.target(explorer.values) is None, "the explorer must start elsewhere"
    box = PredictionWidget(prediction)
    result = box.watch(explorer)
    assert "allstats-prediction" in box.widget._dom_classes
    assert "allstats-prediction-result" in result._dom_classes
    assert "Lock in a guess" in box.result.value
    low, high, step = prediction.guess_range
    guess = low
    box.guess(guess)
    assert box.input.disabled and prediction.move in box.status.value.replace("&quot;", '"') \
        .replace("&#x27;", "'")
    actual = _move_to_target(explorer, prediction)
    assert box.last is not None
    assert f"the data show {prediction.fmt(actual)}" in box.last.text
    assert box.last.correct is (abs(guess - actual) <= prediction.tolerance)
    # a guess equal to what the data show is spot on
    exact = PredictionWidget(prediction)
    exact.watch(explorer)
    exact.guess(float(actual))
    assert exact.last.correct is True and "spot on" in exact.last.text


def test_a_prediction_watches_only_its_own_explorer():
    box = lessons.predict("relative-lower")
    with pytest.raises(ValueError, match="about the 'worked-example' explorer, not 'inverse'"):
        box.watch(by_name()["inverse"]())


# --- the teacher's guide -------------------------------------------------------------------------

def test_the_guide_gives_every_answer_as_the_question_does():
    text = guide.everything()
    for q in QUESTIONS:
        assert q.prompt in text
        if isinstance(q, MultipleChoice):
            for choice in q.choices:
                assert f"{choice.label}: {'**right**' if choice.correct else 'wrong'}. " \
                       f"{choice.why}" in text
        else:
            assert f"Answer: **{q.answer_text}**" in text and q.why in text
    for _, p in PREDICTIONS:
        assert p.prompt in text and p.move in text
    for plan in guide.LESSON_PLANS:
        assert plan.title in text
        assert sum(lessons.lesson(nb).minutes for nb in plan.notebooks) <= 50
    for name, meaning in lessons.MISCONCEPTIONS.values():
        assert name in text and meaning in text
    assert "(nowhere yet)" not in text
    for how in ("make lab", "make present", "make slides", "make html"):
        assert how in text


def test_the_guide_notebook_shows_the_guide_as_rendered_now():
    nb = notebook("09_teachers_guide")
    shown = "\n".join("".join(o.get("data", {}).get("text/markdown", ""))
                      for c in nb["cells"] for o in c.get("outputs", []))
    assert guide.plans() in shown and guide.misconceptions() in shown
    for stem in lessons.NOTEBOOKS:
        assert guide.notebook_section(stem) in shown


def test_the_readme_lists_each_lessons_goals_and_points_to_the_guide_and_slides():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for lesson in LESSONS:
        row = next(line for line in readme.splitlines()
                   if line.startswith(f"| `{lesson.notebook}` | •"))
        for goal in lesson.goals:
            assert goal in row, f"README is behind lessons.{lesson.notebook}: {goal!r}"
    assert "09_teachers_guide" in readme and "make slides" in readme
