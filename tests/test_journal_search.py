"""Full-text search over everything written, safe for any query, with highlight spans."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from companion.journal import SqliteStore, open_journal
from companion.journal.search import fts_query
from tests.helpers.journals import T0, answer, run_info


@pytest.fixture
def journal(journal: SqliteStore) -> SqliteStore:
    """The journal (tests/conftest.py) with this file's runs in it."""
    journal.add_run(
        run_info(0, script_id="reflect", title="After the session", phase="after"),
        [
            answer("seen", "Violet waves over a lighthouse", prompt="What did you see?"),
            answer("felt", "Calm, then a café-smell memory", prompt="What did you feel?"),
            answer(
                "mood",
                3,
                step_type="scale",
                display="3 (A little anxious)",
                prompt="How anxious are you now?",
            ),
        ],
    )
    journal.add_run(
        run_info(7, script_id="reflect", title="After the session", phase="after"),
        [answer("seen", "The lighthouse again, smaller", prompt="What did you see?")],
    )
    return journal


def test_finds_words_in_answers_newest_first(journal: SqliteStore) -> None:
    hits = journal.search("lighthouse")
    assert [(h.run.started_at, h.step_id) for h in hits] == [
        (T0 + timedelta(days=7), "seen"),
        (T0, "seen"),
    ]
    assert hits[0].prompt == "What did you see?"
    assert hits[0].run.script_title == "After the session"


def test_spans_mark_the_matches_in_plain_text(journal: SqliteStore) -> None:
    (hit,) = journal.search("violet lighthouse")
    assert "\x02" not in hit.snippet and "\x03" not in hit.snippet
    marked = [hit.snippet[start:end] for start, end in hit.spans]
    assert marked == ["Violet", "lighthouse"]


def test_words_match_as_prefixes_ignoring_case_and_accents(journal: SqliteStore) -> None:
    assert [h.step_id for h in journal.search("LIGHTHO")] == ["seen", "seen"]
    (hit,) = journal.search("cafe")
    assert [hit.snippet[s:e] for s, e in hit.spans] == ["café"]


def test_prompts_and_script_titles_are_searched(journal: SqliteStore) -> None:
    assert {h.step_id for h in journal.search("anxious now")} == {"mood"}
    assert len(journal.search("session")) == 4


def test_every_word_must_be_present(journal: SqliteStore) -> None:
    assert journal.search("lighthouse smaller")[0].run.started_at == T0 + timedelta(days=7)
    assert len(journal.search("lighthouse smaller")) == 1
    assert journal.search("lighthouse giraffe") == []


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '""',
        "*",
        "-",
        ":",
        "lighthouse AND",
        "AND",
        "OR NOT NEAR",
        "NEAR(lighthouse",
        "seen:lighthouse",
        "-lighthouse",
        "lighthouse*",
        '"violet',
        "(((",
        "^violet",
        "{seen prompt}: x",
        "café'; DROP TABLE answers; --",
        "   ",
        "",
        "\x00",
    ],
)
def test_hostile_queries_never_raise(journal: SqliteStore, query: str) -> None:
    journal.search(query)
    assert len(journal.search("lighthouse")) == 2


def test_quoted_syntax_is_searched_as_text(journal: SqliteStore) -> None:
    assert [h.step_id for h in journal.search('"violet')] == ["seen"]
    assert [h.step_id for h in journal.search("-lighthouse smaller")] == ["seen"]
    assert journal.search("AND") == []
    assert fts_query('a"b AND') == '"a""b"* "AND"*'
    assert fts_query("* - :") is None


def test_index_follows_replaced_and_forgotten_answers(journal: SqliteStore) -> None:
    run_id = journal.start_run("reflect", "After the session", "h", "after")
    journal.record_answer(run_id, answer("x", "pelican"))
    assert len(journal.search("pelican")) == 1
    journal.record_answer(run_id, answer("x", "albatross"))
    assert journal.search("pelican") == []
    assert len(journal.search("albatross")) == 1
    journal.forget_answer(run_id, "x")
    assert journal.search("albatross") == []


def test_trend_gives_scale_answers_over_time(journal: SqliteStore) -> None:
    for day, level in [(14, 5), (21, 2)]:
        journal.add_run(
            run_info(day, script_id="reflect", title="After the session", phase="after"),
            [answer("mood", level, step_type="scale", at=T0 + timedelta(days=day))],
        )
    journal.add_run(
        run_info(28, script_id="other"), [answer("mood", 9, at=T0 + timedelta(days=28))]
    )
    assert journal.trend("reflect", "mood") == [
        (T0, 3),
        (T0 + timedelta(days=14), 5),
        (T0 + timedelta(days=21), 2),
    ]
    assert journal.trend("reflect", "seen") == []
    assert journal.trend("nothing", "mood") == []


WORD = st.text(
    alphabet=st.characters(categories=["Lu", "Ll", "Lo", "Nd"], max_codepoint=0xFFFF),
    min_size=1,
    max_size=12,
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(before=st.text(), word=WORD, after=st.text())
def test_any_unicode_answer_round_trips_and_is_found(before: str, word: str, after: str) -> None:
    text = f"{before} {word} {after}"
    with open_journal() as store:
        run_id = store.start_run("s", "S", "h", "after")
        store.record_answer(run_id, answer("free", text, display=text))
    with open_journal() as store:
        assert store.answers(run_id)["free"].value == text
        assert store.answers(run_id)["free"].display == text
        assert run_id in {h.run.id for h in store.search(word)}
        store.forget_answer(run_id, "free")
