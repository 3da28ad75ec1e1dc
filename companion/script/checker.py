"""Checks that need the whole script: ids, conditions, ranges, tracks and gentle warnings."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from companion.script import fit, model
from companion.script.convert import Context, did_you_mean


@dataclass(frozen=True)
class Header:
    """The top-level facts the checks need; any of them may be missing in a broken file."""

    phase: str | None
    offer_after: str | None
    support: tuple[model.SupportEntry, ...]
    before_only: tuple[str, ...] = ()
    """The before-script keys the file gives (``offer_before``, ``for_infusion``)."""


def check(
    ctx: Context,
    header: Header,
    steps: Iterable[tuple[int, model.Step]],
    tracks: set[str] | None,
    today: date,
    all_ids: dict[str, int] | None = None,
) -> None:
    """Record every problem that a single field cannot show on its own.

    ``all_ids`` are the ids of every step in the file with the index of the first step that
    uses each, broken ones included. A condition on a later step is told so even when that step
    has problems of its own; a condition on an earlier step that failed to load says nothing,
    since that step's own error is the one to fix.
    """
    _check_header(ctx, header, today)
    earlier: dict[str, tuple[int, model.Step]] = {}
    every = list(steps)
    positions = dict(all_ids or {})
    for index, step in every:
        positions.setdefault(step.id, index)
    for index, step in every:
        where = f"steps[{index}]"
        if step.id in earlier:
            ctx.error(
                f"{where}.id",
                f"step id '{step.id}' is already used by steps[{earlier[step.id][0]}]",
                ctx.marks.get(f"{where}.id"),
            )
        if step.when is not None:
            _check_condition(ctx, step.when, f"{where}.when", earlier, positions, index, step.id)
        _check_step(ctx, step, where, tracks)
        earlier.setdefault(step.id, (index, step))
    unused = set(ctx.variables) - ctx.used_variables - ctx.mentioned_variables - ctx.shared
    for name in sorted(unused):
        ctx.warning(
            f"variables.{name}",
            f"variable '{name}' is never used",
            ctx.marks.get(f"variables.{name}"),
        )


def _check_header(ctx: Context, header: Header, today: date) -> None:
    if header.phase == "after" and header.offer_after is None:
        ctx.warning(
            "",
            "an after-script has no 'offer_after', so it is never suggested at a time of its own",
            ctx.marks.get(""),
        )
    if header.phase == "before" and header.offer_after is not None:
        ctx.error(
            "offer_after",
            "is only for after-scripts (phase: after)",
            ctx.marks.get("offer_after"),
        )
    if header.phase == "after":
        for key in header.before_only:
            ctx.error(key, "is only for before-scripts (phase: before)", ctx.marks.get(key))
    for index, entry in enumerate(header.support):
        if entry.verified is not None and today - entry.verified > timedelta(days=365):
            where = f"support[{index}].verified"
            ctx.warning(
                where,
                f"'{entry.label}' was last checked on {entry.verified.isoformat()}, "
                "more than a year ago; check it is still right and update the date",
                ctx.marks.get(where),
            )


def _check_step(ctx: Context, step: model.Step, where: str, tracks: set[str] | None) -> None:
    for finding in step.findings():
        ctx.error(where + finding.where, finding.message, ctx.marks.get(where + finding.mark))
    for place, track in step.tracks():
        _check_track(ctx, track, where + place, tracks)
    over = fit.overflow(step, lambda text: model.render(text, ctx.variables))
    if over:
        room = fit.HEIGHT + fit.TITLE_LINES
        place = f"{where}.body" if isinstance(step, model.InfoStep) else where
        ctx.warning(
            place,
            f"takes about {room + over} lines at 80 columns, and {room} fit on an 80x24 "
            "screen; the patient would have to scroll to read the rest, so shorten it or "
            "split it into two steps",
            ctx.marks.get(place),
        )


def _check_track(ctx: Context, track: str, where: str, tracks: set[str] | None) -> None:
    if tracks is not None and track not in tracks:
        known = ", ".join(sorted(tracks)) or "none"
        ctx.error(
            where,
            f"no track '{track}' in the sound catalog{did_you_mean(track, tracks)}; known: {known}",
            ctx.marks.get(where),
        )


def _fits(op: model.Operator) -> list[str]:
    """The step types whose answer a condition with ``op`` may look at."""
    return [kind for kind, cls in model.STEP_TYPES.items() if op in cls.conditions]


def _fit_words(op: model.Operator) -> str:
    kinds = _fits(op)
    if len(kinds) == 1:
        return f"a {kinds[0]} step"
    if len(kinds) == 2:
        return f"a {kinds[0]} or {kinds[1]} step"
    return f"a step the patient answers ({', '.join(kinds[:-1])} or {kinds[-1]})"


def _check_condition(
    ctx: Context,
    condition: model.Condition,
    where: str,
    earlier: dict[str, tuple[int, model.Step]],
    positions: dict[str, int],
    here: int,
    own_id: str,
) -> None:
    if isinstance(condition, model.AllOf | model.AnyOf):
        key = "all" if isinstance(condition, model.AllOf) else "any"
        for index, inner in enumerate(condition.conditions):
            inner_where = f"{where}.{key}[{index}]"
            _check_condition(ctx, inner, inner_where, earlier, positions, here, own_id)
        return
    step_mark = ctx.marks.get(f"{where}.step")
    if condition.step not in earlier:
        if condition.step == own_id:
            message = f"a step cannot depend on its own answer ('{condition.step}')"
        elif positions.get(condition.step, here) < here:
            return  # an earlier step that failed to load: its own error says what to fix
        elif condition.step in positions:
            message = f"step '{condition.step}' comes after this one; a condition may only look at earlier steps"
        else:
            message = (
                f"no step '{condition.step}' before this one{did_you_mean(condition.step, earlier)}"
            )
        ctx.error(where, message, step_mark)
        return
    _, target = earlier[condition.step]
    op_where = f"{where}.{condition.op}"
    op_mark = ctx.marks.get(op_where)
    if condition.op not in target.conditions:
        ctx.error(
            where,
            f"'{condition.op}' needs {_fit_words(condition.op)}, and '{target.id}' is a {target.type} step",
            op_mark,
        )
        return
    problem = target.condition_problem(condition.op, condition.value, did_you_mean)
    if problem is not None:
        ctx.error(where, problem, op_mark)
