"""The SQLite journal behaves exactly like the in-memory store the app was written against,
and keeps everything across a close and reopen."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

import pytest

from companion.journal import SqliteStore, open_journal, sqlite_store
from companion.journal.codec import value_of
from companion.journal.model import MemoryStore, Store
from tests.helpers.journals import answer

Factory = Callable[[], Store]


@pytest.fixture(params=["memory", "sqlite"])
def store(request: pytest.FixtureRequest) -> Iterator[Store]:
    made: Store = MemoryStore() if request.param == "memory" else open_journal()
    yield made
    made.close()


def test_start_run_and_read_it_back(store: Store) -> None:
    run_id = store.start_run("first-infusion", "Before your first infusion", "abc", "before")
    run = store.run(run_id)
    assert (run.id, run.script_id, run.script_title, run.script_hash, run.phase) == (
        run_id,
        "first-infusion",
        "Before your first infusion",
        "abc",
        "before",
    )
    assert run.started_at.tzinfo is not None
    assert not run.finished
    assert run.position is None
    assert store.answers(run_id) == {}
    assert store.drafts(run_id) == {}


def test_answers_keep_first_given_order_and_replace_in_place(store: Store) -> None:
    run_id = store.start_run("s", "S", "h", "after")
    store.record_answer(run_id, answer("a", "first"))
    store.record_answer(run_id, answer("b", 7, step_type="scale", display="7 (Quite)"))
    store.record_answer(run_id, answer("c", ["calm", "tired"], step_type="choice"))
    store.record_answer(run_id, answer("d", None, display="(skipped)"))
    store.record_answer(run_id, answer("a", "changed my mind"))
    got = store.answers(run_id)
    assert list(got) == ["a", "b", "c", "d"]
    assert got["a"].value == "changed my mind"
    assert got["b"].value == 7
    assert got["c"].value == ["calm", "tired"]
    assert got["d"].value is None
    store.forget_answer(run_id, "a")
    store.record_answer(run_id, answer("a", "again"))
    assert list(store.answers(run_id)) == ["b", "c", "d", "a"]


def test_answer_round_trips_every_field(store: Store) -> None:
    run_id = store.start_run("s", "S", "h", "after")
    given = answer("x", "words", prompt="What stayed with you?", display="words", care_team=True)
    store.record_answer(run_id, given)
    assert store.answers(run_id)["x"] == given


def test_drafts_upsert_and_go_away_when_answered(store: Store) -> None:
    run_id = store.start_run("s", "S", "h", "after")
    store.save_draft(run_id, "a", "I fe")
    store.save_draft(run_id, "a", "I feel")
    store.save_draft(run_id, "b", "other")
    assert store.drafts(run_id) == {"a": "I feel", "b": "other"}
    store.record_answer(run_id, answer("a", "I feel light"))
    assert store.drafts(run_id) == {"b": "other"}


def test_position_finish_and_listing(store: Store) -> None:
    first = store.start_run("s", "S", "h", "before")
    second = store.start_run("s", "S", "h", "after")
    store.set_position(first, "step-3")
    assert store.run(first).position == "step-3"
    assert [r.id for r in store.runs()] == [second, first]
    assert [r.id for r in store.unfinished()] == [second, first]
    assert store.last_finished("before") is None
    store.finish_run(first)
    assert store.run(first).finished
    assert [r.id for r in store.unfinished()] == [second]
    assert store.last_finished("before") == store.run(first).ended_at
    assert store.last_finished("after") is None


def test_unknown_run_is_a_key_error(store: Store) -> None:
    with pytest.raises(KeyError):
        store.run(999)
    with pytest.raises(KeyError):
        store.record_answer(999, answer("a", "x"))
    with pytest.raises(KeyError):
        store.save_draft(999, "a", "x")
    with pytest.raises(KeyError):
        store.answers(999)
    with pytest.raises(KeyError):
        store.drafts(999)


def test_written_words_survive_close_without_finishing() -> None:
    store = open_journal()
    run_id = store.start_run("s", "After the session", "h", "after")
    store.record_answer(run_id, answer("a", "the colours were loud"))
    store.save_draft(run_id, "b", "and then I rememb")
    store.set_position(run_id, "b")
    store.close()

    again = open_journal()
    try:
        assert again.answers(run_id)["a"].value == "the colours were loud"
        assert again.drafts(run_id) == {"b": "and then I rememb"}
        run = again.run(run_id)
        assert not run.finished
        assert run.position == "b"
        assert [r.id for r in again.unfinished()] == [run_id]
        assert again.integrity() == "ok"
    finally:
        again.close()


def test_store_settings_are_durable() -> None:
    with open_journal() as store:
        conn = store._conn
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000


def test_times_are_stored_as_iso_utc_text() -> None:
    with open_journal() as store:
        run_id = store.start_run("s", "S", "h", "after")
        store.record_answer(run_id, answer("a", "x"))
        started, answered = store._conn.execute(
            "SELECT runs.started_at, answers.answered_at FROM runs JOIN answers"
        ).fetchone()
    assert started.endswith("+00:00") and "T" in started
    assert answered == "2026-03-01T09:30:00.000000+00:00"


def test_close_is_idempotent_and_releases_the_journal() -> None:
    store = open_journal()
    store.close()
    store.close()
    other = open_journal()
    other.close()


def test_sqlite_store_is_the_type_open_journal_returns() -> None:
    with open_journal() as store:
        assert isinstance(store, SqliteStore)


def test_answers_by_run_reads_many_runs_at_once(store: Store) -> None:
    first = store.start_run("s", "S", "h", "before")
    empty = store.start_run("s", "S", "h", "before")
    second = store.start_run("s", "S", "h", "after")
    store.record_answer(second, answer("x", "one"))
    store.record_answer(first, answer("a", "first"))
    store.record_answer(first, answer("b", 7, step_type="scale"))
    store.record_answer(first, answer("a", "changed my mind"))
    got = store.answers_by_run([second, empty, first, 999])
    assert list(got) == [second, empty, first, 999]
    assert got[first] == list(store.answers(first).values())
    assert [a.value for a in got[first]] == ["changed my mind", 7]
    assert got[second] == list(store.answers(second).values())
    assert got[empty] == [] and got[999] == []
    assert store.answers_by_run([]) == {}


def test_answers_by_run_reads_in_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sqlite_store, "IDS_PER_QUERY", 2)
    with open_journal() as store:
        ids = [store.start_run("s", "S", "h", "before") for _ in range(5)]
        for n, run_id in enumerate(ids):
            store.record_answer(run_id, answer("a", f"run {n}"))
        got = store.answers_by_run(reversed(ids))
        assert list(got) == ids[::-1]
        assert [got[run_id][0].value for run_id in ids] == [f"run {n}" for n in range(5)]


@pytest.mark.parametrize(
    "text", ['"a"', '"\\u00e9\\n"', "7", "-3", "null", '["a", "b"]', "[]", " 7 ", '"x" ']
)
def test_stored_values_read_as_json_would(text: str) -> None:
    assert value_of(text) == json.loads(text)


@pytest.mark.parametrize("text", ["007", '"', "", "7 8", "true", "1.5", "[1]", "{}", "NaN"])
def test_stored_values_that_are_not_answers_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        value_of(text)
