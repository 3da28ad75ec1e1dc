"""Where the therapist's export goes, and what the journal screens read from a store."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from companion.journal import SqliteStore
from companion.journal.export import export_folder, export_path
from companion.journal.model import MemoryStore
from companion.journal.series import scale_series, search_of, trend_of
from tests.helpers.apps import fixture_library
from tests.helpers.journals import ANXIETY


def test_exports_go_under_companion_home_when_it_is_set(tmp_path: Path) -> None:
    assert export_folder({"COMPANION_HOME": str(tmp_path)}) == tmp_path


def test_exports_go_to_the_documents_folder_or_else_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("XDG_DOCUMENTS_DIR", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / ".config"))
    assert export_folder({}) == tmp_path  # no Documents folder: the home folder
    (tmp_path / "Documents").mkdir()
    assert export_folder({}) == tmp_path / "Documents"


def test_export_names_never_reuse_a_taken_one(tmp_path: Path) -> None:
    day = date(2026, 5, 4)
    first = export_path(tmp_path, day)
    assert first.name == "companion-journal-2026-05-04.md"
    first.write_text("kept")
    second = export_path(tmp_path, day)
    assert second.name == "companion-journal-2026-05-04-2.md"
    second.write_text("kept too")
    assert export_path(tmp_path, day).name == "companion-journal-2026-05-04-3.md"


def test_a_memory_store_has_no_search_and_no_trends() -> None:
    store = MemoryStore()
    assert search_of(store) is None and trend_of(store) is None


def test_series_come_from_the_scripts_scale_steps_most_answered_first(
    filled_journal: SqliteStore,
) -> None:
    with filled_journal as store:
        trend = trend_of(store)
        assert trend is not None
        series = scale_series(fixture_library(False), trend)
        assert [(s.script_id, s.step_id, len(s.points)) for s in series] == [
            ("test-before", "anxiety", 6),
            ("test-after", "sleep", 1),
        ]
        assert series[0].prompt == ANXIETY
        assert (series[0].low, series[0].high) == (0, 10)
        assert series[0].ends == "0 is Calm, 10 is Very anxious"
        assert series[1].ends == "1 is Poorly, 5 is Very well"
        search = search_of(store)
        assert search is not None and len(search("sea")) == 3
