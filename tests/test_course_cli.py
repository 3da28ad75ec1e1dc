"""``companion infusion add|list|remove`` and ``companion calendar``, as the real command in a
subprocess (the computer's zone set with TZ), and the parsers' errors."""

from __future__ import annotations

import stat
import subprocess
from pathlib import Path

import icalendar
import pytest

from companion.journal.opening import open_journal
from tests.helpers import terminal

ZONE = "America/New_York"


def companion(*args: str, zone: str = ZONE, given: str = "") -> subprocess.CompletedProcess[str]:
    """The real command with the computer's zone set to ``zone``."""
    return terminal.companion(*args, stdin=given, env={"TZ": zone}, timeout=60)


def test_add_list_remove() -> None:
    first = companion("infusion", "add", "2030-03-05 10:00", "--note", "Sam drives")
    assert first.returncode == 0, first.stderr
    assert first.stdout == "Added: 1st · Tuesday 5 March 2030, 10:00, until about 12:00\n"
    # Across the change of 10 March: still 10:00 local, and a second one on the same day.
    for when in ("2030-03-12T10:00", "2030-03-12 15:30"):
        assert companion("infusion", "add", when, "--minutes", "90").returncode == 0
    listed = companion("infusion", "list")
    assert listed.returncode == 0
    assert listed.stdout.splitlines()[:3] == [
        "1st · Tuesday 5 March 2030, 10:00, until about 12:00 · Sam drives",
        "2nd · Tuesday 12 March 2030, 10:00, until about 11:30",
        "3rd · Tuesday 12 March 2030, 15:30, until about 17:00",
    ]
    # Stored in UTC: the hour between them changed with the clocks.
    with open_journal() as store:
        starts = [i.starts_at.hour for i in store.infusions()]
    assert starts == [15, 14, 19]
    # In another zone the same infusions read in that zone's time.
    assert "1st · Tuesday 5 March 2030, 15:00" in companion("infusion", "list", zone="UTC").stdout
    removed = companion("infusion", "remove", "2")
    assert removed.returncode == 0
    assert removed.stdout.startswith("Your 2nd infusion was removed.")
    assert "2nd · Tuesday 12 March 2030, 15:30" in companion("infusion", "list").stdout


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["add", "2030-02-30 10:00"], "2030-02-30 is not a day of the calendar"),
        (["add", "2030-03-10 02:30"], "the clocks go forward"),
        (["add", "next tuesday"], "is not a date and time. Write it as YYYY-MM-DD HH:MM"),
        (["add", "2030-03-05 10:00", "--minutes", "0"], "is not a length in minutes"),
        (["remove", "1"], "There are no infusions to remove."),
    ],
)
def test_bad_input_is_one_calm_line(args: list[str], says: str) -> None:
    done = companion("infusion", *args)
    assert done.returncode == 1
    assert says in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr


def test_removing_a_number_not_in_the_list() -> None:
    companion("infusion", "add", "2030-03-05 10:00")
    done = companion("infusion", "remove", "4")
    assert done.returncode == 1
    assert "There is no infusion '4': give 1" in done.stderr


def test_calendar_file(isolated_home: Path, tmp_path: Path) -> None:
    companion("infusion", "add", "2030-03-05 10:00")
    made = companion("calendar")
    assert made.returncode == 0, made.stderr
    path = isolated_home / "companion-infusions.ics"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    (event,) = calendar.walk("VEVENT")[:1]
    assert str(event["DTSTART"].params["TZID"]) == ZONE
    # Writing the default file again replaces it; another file needs --force to be replaced.
    assert companion("calendar").returncode == 0
    other = tmp_path / "mine.ics"
    other.write_text("keep me")
    refused = companion("calendar", "-o", str(other))
    assert refused.returncode == 1 and "add --force" in refused.stderr
    assert other.read_text() == "keep me"
    assert companion("calendar", "-o", str(other), "--force").returncode == 0
    assert other.read_bytes().startswith(b"BEGIN:VCALENDAR")


def test_calendar_without_infusions_says_how_to_add_them() -> None:
    made = companion("calendar")
    assert made.returncode == 0
    assert "companion infusion add" in made.stdout


def test_an_encrypted_journal_asks_for_its_passphrase() -> None:
    assert companion("infusion", "add", "2030-03-05 10:00").returncode == 0
    secret = "a long enough passphrase for tests\n"
    assert companion("encrypt", given=secret * 2).returncode == 0
    added = companion("infusion", "add", "2030-03-12 10:00", given=secret)
    assert added.returncode == 0, added.stderr
    assert added.stdout.startswith("Added: 2nd ·")
    refused = companion("infusion", "list", given="not it\n")
    assert refused.returncode == 1 and refused.stdout == ""
    assert "nothing was changed" in refused.stderr
    assert companion("calendar", given=secret).returncode == 0
