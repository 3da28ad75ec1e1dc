"""The bundled crisis lines are current and sourced, and the right region's lines are shown."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from companion.script.clinic.crisis import (
    DATA_PATH,
    ELSEWHERE,
    RegionChoice,
    choose_region,
    how_to_reach,
    load_crisis_lines,
    locale_region,
    stale_lines,
)
from companion.script.clinic.model import ClinicProfile, CrisisLine
from companion.script.clinic.support import (
    CRISIS_HEADING,
    LOCAL_EMERGENCY,
    NO_CARE_TEAM,
    support_view,
)
from companion.script.model import Script, SupportEntry
from companion.script.problems import Severity
from tests.helpers.scripts import fixture_script

REQUIRED = {"US", "CA", "GB", "IE", "AU", "NZ"}


def test_bundled_data_loads_cleanly_with_every_required_region() -> None:
    data, problems = load_crisis_lines()
    assert problems == []
    assert set(data.regions) >= REQUIRED


def test_no_bundled_line_is_more_than_a_year_old() -> None:
    """Fails the build on the day any number was last checked more than a year ago."""
    data, _ = load_crisis_lines()
    stale = stale_lines(data, date.today())
    assert stale == [], [f"{code}: {line.name} ({line.verified})" for code, line in stale]


def test_every_line_has_a_public_source_a_number_and_a_checked_date() -> None:
    data, _ = load_crisis_lines()
    for region in data.regions.values():
        for line in (region.emergency, *region.lines):
            assert line.source.startswith("https://"), line
            assert line.call or line.text, line
            assert line.verified <= date.today(), line


def test_known_numbers_are_the_ones_bundled() -> None:
    """The numbers checked on 2026-12-03 against the sources in the data file."""
    data, _ = load_crisis_lines()
    found = {
        code: [(line.name, line.call, line.text) for line in (r.emergency, *r.lines)]
        for code, r in data.regions.items()
    }
    assert found["US"][0][1] == ("911",) and found["US"][1][1:] == (("988",), ("988",))
    assert found["CA"][0][1] == ("911",) and found["CA"][1][1:] == (("988",), ("988",))
    assert found["GB"][0][1] == ("999", "112") and found["GB"][1][1] == ("116 123",)
    assert found["GB"][2][2] == ("85258",)
    assert found["IE"][0][1] == ("112", "999") and found["IE"][1][1] == ("116 123",)
    assert found["IE"][2][2] == ("50808",)
    assert found["AU"][0][1] == ("000",) and found["AU"][1][1:] == (
        ("13 11 14",),
        ("0477 13 11 14",),
    )
    assert found["NZ"][0][1] == ("111",) and found["NZ"][1][1:] == (("1737",), ("1737",))


def test_the_stale_warning_covers_the_regional_data(tmp_path: Path) -> None:
    copy = tmp_path / "crisis-lines.yaml"
    copy.write_text(DATA_PATH.read_text(encoding="utf-8"), encoding="utf-8")
    later = date(2026, 12, 3) + timedelta(days=366)
    data, problems = load_crisis_lines(copy, today=later)
    assert set(data.regions) >= REQUIRED, "a stale line is still shown, with a warning"
    assert problems and all(p.severity is Severity.WARNING for p in problems)
    first = problems[0].format()
    assert (
        ":14:17: warning: regions[0].emergency.verified: 'Emergency services' was last checked"
        in first
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('call: ["12a"]', "'12a' should be digits and spaces only"),
        ("call: []", "give at least one number under 'call' or 'text'"),
        ("source: http://example.org", "should be like"),
    ],
)
def test_a_bad_line_is_refused_with_its_place(tmp_path: Path, text: str, expected: str) -> None:
    key = text.split(":")[0]
    lines = DATA_PATH.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if line.strip().startswith(f"{key}:"))
    indent = lines[index][: len(lines[index]) - len(lines[index].lstrip())]
    lines[index] = indent + text
    copy = tmp_path / "crisis-lines.yaml"
    copy.write_text("\n".join(lines) + "\n", encoding="utf-8")
    data, problems = load_crisis_lines(copy, today=date(2026, 12, 3))
    assert any(expected in p.message and p.mark and p.mark.line == index + 1 for p in problems)
    assert "US" not in data.regions, "a region with a broken line is left out"


def line(call: tuple[str, ...] = (), text: tuple[str, ...] = ()) -> CrisisLine:
    return CrisisLine(name="x", call=call, text=text, source="https://x", verified=date.today())


def test_how_to_reach_in_plain_words() -> None:
    assert how_to_reach(line(("988",), ("988",))) == "Call or text 988"
    assert how_to_reach(line(("116 123",))) == "Call 116 123"
    assert how_to_reach(line(text=("85258",))) == "Text 85258"
    assert how_to_reach(line(("999", "112"))) == "Call 999 or 112"
    assert how_to_reach(line(("13 11 14",), ("0477 13 11 14",))) == (
        "Call 13 11 14 or text 0477 13 11 14"
    )


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"LANG": "en_AU.UTF-8"}, "AU"),
        ({"LANG": "en_GB"}, "GB"),
        ({"LANG": "fr_CA.UTF-8@euro"}, "CA"),
        ({"LANG": "en-NZ"}, "NZ"),
        ({"LANG": "C.UTF-8"}, None),
        ({"LANG": "POSIX"}, None),
        ({"LANG": "en"}, None),
        ({"LANG": "en_ZZ.UTF-8"}, None),
        ({}, None),
        ({"LC_ALL": "en_IE.UTF-8", "LANG": "en_US.UTF-8"}, "IE"),
        ({"LC_MESSAGES": "en_NZ.UTF-8", "LANG": "en_US.UTF-8"}, "NZ"),
        ({"LC_ALL": "", "LANG": "en_US.UTF-8"}, "US"),
    ],
)
def test_locale_territory(env: dict[str, str], expected: str | None) -> None:
    assert locale_region(env) == expected


def test_region_comes_from_profile_then_settings_then_locale_then_nothing() -> None:
    au = {"LANG": "en_AU.UTF-8"}
    assert choose_region("GB", "NZ", au) == RegionChoice("GB", "clinic")
    assert choose_region(None, "NZ", au) == RegionChoice("NZ", "settings")
    assert choose_region(None, None, au) == RegionChoice("AU", "locale")
    assert choose_region(None, None, {"LANG": "C.UTF-8"}) == RegionChoice(None, None)
    assert choose_region(None, ELSEWHERE, au) == RegionChoice(None, "settings")
    assert choose_region(None, "nonsense", au) == RegionChoice("AU", "locale")


# --- what the support screen lists ------------------------------------------------------------


def clinic(region: str | None = "GB") -> ClinicProfile:
    return ClinicProfile(
        format=1,
        name="Riverside Wellness",
        region=region,
        variables={"care_phone": "020 7946 0000"},
        support=(SupportEntry(label="Riverside care team", contact="Call {care_phone}"),),
    )


def script_with(*entries: tuple[str, str], variables: dict[str, str] | None = None) -> Script:
    base = fixture_script("before")
    support = tuple(SupportEntry(label=a, contact=b) for a, b in entries)
    return Script(**{**base.__dict__, "support": support, "variables": variables or {}})


def test_care_team_first_clinic_then_script_without_repeats() -> None:
    data, _ = load_crisis_lines()
    script = script_with(
        ("Your care team", "Call {care_phone}"),
        ("Pharmacy", "Call 020 7946 0111"),
        variables={"care_phone": "020 7946 0000"},
    )
    view = support_view(clinic(), [script], RegionChoice("GB", "clinic"), data)
    assert [(c.label, c.contact) for c in view.care_team] == [
        ("Riverside care team", "Call 020 7946 0000"),
        ("Pharmacy", "Call 020 7946 0111"),
    ]
    assert view.crisis_heading == CRISIS_HEADING
    assert [c.label for c in view.crisis] == ["Emergency services", "Samaritans", "Shout"]
    assert view.crisis[0].contact == "Call 999 or 112"
    assert view.region_line == "Crisis lines for the United Kingdom (chosen by Riverside Wellness)."
    assert not view.can_choose_region, "the clinic decides; the patient is not asked"
    assert view.offer is None and view.crisis_line is None
    assert "not an emergency service" in view.note


def test_no_region_known_care_team_local_emergency_number_and_a_way_to_choose() -> None:
    data, _ = load_crisis_lines()
    view = support_view(None, [script_with()], RegionChoice(None, None), data)
    assert [(c.label, c.contact) for c in view.care_team] == [NO_CARE_TEAM]
    assert [(c.label, c.contact) for c in view.crisis] == [LOCAL_EMERGENCY]
    assert "not known" in view.region_line
    assert view.can_choose_region


def test_a_region_without_lines_says_so() -> None:
    data, _ = load_crisis_lines()
    view = support_view(clinic("FR"), [], RegionChoice("FR", "clinic"), data)
    assert [(c.label, c.contact) for c in view.crisis] == [LOCAL_EMERGENCY]
    assert "no crisis lines for FR" in view.region_line


def test_locale_and_settings_are_named_as_the_reason() -> None:
    data, _ = load_crisis_lines()
    by_locale = support_view(None, [], RegionChoice("AU", "locale"), data)
    assert by_locale.region_line == (
        "Crisis lines for Australia (from your computer's language settings)."
    )
    assert by_locale.crisis[1].contact == "Call 13 11 14 or text 0477 13 11 14"
    chosen = support_view(None, [], RegionChoice("NZ", "settings"), data)
    assert chosen.region_line == "Crisis lines for New Zealand (as you chose)."


def test_an_offer_about_nerves_keeps_crisis_lines_to_one_line() -> None:
    data, _ = load_crisis_lines()
    view = support_view(clinic(), [], RegionChoice("GB", "clinic"), data, offered="care_team")
    assert view.crisis == ()
    assert view.crisis_line == (
        "Emergency services: Call 999 or 112; Samaritans: Call 116 123; Shout: Text 85258"
    )
    assert view.offer is not None and "care team" in view.offer
    assert view.care_team[0].label == "Riverside care team"
    everyone = support_view(clinic(), [], RegionChoice("GB", "clinic"), data, offered="everyone")
    assert everyone.crisis_line is None and len(everyone.crisis) == 3
    assert everyone.offer is not None and everyone.offer != view.offer


def test_hours_read_as_a_sentence_keeping_their_capitals() -> None:
    data, _ = load_crisis_lines()
    view = support_view(None, [], RegionChoice("CA", "settings"), data)
    assert view.crisis[1].hours == "Any time, day or night, in English and French"
