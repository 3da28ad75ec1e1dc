"""One widget per step type; :func:`view_for` picks the right one."""

from __future__ import annotations

from companion.app.widgets.steps.audio import AudioView
from companion.app.widgets.steps.base import StepView
from companion.app.widgets.steps.breathing import BreathingView
from companion.app.widgets.steps.checklist import ChecklistView
from companion.app.widgets.steps.choice import ChoiceView
from companion.app.widgets.steps.info import InfoView
from companion.app.widgets.steps.questionnaire import QuestionnaireView
from companion.app.widgets.steps.scale import ScaleView
from companion.app.widgets.steps.text import TextView
from companion.script.model import AnswerValue, Script, Step

VIEWS: dict[str, type[StepView]] = {
    "info": InfoView,
    "checklist": ChecklistView,
    "text": TextView,
    "scale": ScaleView,
    "choice": ChoiceView,
    "questionnaire": QuestionnaireView,
    "breathing": BreathingView,
    "audio": AudioView,
}


def view_for(script: Script, step: Step, value: AnswerValue, draft: str | None) -> StepView:
    return VIEWS[step.type](script, step, value, draft)


__all__ = ["VIEWS", "StepView", "view_for"]
