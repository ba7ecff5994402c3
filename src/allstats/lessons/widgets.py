"""Questions and predictions on the page: ipywidgets that answer back.

- :class:`QuestionWidget`: a box (CSS class ``allstats-question`` and
  ``allstats-question-<id>``) with the prompt, the options as radio buttons (or a text box and a
  *Check* button for a number) and a feedback line (``allstats-feedback``) that says at once
  whether the answer is right and why.
- :class:`PredictionWidget`: "predict, then move". A box (``allstats-prediction``) with the
  prompt, a number to guess and a *Lock in my guess* button; once locked, it watches an
  explorer and, when the explorer shows the state the prompt asks for, compares the guess with
  what the data show (``allstats-result``).

Both work the same in JupyterLab, in the Voila app and in the slides (they only use ipywidgets
and their own kernel callbacks). Tests drive them with :meth:`QuestionWidget.answer`,
:meth:`PredictionWidget.guess` and by moving the explorer's controls.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from ..explorers.base import CONTROL_STYLE, StillBox
from .model import Feedback, MultipleChoice, NumberQuestion, Prediction, parse_number

__all__ = ["QuestionWidget", "PredictionWidget", "feedback_html"]

#: under a question's still form in JupyterLab, before the notebook runs
_RUN = ('<p class="allstats-static-note">This answers back once the notebook runs '
        "(<i>Run › Run All Cells</i>).</p>")
#: a box and its button share a line when they fit and wrap on a narrow screen (reflow, 320 px)
_WRAP = widgets.Layout(flex_flow="row wrap", max_width="100%")

#: radio buttons with long labels: ipywidgets gives each label one line's height, so wrapped
#: labels overlap and cover the next option; let them wrap and grow
_CSS = ("<style>.allstats-question .widget-radio-box label{display:flex;flex-direction:"
        "row-reverse;justify-content:flex-end;align-items:flex-start;gap:8px;height:auto;"
        "min-height:var(--jp-widgets-radio-item-height);line-height:1.35;white-space:normal;"
        "margin:2px 0 6px}.allstats-question .widget-radio-box input{flex:none;"
        "margin:3px 0 0}</style>")


def feedback_html(feedback: Feedback | None) -> str:
    """The feedback line: a word that says right or not (never colour alone), then why."""
    if feedback is None:
        return ""
    mark = {True: "✔", False: "✘", None: "?"}[feedback.correct]
    kind = {True: "right", False: "wrong", None: "unreadable"}[feedback.correct]
    return (f'<div class="allstats-feedback-text allstats-feedback-{kind}" role="status">'
            f"<b>{mark} {html.escape(feedback.verdict)}</b> {html.escape(feedback.text)}</div>")


def _prompt(text: str, heading: str) -> widgets.HTML:
    box = widgets.HTML(f'{_CSS}<div class="allstats-question-text"><b>{html.escape(heading)}</b> '
                       f"{html.escape(text)}</div>", layout=widgets.Layout(width="100%"))
    box.add_class("allstats-prompt")
    return box


class QuestionWidget:
    """One question on the page, with immediate feedback."""

    def __init__(self, question: MultipleChoice | NumberQuestion):
        self.question = question
        self.feedback = widgets.HTML(layout=widgets.Layout(width="100%"))
        self.feedback.add_class("allstats-feedback")
        self.last: Feedback | None = None
        parts = [_prompt(question.prompt, "Check your understanding:")]
        if isinstance(question, MultipleChoice):
            self.input = widgets.RadioButtons(
                options=[(c.label, i) for i, c in enumerate(question.choices)], value=None,
                layout=widgets.Layout(width="100%"), style=CONTROL_STYLE)
            self.input.observe(self._on_choice, names="value")
            self.button = None
            parts.append(self.input)
        else:
            self.input = widgets.Text(placeholder=f"a number{', in ' + question.unit if question.unit else ''}",
                                      description="Your answer", continuous_update=False,
                                      style=CONTROL_STYLE, layout=widgets.Layout(width="320px", max_width="100%"))
            self.button = widgets.Button(description="Check", button_style="")
            self.button.add_class("allstats-check")
            self.input.observe(lambda _change: self._check_number(), names="value")
            self.button.on_click(lambda _button: self._check_number())
            parts.append(widgets.HBox([self.input, self.button], layout=_WRAP))
        self.input.add_class("allstats-answer")
        parts.append(self.feedback)
        self.widget = StillBox(parts, still=lambda: static_html(question) + _RUN,
                               plain="A question: it answers once the notebook runs.",
                               layout=widgets.Layout(width="100%", max_width="900px"))
        self.widget.add_class("allstats-question")
        self.widget.add_class(f"allstats-question-{question.id}")

    def _show(self, feedback: Feedback) -> None:
        self.last = feedback
        self.feedback.value = feedback_html(feedback)

    def _on_choice(self, change) -> None:
        if change["new"] is not None:
            self._show(self.question.check(change["new"]))

    def _check_number(self) -> None:
        if self.input.value.strip():
            self._show(self.question.check(self.input.value))

    def answer(self, value) -> Feedback:
        """Answer as a student does: choose option ``value`` (its index) or type ``value``."""
        if isinstance(self.question, MultipleChoice):
            self.input.value = value
        else:
            self.input.value = str(value)
            self._check_number()
        return self.last

    def _ipython_display_(self):  # pragma: no cover - exercised in notebooks
        from IPython.display import display
        display(self.widget)


class PredictionWidget:
    """"Predict, then move": a locked guess compared with what an explorer shows."""

    def __init__(self, prediction: Prediction):
        self.prediction = prediction
        low, high, step = prediction.guess_range
        start = low if prediction.start is None else prediction.start
        self.input = widgets.BoundedFloatText(value=start, min=low, max=high, step=step,
                                              description="My guess", style=CONTROL_STYLE,
                                              layout=widgets.Layout(width="260px", max_width="100%"))
        self.input.add_class("allstats-guess")
        self.button = widgets.Button(description="Lock in my guess",
                                     layout=widgets.Layout(width="auto"))
        self.button.add_class("allstats-lock")
        self.button.on_click(lambda _button: self.lock())
        self.status = widgets.HTML(html.escape("Type a guess, then lock it in before you move "
                                               "the chart."))
        self.status.add_class("allstats-status")
        self.result = widgets.HTML(layout=widgets.Layout(width="100%"))
        self.result.add_class("allstats-result")
        self.locked: float | None = None
        self.last: Feedback | None = None
        self.explorer = None
        self.widget = StillBox(
            [_prompt(prediction.prompt, "Predict, then move:"),
             widgets.HBox([self.input, self.button], layout=_WRAP), self.status],
            still=lambda: static_html(prediction) + _RUN,
            plain="Predict, then move: the guess box works once the notebook runs.",
            layout=widgets.Layout(width="100%", max_width="900px"))
        self.widget.add_class("allstats-prediction")
        self.widget.add_class(f"allstats-prediction-{prediction.id}")
        self.result_box = StillBox(
            [self.result], still=lambda: _RUN,
            plain="Your guess is compared here with the chart once the notebook runs.",
            layout=widgets.Layout(width="100%", max_width="900px"))
        self.result_box.add_class("allstats-prediction-result")
        self.result_box.add_class(f"allstats-prediction-result-{prediction.id}")

    def guess(self, value: float) -> None:
        """Type ``value`` and lock it in, as a student does."""
        self.input.value = value
        self.lock()

    def lock(self) -> None:
        self.locked = float(self.input.value)
        self.input.disabled = True
        self.button.disabled = True
        self.status.value = html.escape(f"Guess locked: {self.prediction.fmt(self.locked)}. "
                                        f"Now: {self.prediction.move}")
        self._compare()

    def watch(self, explorer) -> widgets.Widget:
        """Follow ``explorer`` (the one named by the prediction); returns the box where the
        comparison appears, to display under the explorer."""
        if explorer.name != self.prediction.explorer:
            raise ValueError(f"prediction {self.prediction.id!r} is about the "
                             f"{self.prediction.explorer!r} explorer, not {explorer.name!r}")
        self.explorer = explorer
        for control in explorer.controls.values():
            control.observe(lambda _change: self._compare(), names="value")
        self._compare()
        return self.result_box

    def _compare(self) -> None:
        if self.explorer is None:
            return
        actual = self.prediction.target(self.explorer.values)
        if self.locked is None:
            self.result.value = html.escape("Lock in a guess above, then move the chart.")
            return
        if actual is None:
            self.result.value = html.escape(f"Your guess: {self.prediction.fmt(self.locked)}. "
                                            f"{self.prediction.move}")
            return
        self.last = self.prediction.compare(self.locked, float(actual))
        self.result.value = feedback_html(self.last)

    def _ipython_display_(self):  # pragma: no cover - exercised in notebooks
        from IPython.display import display
        display(self.widget)


def static_html(item) -> str:
    """A question or a prediction for a page without a kernel (the handout): the prompt, the
    options, and the answer with why under a "Show the answer" fold."""
    if isinstance(item, Prediction):
        return (f'<div class="allstats-static-prediction"><p><b>Predict, then move:</b> '
                f"{html.escape(item.prompt)} <i>Then:</i> {html.escape(item.move)}</p>"
                f"<details><summary>What the data show</summary><p>{html.escape(item.why)}</p>"
                "</details></div>")
    head = (f'<div class="allstats-static-question"><p><b>Check your understanding:</b> '
            f"{html.escape(item.prompt)}</p>")
    if isinstance(item, MultipleChoice):
        options = "".join(f"<li>{html.escape(c.label)}</li>" for c in item.choices)
        answer = "".join(f"<li>{html.escape(c.label)}: <b>{'right' if c.correct else 'wrong'}"
                         f"</b>. {html.escape(c.why)}</li>" for c in item.choices)
        return (f"{head}<ol type=\"a\">{options}</ol><details><summary>Show the answer"
                f"</summary><ul>{answer}</ul></details></div>")
    return (f"{head}<details><summary>Show the answer</summary><p><b>"
            f"{html.escape(item.answer_text)}</b>. {html.escape(item.why)}</p></details></div>")
