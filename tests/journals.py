"""Small helpers shared by the journal tests."""

from __future__ import annotations

import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

from companion.journal.model import Answer, RunInfo
from companion.script.model import AnswerValue

T0 = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def answer(
    step_id: str,
    value: AnswerValue,
    *,
    prompt: str = "How are you?",
    display: str | None = None,
    step_type: str = "text",
    care_team: bool = False,
    at: datetime = T0,
) -> Answer:
    return Answer(
        step_id=step_id,
        step_type=step_type,
        prompt=prompt,
        value=value,
        display=str(value) if display is None else display,
        answered_at=at,
        care_team=care_team,
    )


def run_info(
    day: int,
    *,
    script_id: str = "check-in",
    title: str = "Before-session check-in",
    phase: str = "before",
    finished: bool = True,
) -> RunInfo:
    start = T0 + timedelta(days=day)
    return RunInfo(
        id=0,
        script_id=script_id,
        script_title=title,
        script_hash="f" * 64,
        phase=phase,
        started_at=start,
        ended_at=start + timedelta(minutes=15) if finished else None,
    )
