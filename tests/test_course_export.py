"""Exports carry each run's infusion: its number and date in Markdown, number and start in JSON,
and the course itself in JSON."""

from __future__ import annotations

import json
from collections.abc import Callable

from companion.journal.export import export_json, export_markdown
from companion.journal.model import MemoryStore
from tests.helpers.course import at


def test_exports_name_the_infusion(zone: Callable[[str], None]) -> None:
    zone("America/New_York")
    store = MemoryStore()
    second = store.add_infusion(at("2026-03-12 10:00"), minutes=90, note="Sam")
    store.add_infusion(at("2026-03-05 10:00"))
    linked = store.start_run("integration", "After your session", "", "after", second)
    store.finish_run(linked)
    store.start_run("integration", "After your session", "", "after")
    markdown = export_markdown(store)
    assert "*After the session · 2nd infusion, Thursday 12 March 2026. Finished at" in markdown
    assert markdown.count("infusion,") == 1
    document = json.loads(export_json(store))
    runs = {run["id"]: run for run in document["runs"]}
    assert runs[linked]["infusion"] == {
        "number": 2,
        "starts_at": "2026-03-12T14:00:00.000000+00:00",
    }
    assert [run["infusion"] for run in document["runs"] if run["id"] != linked] == [None]
    assert [(i["number"], i["minutes"], i["note"]) for i in document["infusions"]] == [
        (1, None, None),
        (2, 90, "Sam"),
    ]
