"""Lessons for a class: one definition for the notebook, the app, the slides and the guide.

Each notebook has a :class:`~allstats.lessons.model.Lesson` (built from ``data/`` by
:mod:`allstats.lessons.content`): 2–4 learning goals, a summary that answers them,
check-your-understanding questions, "predict, then move" prompts and the teacher's steps.
A notebook shows them with::

    from allstats import lessons
    lessons.goals("03_relative_survival")          # Markdown: the learning goals
    lessons.question("relative-how-many-alive")     # a question box that answers back
    guess = lessons.predict("relative-lower")       # the guess, above an explorer ...
    guess.watch(explorer)                           # ... and the comparison under it
    lessons.summary("03_relative_survival")         # Markdown: the summary

and the teacher's guide (:mod:`allstats.lessons.guide`) renders the same objects, answers
included, so that a question and its answer cannot drift apart.
"""

from __future__ import annotations

from functools import lru_cache

from .model import (MISCONCEPTIONS, Choice, Feedback, Lesson, LessonError, MultipleChoice,
                    NumberQuestion, Prediction, Step, parse_number)

__all__ = ["MISCONCEPTIONS", "Choice", "Feedback", "Lesson", "LessonError", "MultipleChoice",
           "NumberQuestion", "Prediction", "Step", "parse_number", "NOTEBOOKS", "PREFIXES",
           "lesson", "all_lessons", "find_question", "find_prediction", "goals", "summary",
           "question", "predict"]

#: every notebook with a lesson, in order
NOTEBOOKS = ("00_start_here", "01_new_cases", "02_deaths", "03_relative_survival",
             "04_survival_by_age_and_time", "05_subtypes_genetics_treatment",
             "06_from_patients_to_relative_survival", "07_how_current_is_a_survival_figure",
             "08_sources_and_claims")

#: the first word of every question and prediction id says its notebook
PREFIXES = {"start": "00_start_here", "cases": "01_new_cases", "deaths": "02_deaths",
            "relative": "03_relative_survival", "survival": "04_survival_by_age_and_time",
            "subtypes": "05_subtypes_genetics_treatment",
            "patients": "06_from_patients_to_relative_survival",
            "current": "07_how_current_is_a_survival_figure",
            "sources": "08_sources_and_claims"}


def lesson(notebook: str, data_dir=None) -> Lesson:
    """The lesson of ``notebook`` (its file name without ``.ipynb``), built from ``data/``."""
    return _lesson(notebook, None if data_dir is None else str(data_dir))


@lru_cache(maxsize=None)
def _lesson(notebook: str, data_dir) -> Lesson:
    from .content import BUILDERS
    if notebook not in BUILDERS:
        raise KeyError(f"no lesson for notebook {notebook!r}; expected one of "
                       f"{', '.join(BUILDERS)}")
    return BUILDERS[notebook](data_dir)


def all_lessons(data_dir=None) -> list[Lesson]:
    return [lesson(name, data_dir) for name in NOTEBOOKS]


def _notebook_of(item_id: str) -> str:
    prefix = item_id.split("-", 1)[0]
    if prefix not in PREFIXES:
        raise KeyError(f"{item_id!r}: a question or prediction id starts with its notebook's "
                       f"word, one of {', '.join(PREFIXES)}")
    return PREFIXES[prefix]


def find_question(qid: str, data_dir=None):
    """The question ``qid`` (its notebook is read from the id's first word)."""
    return lesson(_notebook_of(qid), data_dir).question(qid)


def find_prediction(pid: str, data_dir=None) -> Prediction:
    return lesson(_notebook_of(pid), data_dir).prediction(pid)


def _markdown(text: str):
    from IPython.display import Markdown
    return Markdown(text)


def goals_markdown(notebook: str, data_dir=None) -> str:
    lesson_ = lesson(notebook, data_dir)
    items = "\n".join(f"- {goal}" for goal in lesson_.goals)
    return f"**Learning goals.** After this notebook you can:\n\n{items}"


def summary_markdown(notebook: str, data_dir=None) -> str:
    lesson_ = lesson(notebook, data_dir)
    items = "\n".join(f"- {point}" for point in lesson_.summary)
    return f"## Summary\n\n{items}"


def goals(notebook: str, data_dir=None):
    """The learning goals as Markdown, for the top of the notebook."""
    return _markdown(goals_markdown(notebook, data_dir))


def summary(notebook: str, data_dir=None):
    """The summary, one point per goal, as Markdown, for the end of the notebook."""
    return _markdown(summary_markdown(notebook, data_dir))


def question(qid: str, data_dir=None):
    """A question box that answers back (:class:`~allstats.lessons.widgets.QuestionWidget`)."""
    from .widgets import QuestionWidget
    return QuestionWidget(find_question(qid, data_dir))


def predict(pid: str, data_dir=None):
    """A "predict, then move" box (:class:`~allstats.lessons.widgets.PredictionWidget`);
    call ``.watch(explorer)`` once the explorer exists."""
    from .widgets import PredictionWidget
    return PredictionWidget(find_prediction(pid, data_dir))
