"""The bundled crisis lines, and which region's lines a patient sees.

The region comes from the clinic profile; else from the patient's own choice in settings; else from
the territory of the computer's locale (``LANG=en_AU.UTF-8`` gives AU); else it is not known, and
the patient sees their care team, "your local emergency number" and a way to choose.

A choice the patient made wins over the locale, which is only a guess: ``en_US`` is the default on
many computers far from the United States.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Literal

from companion.script import yamlsafe
from companion.script.clinic.model import (
    ISO_REGIONS,
    NUMBER_PATTERN,
    CrisisFile,
    CrisisLine,
    RegionLines,
)
from companion.script.convert import INVALID, Context, convert
from companion.script.problems import Problem, sorted_problems

DATA_PATH = Path(__file__).resolve().parent / "crisis-lines.yaml"
STALE_AFTER = timedelta(days=365)
ELSEWHERE = "elsewhere"
"""The settings value for "I live somewhere not listed": no lines, and no guess from the locale."""
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")

RegionSource = Literal["clinic", "settings", "locale"]


@dataclass(frozen=True)
class CrisisData:
    """The regions that loaded, by code, and where they came from."""

    path: Path
    regions: dict[str, RegionLines]

    def lines_for(self, code: str | None) -> RegionLines | None:
        return self.regions.get(code) if code else None


def load_crisis_lines(
    path: Path = DATA_PATH, today: date | None = None
) -> tuple[CrisisData, list[Problem]]:
    """Read and check the crisis-line data; a broken region is left out, with its problems."""
    ctx = Context(path)
    try:
        root = yamlsafe.load(path)
    except yamlsafe.YamlError as exc:
        ctx.error("", exc.message, exc.mark)
        return CrisisData(path, {}), ctx.problems
    parsed = convert(ctx, root, "", CrisisFile, {})
    if parsed is INVALID:
        return CrisisData(path, {}), sorted_problems(ctx.problems)
    regions: dict[str, RegionLines] = {}
    for index, region in enumerate(parsed.regions):
        where = f"regions[{index}]"
        if region.code not in ISO_REGIONS:
            ctx.error(
                f"{where}.code",
                f"'{region.code}' is not an ISO 3166-1 region",
                ctx.marks.get(f"{where}.code"),
            )
            continue
        if region.code in regions:
            ctx.error(
                f"{where}.code",
                f"region '{region.code}' is given twice",
                ctx.marks.get(f"{where}.code"),
            )
            continue
        lines = [(f"{where}.emergency", region.emergency)]
        lines += [(f"{where}.lines[{i}]", line) for i, line in enumerate(region.lines)]
        if all(_check_line(ctx, line, at, today or date.today()) for at, line in lines):
            regions[region.code] = region
    return CrisisData(path, regions), sorted_problems(ctx.problems)


def _check_line(ctx: Context, line: CrisisLine, where: str, today: date) -> bool:
    ok = True
    if not line.call and not line.text:
        ok = False
        mark = ctx.marks.get(f"{where}.call") or ctx.marks.get(f"{where}.text")
        ctx.error(
            where, "give at least one number under 'call' or 'text'", mark or ctx.marks.get(where)
        )
    for kind in ("call", "text"):
        for index, number in enumerate(getattr(line, kind)):
            at = f"{where}.{kind}[{index}]"
            if not re.match(NUMBER_PATTERN, number):
                ok = False
                ctx.error(at, f"'{number}' should be digits and spaces only", ctx.marks.get(at))
    if today - line.verified > STALE_AFTER:
        at = f"{where}.verified"
        ctx.warning(
            at,
            f"'{line.name}' was last checked on {line.verified.isoformat()}, more than a year "
            "ago; check its numbers against the source and update the date",
            ctx.marks.get(at),
        )
    return ok


def stale_lines(data: CrisisData, today: date) -> list[tuple[str, CrisisLine]]:
    """Every line (emergency numbers included) last checked more than a year before ``today``."""
    found = []
    for code, region in data.regions.items():
        for line in (region.emergency, *region.lines):
            if today - line.verified > STALE_AFTER:
                found.append((code, line))
    return found


def how_to_reach(line: CrisisLine) -> str:
    """``Call or text 988``, ``Call 116 123``, ``Call 13 11 14 or text 0477 13 11 14``."""
    if line.call and line.call == line.text:
        return f"Call or text {' or '.join(line.call)}"
    parts = []
    if line.call:
        parts.append(f"call {' or '.join(line.call)}")
    if line.text:
        parts.append(f"text {' or '.join(line.text)}")
    sentence = " or ".join(parts)
    return sentence[:1].upper() + sentence[1:]


# --- which region ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RegionChoice:
    """The region whose lines are shown, and what chose it (``None`` when nothing did)."""

    code: str | None
    source: RegionSource | None


def locale_region(env: Mapping[str, str]) -> str | None:
    """The territory of the locale, as POSIX picks it: ``LC_ALL``, then ``LC_MESSAGES``, then
    ``LANG``. ``en_AU.UTF-8`` gives AU; ``C``, ``POSIX`` and a bare ``en`` give nothing."""
    for name in LOCALE_VARIABLES:
        value = env.get(name, "")
        if not value:
            continue
        match = re.match(r"^[A-Za-z]{2,3}[_-]([A-Za-z]{2})(?:[.@]|$)", value)
        if match is None:
            return None
        code = match.group(1).upper()
        return code if code in ISO_REGIONS else None
    return None


def choose_region(
    clinic_region: str | None, chosen: str | None, env: Mapping[str, str]
) -> RegionChoice:
    """The clinic's region; else the patient's choice (``ELSEWHERE`` meaning none); else the
    locale's territory; else nothing."""
    if clinic_region:
        return RegionChoice(clinic_region, "clinic")
    if chosen == ELSEWHERE:
        return RegionChoice(None, "settings")
    if chosen in ISO_REGIONS:
        return RegionChoice(chosen, "settings")
    guessed = locale_region(env)
    if guessed:
        return RegionChoice(guessed, "locale")
    return RegionChoice(None, None)
