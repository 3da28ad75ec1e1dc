"""What the support screen shows, decided here so that any front end draws the same thing.

The care team comes first: the clinic's own contacts, then the script's (or, outside a script,
every script's), without repeats. Then, as its own group, the crisis lines for where the patient
lives, the emergency number first; or, where that is not known, "your local emergency number" and
a way to choose. When an answer offers support for an ordinary worry (``show: care_team``), the
crisis lines shrink to one line below the care team, but they are always there.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from companion.script.clinic.crisis import CrisisData, RegionChoice, how_to_reach
from companion.script.clinic.model import ClinicProfile
from companion.script.model import Script, SupportEntry, SupportFocus, render

CRISIS_HEADING = "If you are in danger or thinking of ending your life"
NOT_MONITORED = (
    "Nobody watches this app, and it is not an emergency service. If you are in danger, "
    "call your emergency number now."
)
OFFER_EVERYONE = (
    "That sounds like a lot right now. If it would help, these people are there for you."
)
OFFER_CARE_TEAM = (
    "That sounds like a lot to carry. Your care team hears this often and can help; "
    "it is fine to call them."
)
NO_CARE_TEAM = ("Your care team", "The phone number on your appointment card")
LOCAL_EMERGENCY = ("Emergency services", "Call your local emergency number")
_SOURCE_WORDS = {
    "clinic": "chosen by {clinic}",
    "settings": "as you chose",
    "locale": "from your computer's language settings",
}


@dataclass(frozen=True)
class Contact:
    label: str
    contact: str
    hours: str | None = None


@dataclass(frozen=True)
class SupportView:
    """Everything the support screen shows, in order."""

    offer: str | None
    care_team: tuple[Contact, ...]
    crisis_heading: str
    crisis: tuple[Contact, ...]
    """The crisis lines in full; empty when ``crisis_line`` stands in for them."""
    crisis_line: str | None
    """The crisis lines in one line, when the offer is about the care team."""
    region_line: str
    can_choose_region: bool
    note: str = NOT_MONITORED


def care_team(clinic: ClinicProfile | None, scripts: Iterable[Script]) -> tuple[Contact, ...]:
    """The clinic's contacts, then each script's, rendered and without repeats (an entry whose
    contact reads the same as one already listed is one entry)."""
    found: dict[str, str] = {}
    contacts: list[tuple[str, str]] = []
    if clinic is not None:
        contacts += [_rendered(entry, clinic.variables) for entry in clinic.support]
    for script in scripts:
        contacts += script.support_contacts()
    for label, contact in contacts:
        found.setdefault(contact, label)
    if not found:
        return (Contact(*NO_CARE_TEAM),)
    return tuple(Contact(label, contact) for contact, label in found.items())


def _sentence(text: str | None) -> str | None:
    """``any time, in English and French`` -> ``Any time, in English and French``."""
    return text[:1].upper() + text[1:] if text else None


def _rendered(entry: SupportEntry, variables: dict[str, str]) -> tuple[str, str]:
    return render(entry.label, variables), render(entry.contact, variables)


def support_view(
    clinic: ClinicProfile | None,
    scripts: Iterable[Script],
    region: RegionChoice,
    crisis: CrisisData,
    offered: SupportFocus | None = None,
) -> SupportView:
    """The support screen for this moment: ``offered`` is set when an answer opened it."""
    lines = crisis.lines_for(region.code)
    if lines is not None:
        found = [Contact(lines.emergency.name, how_to_reach(lines.emergency))]
        found += [
            Contact(line.name, how_to_reach(line), _sentence(line.hours)) for line in lines.lines
        ]
        source = _SOURCE_WORDS[region.source or "settings"].format(
            clinic=clinic.name if clinic else "your clinic"
        )
        region_line = f"Crisis lines for {lines.name} ({source})."
    else:
        found = [Contact(*LOCAL_EMERGENCY)]
        if region.code:
            region_line = f"This app has no crisis lines for {region.code} yet."
        elif region.source == "settings":
            region_line = "You said you live somewhere not listed here."
        else:
            region_line = "Where you live is not known, so no crisis lines are listed."
    contacts = tuple(found)
    one_line = None
    if offered == "care_team":
        one_line = "; ".join(f"{c.label}: {c.contact}" for c in contacts)
        contacts = ()
    return SupportView(
        offer=None
        if offered is None
        else (OFFER_CARE_TEAM if offered == "care_team" else OFFER_EVERYONE),
        care_team=care_team(clinic, scripts),
        crisis_heading=CRISIS_HEADING,
        crisis=contacts,
        crisis_line=one_line,
        region_line=region_line,
        can_choose_region=region.source != "clinic",
    )


def region_options(crisis: CrisisData) -> list[tuple[str, str]]:
    """(code, name) for each region with lines, by name, for the patient to choose from."""
    named = [(code, region.name.removeprefix("the ")) for code, region in crisis.regions.items()]
    return sorted(named, key=lambda item: item[1])
