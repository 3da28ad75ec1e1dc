"""The support screen as a patient meets it: the care team first, the crisis lines for where
they live as their own group, a close button always in sight at 80x24, and a way to choose."""

from __future__ import annotations

import json
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Button, Static

from companion.app.app import CompanionApp
from companion.app.screens.run import RunScreen
from companion.app.screens.support import RegionScreen, SupportScreen
from companion.paths import locations
from companion.script.clinic.model import ClinicProfile
from companion.script.library import load_library
from companion.script.model import SupportEntry
from tests.helpers.apps import fixture_library, make_app, open_first, sync

SMALL = (80, 24)


def riverside(entries: int = 2, region: str | None = "GB") -> ClinicProfile:
    support = [
        SupportEntry(label="Riverside care team", contact="Call {care_phone}"),
        SupportEntry(label="Riverside out of hours", contact="Call 020 7946 0999"),
    ] + [
        SupportEntry(label=f"Riverside ward {n}", contact=f"Call 020 7946 01{n:02d}")
        for n in range(entries - 2)
    ]
    return ClinicProfile(
        format=1,
        name="Riverside Wellness",
        region=region,
        variables={"care_phone": "020 7946 0000"},
        support=tuple(support[:entries]),
    )


def app_with(clinic: ClinicProfile | None) -> CompanionApp:
    library = fixture_library(with_broken=False)
    library.clinic = clinic
    return make_app(library=library)


def texts(screen: Any, selector: str) -> list[str]:
    return [str(w.content) for w in screen.query(selector)]


def test_six_contacts_at_80x24(snap_compare: Any) -> None:
    """Inside a script: two of the clinic's contacts and the script's own, then the three for
    the UK. The list scrolls; the note and the close button stay in sight."""

    async def open_support(pilot: Pilot[Any]) -> None:
        await pilot.press("enter", "f1")
        await pilot.pause()

    assert snap_compare(app_with(riverside()), terminal_size=SMALL, run_before=open_support)


@sync
async def test_six_contacts_are_listed_in_order() -> None:
    app = app_with(riverside())
    async with app.run_test(size=SMALL) as pilot:
        await open_first(pilot)
        await pilot.press("f1")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SupportScreen)
        entries = texts(screen, ".entry")
        assert [e.split("\n")[0] for e in entries] == [
            "Riverside care team",
            "Riverside out of hours",
            "Your care team",
            "Emergency services",
            "Samaritans",
            "Shout",
        ]
        assert entries[0] == "Riverside care team\nCall 020 7946 0000"
        assert entries[2] == "Your care team\nCall 555 0100"
        assert texts(screen, ".group") == [
            "Your care team",
            "If you are in danger or thinking of ending your life",
        ]
        assert not screen.query("#support-region-choose"), "the clinic chose the region"


@pytest.mark.parametrize("entries", [2, 12])
@sync
async def test_the_close_button_and_the_note_are_always_in_sight(entries: int) -> None:
    app = app_with(riverside(entries))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        visible = screen.region
        for selector in ("#support-close", "#support-note", "#support-title"):
            region = screen.query_one(selector).region
            assert visible.contains_region(region), (selector, region)
        if entries > 2:
            assert screen.query_one("#support-list").max_scroll_y > 0, "the list scrolls"
        await pilot.press("enter")
        assert not isinstance(app.screen, SupportScreen), "the close button has the focus"


@sync
async def test_no_region_known_then_the_patient_chooses_and_it_is_remembered() -> None:
    app = app_with(riverside(region=None))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        screen = app.screen
        assert texts(screen, ".crisis") == ["Emergency services\nCall your local emergency number"]
        assert "not known" in texts(screen, "#support-region")[0]
        screen.query_one("#support-region-choose", Button).press()
        await pilot.pause()
        assert isinstance(app.screen, RegionScreen)
        await pilot.press("home", "enter")  # Australia, first by name
        await pilot.pause()
        chosen = app.screen
        assert isinstance(chosen, SupportScreen)
        assert texts(chosen, ".crisis")[1] == (
            "Lifeline\nCall 13 11 14 or text 0477 13 11 14\nAny time, day or night"
        )
        assert texts(chosen, "#support-region") == ["Crisis lines for Australia (as you chose)."]
    settings = json.loads((locations().config / "settings.json").read_text())
    assert settings["region"] == "AU"

    again = app_with(riverside(region=None))
    async with again.run_test(size=SMALL) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        assert texts(again.screen, ".crisis")[1].startswith("Lifeline\n")


@sync
async def test_somewhere_else_means_no_lines_and_no_guess(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    app = app_with(None)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        assert texts(app.screen, "#support-region") == [
            "Crisis lines for the United States (from your computer's language settings)."
        ]
        app.screen.query_one("#support-region-choose", Button).press()
        await pilot.pause()
        await pilot.press("end", "enter")
        await pilot.pause()
        assert texts(app.screen, ".crisis") == [
            "Emergency services\nCall your local emergency number"
        ]
        assert texts(app.screen, "#support-region") == [
            "You said you live somewhere not listed here."
        ]


@sync
async def test_the_locale_chooses_when_nothing_else_does(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "en_NZ.UTF-8")
    app = app_with(None)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        assert texts(app.screen, ".crisis")[:2] == [
            "Emergency services\nCall 111",
            "Need to talk? 1737\nCall or text 1737\nAny time, day or night",
        ]


@sync
async def test_ordinary_nerves_offer_the_care_team_with_crisis_lines_one_line_below() -> None:
    """The bundled first-infusion script, with a clinic in the UK: nerves at 9 out of 10."""
    library = load_library()
    library.clinic = riverside()
    app = make_app(library=library)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_first(pilot, "Preparing for your first infusion")
        screen = app.screen
        for _ in range(30):
            assert isinstance(screen, RunScreen)
            step = screen.run.flow.current
            if step.id == "anxiety":
                break
            await pilot.press("ctrl+n")
            await pilot.pause()
        else:
            raise AssertionError("never reached the anxiety scale")
        await pilot.press("9")
        await pilot.pause()
        support = app.screen
        assert isinstance(support, SupportScreen)
        assert "care team" in texts(support, "#support-offer")[0]
        assert texts(support, ".crisis") == []
        assert texts(support, "#crisis-line") == [
            "Emergency services: Call 999 or 112; Samaritans: Call 116 123; Shout: Text 85258"
        ]
        assert texts(support, ".entry")[0] == "Riverside care team\nCall 020 7946 0000"
        assert isinstance(support.query_one("#crisis-heading"), Static)


@sync
async def test_clinic_text_is_shown_literally_never_as_markup() -> None:
    clinic = ClinicProfile(
        format=1,
        name="[b]Riverside[/]",
        region="GB",
        support=(SupportEntry(label="[@click=app.quit]Care[/]", contact="Call [red]020[/] 7946"),),
    )
    app = app_with(clinic)
    async with app.run_test(size=SMALL) as pilot:
        await open_first(pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert texts(app.screen, ".entry")[0] == "[@click=app.quit]Care[/]\nCall [red]020[/] 7946"
        assert texts(app.screen, "#support-region") == [
            "Crisis lines for the United Kingdom (chosen by [b]Riverside[/])."
        ]
        await pilot.click("#support-list", offset=(6, 2))
        await pilot.pause()
        assert app.is_running
