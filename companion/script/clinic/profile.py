"""Load ``clinic.yaml``: never a traceback, always every problem with its file:line:col."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from companion.script import model, yamlsafe
from companion.script.clinic.installed import PROFILE_NAME
from companion.script.clinic.model import COMMON_SLIPS, ISO_REGIONS, ClinicProfile
from companion.script.convert import INVALID, Context, convert, did_you_mean
from companion.script.problems import Problem, has_errors, sorted_problems

__all__ = ["PROFILE_NAME", "ProfileResult", "load_profile"]
_CONTACT = re.compile(r"\d{3}|@|https?://|www\.", re.IGNORECASE)


@dataclass(frozen=True)
class ProfileResult:
    """The profile when it has no errors, and every problem found."""

    path: Path
    profile: ClinicProfile | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.profile is not None


def load_profile(
    path: Path,
    bundled_ids: Collection[str] | None = None,
    regions_with_lines: Collection[str] | None = None,
    today: date | None = None,
) -> ProfileResult:
    """Read, convert and check a clinic profile.

    ``bundled_ids`` are the ids ``hide`` may name (``None`` skips that check);
    ``regions_with_lines`` are the regions the app has crisis lines for.
    """
    ctx = Context(path)
    try:
        root = yamlsafe.load(path)
    except yamlsafe.YamlError as exc:
        ctx.error("", exc.message, exc.mark)
        return ProfileResult(path, None, ctx.problems)
    if not isinstance(root, yamlsafe.Mapping):
        ctx.error(
            "",
            "a clinic profile is a mapping of keys (format, name, region, ...) at the top level",
            root.mark,
        )
        return ProfileResult(path, None, ctx.problems)
    ctx.marks[""] = root.mark
    variables = root.get("variables")
    if isinstance(variables, yamlsafe.Mapping):
        ctx.variables = {
            k.text: v.text for k, v in variables.items if isinstance(v, yamlsafe.Scalar)
        }
    profile = convert(ctx, root, "", ClinicProfile, {})
    parts = profile if profile is not INVALID else _salvage(path, root, ctx.variables)
    _check(ctx, parts, bundled_ids, regions_with_lines, today or date.today())
    problems = sorted_problems(ctx.problems)
    if profile is INVALID or has_errors(problems):
        return ProfileResult(path, None, problems)
    return ProfileResult(path, profile, problems)


@dataclass(frozen=True)
class _Parts:
    """The parts of a broken profile that did convert, so that their checks still run."""

    region: str | None = None
    variables: dict[str, str] = field(default_factory=dict)
    support: tuple[model.SupportEntry, ...] = ()
    hide: tuple[str, ...] = ()


def _salvage(path: Path, root: yamlsafe.Mapping, variables: dict[str, str]) -> _Parts:
    scratch = Context(path, variables=variables, lenient=True)
    hints = {"region": str, "support": tuple[model.SupportEntry, ...], "hide": tuple[str, ...]}
    found: dict[str, object] = {}
    for name, annotation in hints.items():
        node = root.get(name)
        if node is not None:
            value = convert(scratch, node, name, annotation, {})
            if value is not INVALID:
                found[name] = value
    return _Parts(variables=variables, **found)  # type: ignore[arg-type]


def _check(
    ctx: Context,
    profile: ClinicProfile | _Parts,
    bundled_ids: Collection[str] | None,
    regions_with_lines: Collection[str] | None,
    today: date,
) -> None:
    region = profile.region
    if region is not None and region not in ISO_REGIONS:
        slip = COMMON_SLIPS.get(region)
        hint = f" (the code for it is '{slip}')" if slip else did_you_mean(region, ISO_REGIONS)
        ctx.error(
            "region", f"'{region}' is not an ISO 3166-1 region{hint}", ctx.marks.get("region")
        )
    elif region is not None and regions_with_lines is not None and region not in regions_with_lines:
        listed = ", ".join(sorted(regions_with_lines))
        ctx.warning(
            "region",
            f"the app has no crisis lines for '{region}' yet (it has {listed}); patients are "
            "pointed to their care team and their local emergency number",
            ctx.marks.get("region"),
        )
    seen: dict[str, int] = {}
    for index, script_id in enumerate(profile.hide):
        where = f"hide[{index}]"
        mark = ctx.marks.get(where)
        if not re.match(model.ID_PATTERN, script_id):
            ctx.error(where, f"'{script_id}' is not a script id", mark)
        elif script_id in seen:
            ctx.error(where, f"'{script_id}' is already hidden by hide[{seen[script_id]}]", mark)
        elif bundled_ids is not None and script_id not in bundled_ids:
            known = ", ".join(sorted(bundled_ids)) or "none"
            ctx.error(
                where,
                f"no bundled script '{script_id}'{did_you_mean(script_id, bundled_ids)}; "
                f"bundled: {known}",
                mark,
            )
        seen.setdefault(script_id, index)
    support_errors = any(p.where.startswith("support") for p in ctx.problems)
    if (
        profile.support
        and not support_errors
        and not any(
            _CONTACT.search(model.render(entry.contact, profile.variables))
            for entry in profile.support
        )
    ):
        ctx.warning(
            "support",
            "no support entry has a real contact (a phone number, an address or a web page)",
            ctx.marks.get("support"),
        )
    for index, entry in enumerate(profile.support):
        if entry.verified is not None and today - entry.verified > timedelta(days=365):
            where = f"support[{index}].verified"
            ctx.warning(
                where,
                f"'{entry.label}' was last checked on {entry.verified.isoformat()}, "
                "more than a year ago; check it is still right and update the date",
                ctx.marks.get(where),
            )
