"""What a lesson is made of: goals, a summary, questions that answer back, predictions.

Nothing here draws or imports a widget: a question checks an answer and says why
(:meth:`MultipleChoice.check`, :meth:`NumberQuestion.check`), a prediction compares a guess with
what an explorer shows (:meth:`Prediction.compare`). :mod:`allstats.lessons.widgets` puts them on
the page, :mod:`allstats.lessons.guide` writes them into the teacher's guide: the same objects,
so a question and its answer in the guide cannot drift apart.

Every number in a prompt, an option or a feedback is rendered from ``data/`` by the builders in
:mod:`allstats.lessons.content`; nothing here knows a figure.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Callable

__all__ = ["MISCONCEPTIONS", "Feedback", "Choice", "MultipleChoice", "NumberQuestion",
           "Prediction", "Step", "Lesson", "parse_number", "LessonError"]

#: the misconceptions students bring, by key: what they think, and what the data mean
MISCONCEPTIONS = {
    "relative-not-alive": (
        "Relative survival read as a share alive",
        "A relative survival rate compares people with ALL with similar people without it; it "
        "is never “N out of 100 are alive”."),
    "estimate-not-count": (
        "An estimate read as a count",
        "The yearly figures are projections made before the year ends, from older registry "
        "data; they are not a count of people."),
    "five-years-ago": (
        "A 5-year figure read as today's",
        "A survival figure describes people diagnosed years before it was published, treated "
        "as they were then."),
    "group-not-person": (
        "A group statistic read as one person's future",
        "A statistic describes what happened in a group; it cannot say what will happen to one "
        "person."),
    "share-not-risk": (
        "A share of cases read as a risk or a rate",
        "A share says who the people with ALL are; a risk or a rate says how often ALL happens "
        "among everyone."),
    "sources-disagree": (
        "Disagreeing sources read as a mistake",
        "Sources count different people, years and definitions; a difference often says which, "
        "not who is wrong."),
    "words-matter": (
        "“About”, “less than” and a range read as one number",
        "“About 80%”, “less than half of 1%” and “20% to 30%” are different claims, each "
        "allowing its own set of values."),
}


class LessonError(ValueError):
    """A lesson, question or prediction is defined wrongly (names the id and what is wrong)."""


@dataclass(frozen=True)
class Feedback:
    """What a page says back to an answer: right or not, and why (plain text)."""

    correct: bool | None      # None: the answer could not be read (e.g. not a number)
    text: str

    @property
    def verdict(self) -> str:
        return {True: "Right.", False: "Not quite.", None: "Type a number."}[self.correct]


@dataclass(frozen=True)
class Choice:
    """One option of a multiple-choice question, with why it is right or wrong."""

    label: str
    correct: bool
    why: str


def _check_id(qid: str) -> None:
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", qid or ""):
        raise LessonError(f"id {qid!r} must be lower-case words joined by hyphens")


def _check_misconception(qid: str, key: str) -> None:
    if key not in MISCONCEPTIONS:
        raise LessonError(f"{qid}: unknown misconception {key!r} (expected one of "
                          f"{', '.join(MISCONCEPTIONS)})")


@dataclass(frozen=True)
class MultipleChoice:
    """A question with options, exactly one of them right."""

    id: str
    prompt: str
    choices: tuple[Choice, ...]
    misconception: str
    kind = "multiple choice"

    def __post_init__(self):
        _check_id(self.id)
        _check_misconception(self.id, self.misconception)
        right = [c for c in self.choices if c.correct]
        if len(self.choices) < 2 or len(right) != 1:
            raise LessonError(f"{self.id}: needs at least two choices and exactly one right one, "
                              f"got {len(self.choices)} choices, {len(right)} right")
        if len({c.label for c in self.choices}) != len(self.choices):
            raise LessonError(f"{self.id}: two choices read the same")

    @property
    def answer(self) -> Choice:
        return next(c for c in self.choices if c.correct)

    def check(self, index: int) -> Feedback:
        """Feedback on the option at ``index`` (0-based)."""
        if not isinstance(index, int) or not 0 <= index < len(self.choices):
            raise LessonError(f"{self.id}: choice must be 0 to {len(self.choices) - 1}, "
                              f"got {index!r}")
        choice = self.choices[index]
        return Feedback(choice.correct, choice.why)

    @property
    def answer_text(self) -> str:
        return self.answer.label


_NUMBER = re.compile(r"^[-+]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?$")


def parse_number(text) -> float | None:
    """A number a student typed: '43', '43.5', '1,234', '43%' or ' 43 % '; None if not one.

    >>> parse_number("1,234"), parse_number("43 %"), parse_number("4.5"), parse_number("lots")
    (1234.0, 43.0, 4.5, None)
    """
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        return None if math.isnan(text) else float(text)
    if not isinstance(text, str):
        return None
    cleaned = text.strip().rstrip("%").strip()
    if not cleaned or not _NUMBER.match(cleaned) or cleaned in "+-.":
        return None
    return float(cleaned.replace(",", ""))


@dataclass(frozen=True)
class NumberQuestion:
    """A question answered by typing a number; right within ``tolerance`` of ``answer``.

    ``answer_text`` is the answer as the page says it (formatted by :mod:`allstats.text`);
    ``why`` explains the computation, shown with every answer, right or wrong.
    """

    id: str
    prompt: str
    answer: float
    answer_text: str
    tolerance: float
    why: str
    misconception: str
    unit: str = ""
    kind = "number"

    def __post_init__(self):
        _check_id(self.id)
        _check_misconception(self.id, self.misconception)
        if not (math.isfinite(self.answer) and self.tolerance >= 0):
            raise LessonError(f"{self.id}: answer must be a finite number and tolerance >= 0, "
                              f"got {self.answer!r} ± {self.tolerance!r}")

    def check(self, typed) -> Feedback:
        value = parse_number(typed)
        if value is None:
            return Feedback(None, f"“{typed}” is not a number: type digits, e.g. 12 or 12.5"
                            + (f" (in {self.unit})." if self.unit else "."))
        if abs(value - self.answer) <= self.tolerance + 1e-9:
            return Feedback(True, self.why)
        direction = "too high" if value > self.answer else "too low"
        return Feedback(False, f"{direction}: the answer is {self.answer_text}. {self.why}")


@dataclass(frozen=True)
class Prediction:
    """“Predict, then move”: the student commits a guess, moves an explorer's control, and the
    page compares the guess with what the data show.

    ``target(values)`` reads the explorer's ``values`` and returns the number to compare when
    the explorer shows the state the prompt asks for, else None. ``guess_range`` is
    ``(min, max, step)`` of the guess; ``fmt`` says a number as the page says it.
    """

    id: str
    explorer: str
    prompt: str
    move: str
    target: Callable[[dict], float | None]
    guess_range: tuple[float, float, float]
    fmt: Callable[[float], str]
    why: str
    misconception: str
    start: float | None = None
    tolerance: float = 0.0

    def __post_init__(self):
        _check_id(self.id)
        _check_misconception(self.id, self.misconception)
        low, high, step = self.guess_range
        if not (low < high and step > 0):
            raise LessonError(f"{self.id}: guess_range must be (min, max, step) with "
                              f"min < max and step > 0, got {self.guess_range}")

    def compare(self, guess: float, actual: float) -> Feedback:
        """The guess against what the data show: how far, which way, and why."""
        diff = guess - actual
        if abs(diff) <= self.tolerance + 1e-9:
            head = f"You guessed {self.fmt(guess)} and the data show {self.fmt(actual)}: spot on."
            return Feedback(True, f"{head} {self.why}")
        way = "above" if diff > 0 else "below"
        head = (f"You guessed {self.fmt(guess)}; the data show {self.fmt(actual)}, so your "
                f"guess was {self.fmt(abs(diff))} {way}.")
        return Feedback(False, f"{head} {self.why}")


@dataclass(frozen=True)
class Step:
    """One step of a class: what to move (or show) and what to ask."""

    do: str
    ask: str


@dataclass(frozen=True)
class Lesson:
    """Everything one notebook teaches, defined once for the notebook, app, slides and guide."""

    notebook: str
    title: str
    goals: tuple[str, ...]
    summary: tuple[str, ...]
    questions: tuple = ()
    predictions: tuple = ()
    steps: tuple[Step, ...] = ()
    discussion: tuple[str, ...] = ()
    minutes: int = 0

    def __post_init__(self):
        if not 2 <= len(self.goals) <= 4:
            raise LessonError(f"{self.notebook}: a lesson has 2 to 4 learning goals, "
                              f"got {len(self.goals)}")
        if len(self.summary) != len(self.goals):
            raise LessonError(f"{self.notebook}: the summary answers each goal: "
                              f"{len(self.goals)} goals, {len(self.summary)} summary points")
        ids = [q.id for q in self.questions] + [p.id for p in self.predictions]
        if len(set(ids)) != len(ids):
            raise LessonError(f"{self.notebook}: question and prediction ids must be unique")

    def question(self, qid: str):
        for q in self.questions:
            if q.id == qid:
                return q
        raise KeyError(f"{self.notebook} has no question {qid!r}; it has "
                       f"{', '.join(q.id for q in self.questions)}")

    def prediction(self, pid: str) -> Prediction:
        for p in self.predictions:
            if p.id == pid:
                return p
        raise KeyError(f"{self.notebook} has no prediction {pid!r}; it has "
                       f"{', '.join(p.id for p in self.predictions)}")

