"""The teacher's guide, rendered from the same lessons as the notebooks' questions.

Each function returns Markdown text (the guide notebook, ``notebooks/09_teachers_guide.ipynb``,
displays it; the handout shows that notebook like every other). The answers are the
questions' own :attr:`answer_text` and feedback: a question changed in
:mod:`allstats.lessons.content` changes here too.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import MISCONCEPTIONS, NOTEBOOKS, all_lessons, lesson
from .model import MultipleChoice

__all__ = ["LessonPlan", "LESSON_PLANS", "plans", "presenting", "notebook_section",
           "misconceptions", "question_answer"]


@dataclass(frozen=True)
class LessonPlan:
    """A class of about 50 minutes: which notebooks, in which order, and its thread."""

    title: str
    notebooks: tuple[str, ...]
    thread: str


LESSON_PLANS = (
    LessonPlan("How common is ALL, and what is an estimate?",
               ("00_start_here", "01_new_cases", "02_deaths"),
               "From one statistic to the yearly estimates: who is counted, what an estimate "
               "is, and why a share of cases is not a risk."),
    LessonPlan("What does a survival rate mean?",
               ("03_relative_survival", "04_survival_by_age_and_time"),
               "The guide's worked example, then the real figures: relative survival compares "
               "people with ALL with similar people without it, for people diagnosed years "
               "ago."),
    LessonPlan("Beyond the headline numbers: subtypes and sources",
               ("05_subtypes_genetics_treatment", "08_sources_and_claims"),
               "Shares of groups with ALL, ranges and where sources disagree, and how to find "
               "the sentence behind any number."),
    LessonPlan("How registries estimate survival (older students)",
               ("03_relative_survival", "06_from_patients_to_relative_survival"),
               "A short review of the worked example, then a simulated cohort through the "
               "registry estimators."),
    LessonPlan("How current is a survival figure? (older students)",
               ("04_survival_by_age_and_time", "07_how_current_is_a_survival_figure"),
               "The real figures and when their people were diagnosed, then a simulated "
               "registry: cohort and period estimates, crude probabilities and the age mix."),
)


def _link(notebook: str) -> str:
    return f"[{lesson(notebook).title}]({notebook}.ipynb)"


def plans() -> str:
    """Which notebooks make which lesson of about 50 minutes."""
    rows = ["| lesson | notebooks, in order | minutes of notebook time | thread |",
            "|---|---|---|---|"]
    for plan in LESSON_PLANS:
        minutes = sum(lesson(nb).minutes for nb in plan.notebooks)
        rows.append(f"| {plan.title} | {', '.join(_link(nb) for nb in plan.notebooks)} | "
                    f"{minutes} (the rest of the hour for the questions and discussion) | "
                    f"{plan.thread} |")
    return "## Lessons of about fifty minutes\n\n" + "\n".join(rows)


def presenting() -> str:
    """How to present the notebooks and run them for a class."""
    return "\n".join([
        "## How to present",
        "",
        "- **JupyterLab** (`make lab`): run the notebook (*Run → Run All Cells*) before the "
        "class; *View → Presentation Mode* enlarges it for a projector. Students can run their "
        "own copy on Binder or a JupyterHub (see the README).",
        "- **The app** (`make present`): every notebook as a page without code, on "
        "`http://127.0.0.1:8866`; the widgets, questions and predictions work as in JupyterLab.",
        "- **Slides** (`make slides`): every notebook as a reveal.js slideshow with live "
        "widgets, on `http://127.0.0.1:8867`; one idea per slide, each explorer and each "
        "question on a slide of its own. Arrow keys move between slides; *Down* opens the "
        "sources under a slide. Nothing is loaded from the internet.",
        "- **The handout** (`make html`): a static page per notebook for reading after class; "
        "every chart can be downloaded as PNG, and each explorer's picture also as SVG and its "
        "numbers as CSV with their sources.",
        "",
        "In class: ask for the guess of each *Predict, then move* box before anyone moves the "
        "chart (a show of hands works), then move it together. Ask each *Check your "
        "understanding* question before revealing the options' feedback.",
    ])


def question_answer(q) -> str:
    """A question with its answer and the feedback of every option, for the guide."""
    lines = [f"- **{q.prompt}** *(targets: {MISCONCEPTIONS[q.misconception][0].lower()})*"]
    if isinstance(q, MultipleChoice):
        for choice in q.choices:
            mark = "**right**" if choice.correct else "wrong"
            lines.append(f"    - {choice.label}: {mark}. {choice.why}")
    else:
        lines.append(f"    - Answer: **{q.answer_text}** (accepted within "
                     f"{q.tolerance:g}{' ' + q.unit if q.unit and q.unit != 'percent' else ''}"
                     f"{' percentage points' if q.unit == 'percent' else ''}). {q.why}")
    return "\n".join(lines)


def notebook_section(notebook: str) -> str:
    """One notebook: goals, the order of the controls and what to ask, the predictions, the
    questions with their answers, and discussion prompts."""
    lesson_ = lesson(notebook)
    out = [f"## {_link(notebook)}", "",
           f"About {lesson_.minutes} minutes.", "", "**Learning goals.**", ""]
    out += [f"- {goal}" for goal in lesson_.goals]
    out += ["", "**Step by step: what to move and what to ask.**", ""]
    out += [f"{i}. {step.do} *Ask:* {step.ask}" for i, step in enumerate(lesson_.steps, 1)]
    if lesson_.predictions:
        out += ["", "**Predict, then move.**", ""]
        for p in lesson_.predictions:
            out.append(f"- {p.prompt} *Then:* {p.move} *What the data show:* {p.why}")
    out += ["", "**Questions and answers.**", ""]
    out += [question_answer(q) for q in lesson_.questions]
    if lesson_.discussion:
        out += ["", "**Discussion.**", ""]
        out += [f"- {prompt}" for prompt in lesson_.discussion]
    out += ["", "**Summary the students should reach.**", ""]
    out += [f"- {point}" for point in lesson_.summary]
    return "\n".join(out)


def misconceptions() -> str:
    """Each misconception, what the data mean instead, and where it is addressed."""
    where: dict[str, list[str]] = {key: [] for key in MISCONCEPTIONS}
    for lesson_ in all_lessons():
        for item in (*lesson_.questions, *lesson_.predictions):
            kind = "prediction" if hasattr(item, "target") else "question"
            where[item.misconception].append(f"{_link(lesson_.notebook)} ({kind} `{item.id}`)")
    rows = ["| misconception | what the data mean | where it is addressed |", "|---|---|---|"]
    for key, (name, meaning) in MISCONCEPTIONS.items():
        rows.append(f"| {name} | {meaning} | {'; '.join(where[key]) or '(nowhere yet)'} |")
    return "## Misconceptions and where each is addressed\n\n" + "\n".join(rows)


def everything() -> str:
    """The whole guide as one Markdown text (for a printed copy)."""
    return "\n\n".join([plans(), presenting(), misconceptions(),
                        *(notebook_section(nb) for nb in NOTEBOOKS)])
