"""Exports read well, carry every field, respect --since, and are written privately."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from companion.journal import SqliteStore
from companion.journal.export import (
    CARE_TEAM_HEADING,
    FORMAT_VERSION,
    export_json,
    export_markdown,
    write_export,
)
from companion.journal.model import MemoryStore
from tests.helpers.journals import T0, answer, mode, run_info

pytestmark = pytest.mark.usefixtures("utc")


@pytest.fixture
def journal(journal: SqliteStore) -> SqliteStore:
    """The journal (tests/conftest.py) with this file's runs in it."""
    for day, level in [(0, 7), (14, 4)]:
        at = T0 + timedelta(days=day)
        journal.add_run(
            run_info(day),
            [
                answer(
                    "mood",
                    level,
                    step_type="scale",
                    display=f"{level} (anxious)",
                    prompt="How anxious do you feel?",
                    at=at,
                ),
                answer("hope", "To *sleep* better | maybe", prompt="What do you hope for?", at=at),
                answer(
                    "worry",
                    "The nausea last time\n- it scared me",
                    care_team=True,
                    prompt="Anything to tell your care team?",
                    at=at,
                ),
                answer("skip", None, prompt="Anything else?", at=at),
            ],
        )
    unfinished = run_info(
        15, script_id="reflect", title="After the session", phase="after", finished=False
    )
    run_id = journal.add_run(unfinished, [])
    journal.save_draft(run_id, "colours", "violet and")
    return journal


def test_markdown_has_title_generated_date_and_a_section_per_run(journal: SqliteStore) -> None:
    text = export_markdown(journal)
    assert text.startswith("# My journal\n")
    assert f"Generated on {date.today():%A}" in text
    assert "3 sessions, Sunday 1 March 2026 to Monday 16 March 2026." in text
    assert "## Sunday 1 March 2026, 09:30 · Before-session check-in" in text
    assert "## Sunday 15 March 2026, 09:30 · Before-session check-in" in text
    assert "## Monday 16 March 2026, 09:30 · After the session" in text
    assert "*Before the session. Finished at 09:45.*" in text
    assert "*After the session. Not finished.*" in text
    assert "*Nothing was answered.*" in text
    assert "violet and" not in text, "half-typed drafts stay out of the readable export"


def test_markdown_puts_care_team_answers_first(journal: SqliteStore) -> None:
    text = export_markdown(journal)
    section = text.split("## Sunday 1 March 2026")[1].split("## Sunday 15 March")[0]
    care = section.index(f"### {CARE_TEAM_HEADING}")
    assert care < section.index("**Anything to tell your care team?**")
    assert section.index("**Anything to tell your care team?**") < section.index("### Everything")
    assert section.index("### Everything else") < section.index("**How anxious do you feel?**")
    assert "*(skipped)*" in section


def test_markdown_keeps_the_patients_punctuation_as_text(journal: SqliteStore) -> None:
    text = export_markdown(journal)
    assert r"To \*sleep\* better \| maybe" in text
    assert "The nausea last time\\\n\\- it scared me" in text


def test_markdown_has_a_check_in_table_over_time(journal: SqliteStore) -> None:
    text = export_markdown(journal)
    table = text.split("## Check-ins over time")[1]
    assert "### How anxious do you feel?" in table
    assert "| Date | Time | Answer |" in table
    first = table.index("| Sun 1 Mar 2026 | 09:30 | 7 (anxious) |")
    assert first < table.index("| Sun 15 Mar 2026 | 09:30 | 4 (anxious) |")


def test_since_leaves_out_earlier_runs(journal: SqliteStore) -> None:
    text = export_markdown(journal, since=date(2026, 3, 10))
    assert "1 March 2026, 09:30" not in text
    assert "## Sunday 15 March 2026" in text
    assert "Only sessions from 10 March 2026 on are included." in text
    runs = json.loads(export_json(journal, since=date(2026, 3, 10)))["runs"]
    assert [r["started_at"][:10] for r in runs] == ["2026-03-15", "2026-03-16"]


def test_json_has_every_field(journal: SqliteStore) -> None:
    document = json.loads(export_json(journal))
    assert document["format"] == "companion-journal"
    assert document["format_version"] == FORMAT_VERSION
    assert document["since"] is None
    first = document["runs"][0]
    assert set(first) == {
        "id",
        "script_id",
        "script_title",
        "script_hash",
        "phase",
        "started_at",
        "ended_at",
        "finished",
        "position",
        "infusion",
        "answers",
        "drafts",
    }
    assert first["started_at"] == "2026-03-01T09:30:00.000000+00:00"
    assert first["answers"][0] == {
        "step_id": "mood",
        "step_type": "scale",
        "prompt": "How anxious do you feel?",
        "value": 7,
        "display": "7 (anxious)",
        "answered_at": "2026-03-01T09:30:00.000000+00:00",
        "care_team": False,
    }
    assert first["answers"][3]["value"] is None
    assert document["runs"][2]["drafts"] == {"colours": "violet and"}
    assert document["runs"][2]["finished"] is False


def test_exports_work_on_any_store() -> None:
    store = MemoryStore()
    run_id = store.start_run("s", "Preview", "h", "before")
    store.record_answer(run_id, answer("a", "words"))
    assert "words" in export_markdown(store)
    assert json.loads(export_json(store))["runs"][0]["answers"][0]["value"] == "words"
    assert "nothing in the journal yet" in export_markdown(MemoryStore())


def test_write_export_is_private_and_never_overwrites(tmp_path: Path) -> None:
    target = tmp_path / "journal.md"
    write_export("first\n", target)
    assert mode(target) == 0o600
    with pytest.raises(FileExistsError):
        write_export("second\n", target)
    assert target.read_text() == "first\n"
    target.chmod(0o644)
    write_export("second\n", target, overwrite=True)
    assert target.read_text() == "second\n"
    assert mode(target) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["journal.md"]


def test_every_short_ascii_answer_is_shown_as_the_general_rules_show_it() -> None:
    """The export judges written ASCII answers by their bytes: for every ASCII text of up to
    two characters, a sample of three, and each character inside words and at their start, it
    shows what the general rules (export._paragraphs) show."""
    from companion.journal.export import _markdown, _paragraphs

    chars = [chr(code) for code in range(128)]
    texts = ["", *chars, *(a + b for a in chars for b in chars)]
    texts += [f"{a}{b}{c}" for a in chars[::7] for b in chars for c in chars[::5]]
    texts += [f"words {c} inside" for c in chars] + [f"{c} at the start" for c in chars]
    at = "2026-03-01T10:00:00.000000+00:00"
    runs = [(1, "s", "Title", "after", at, at, None)]
    answers = [(n, 1, f"s{n}", "Q", '"', text, at, 0, None) for n, text in enumerate(texts)]
    document = _markdown(runs, answers, {}, None, datetime(2026, 3, 2, tzinfo=UTC))
    shown = document.split("**Q**\n\n")[1:]
    assert len(shown) == len(texts)
    for text, part in zip(texts, shown, strict=True):
        assert part.rstrip("\n") == _paragraphs(text).rstrip("\n"), repr(text)
