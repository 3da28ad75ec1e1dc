"""Load one script file: never a traceback, always every problem with its file:line:col."""

from __future__ import annotations

import dataclasses
import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from companion.script import model, yamlsafe
from companion.script.checker import Header, check
from companion.script.convert import INVALID, Context, convert
from companion.script.problems import Problem, has_errors, sorted_problems


@dataclass(frozen=True)
class LoadResult:
    """What loading a file gave: the script when it has no errors, and every problem found."""

    path: Path
    script: model.Script | None
    problems: list[Problem] = field(default_factory=list)
    sha256: str = ""
    meant_id: str | None = None
    """The id the file gives (read even when the file is broken): the script it was meant to
    be, or to replace."""
    meant_title: str | None = None
    """The title the file gives, read the same way."""

    @property
    def ok(self) -> bool:
        return self.script is not None


def load_script(
    path: Path,
    tracks: set[str] | None = None,
    today: date | None = None,
    shared: dict[str, str] | None = None,
) -> LoadResult:
    """Read, convert and check one script.

    ``tracks`` is the set of track ids in the sound catalog (``None`` skips the track check);
    ``shared`` are the clinic profile's variables, which take the place of the script's own.
    """
    with yamlsafe.paused_gc():
        return _load(path, tracks, today, shared or {})


BEFORE_ONLY = ("offer_before", "for_infusion")


def _load(
    path: Path, tracks: set[str] | None, today: date | None, shared: dict[str, str]
) -> LoadResult:
    ctx = Context(path, shared=frozenset(shared))
    text = ""
    try:
        text = yamlsafe.read_text(path)
        root = yamlsafe.parse(text)
    except yamlsafe.YamlError as exc:
        for each in exc.each():
            ctx.error("", each.message, each.mark)
        return LoadResult(path, None, ctx.problems, "", *_meant_from_text(text))
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if not isinstance(root, yamlsafe.Mapping):
        ctx.error(
            "", "a script is a mapping of keys (format, id, title, ...) at the top level", root.mark
        )
        return LoadResult(path, None, ctx.problems, digest)
    meant = _meant_from_tree(root)
    ctx.marks[""] = root.mark
    ctx.variables = {**_variables(root), **shared}
    ctx.mentioned_variables = _mentioned(root)
    script = convert(ctx, root, "", model.Script, {})
    if script is not INVALID and shared:
        script = dataclasses.replace(script, variables={**script.variables, **shared})
    if script is not INVALID:
        header = Header(script.phase, script.offer_after, script.support, _before_only(root))
        steps = list(enumerate(script.steps))
    else:
        header, steps = _salvage(path, root, ctx.variables)
    check(ctx, header, steps, tracks, today or date.today(), _raw_step_ids(root))
    problems = sorted_problems(ctx.problems)
    if script is INVALID or has_errors(problems):
        return LoadResult(path, None, problems, digest, *meant)
    return LoadResult(path, script, problems, digest, *meant)


_TOP_LEVEL = re.compile(r"^(id|title):[ \t]*(.*?)[ \t]*$", re.MULTILINE)


def _meant_from_text(text: str) -> tuple[str | None, str | None]:
    """The top-level ``id`` and ``title`` of a file YAML could not read, line by line."""
    found: dict[str, str] = {}
    for key, value in _TOP_LEVEL.findall(text):
        value = value.strip("\"'").strip()
        if value and key not in found:
            found[key] = value
    meant_id = found.get("id")
    if meant_id is not None and not re.match(model.ID_PATTERN, meant_id):
        meant_id = None
    return meant_id, found.get("title")


def _meant_from_tree(root: yamlsafe.Mapping) -> tuple[str | None, str | None]:
    values = []
    for key in ("id", "title"):
        node = root.get(key)
        text = node.text.strip() if isinstance(node, yamlsafe.Scalar) else ""
        values.append(text or None)
    meant_id, title = values
    if meant_id is not None and not re.match(model.ID_PATTERN, meant_id):
        meant_id = None
    return meant_id, title


def _raw_step_ids(root: yamlsafe.Mapping) -> dict[str, int]:
    """Every step id written in the file, broken steps included, with its first index."""
    steps = root.get("steps")
    if not isinstance(steps, yamlsafe.Sequence):
        return {}
    found: dict[str, int] = {}
    for index, item in enumerate(steps.items):
        node = item.get("id") if isinstance(item, yamlsafe.Mapping) else None
        if isinstance(node, yamlsafe.Scalar):
            found.setdefault(node.text, index)
    return found


def _mentioned(root: yamlsafe.Mapping) -> set[str]:
    """Every ``{name}`` written anywhere outside ``variables``, whether or not the part it is
    in loaded: a mistake elsewhere in a step must not make its variables look unused."""
    names: set[str] = set()
    pending: list[yamlsafe.Node] = [v for k, v in root.items if k.text != "variables"]
    while pending:
        node = pending.pop()
        if isinstance(node, yamlsafe.Scalar):
            names.update(name.strip() for _, name in model.placeholders(node.text))
        elif isinstance(node, yamlsafe.Mapping):
            pending.extend(v for _, v in node.items)
            # `body: {name}` unquoted is a mapping of one key; its one error says so.
            names.update(
                k.text for k, v in node.items if isinstance(v, yamlsafe.Scalar) and v.is_null
            )
        else:
            pending.extend(node.items)
    return names


def _variables(root: yamlsafe.Mapping) -> dict[str, str]:
    node = root.get("variables")
    if not isinstance(node, yamlsafe.Mapping):
        return {}
    return {k.text: v.text for k, v in node.items if isinstance(v, yamlsafe.Scalar)}


def _salvage(
    path: Path, root: yamlsafe.Mapping, variables: dict[str, str]
) -> tuple[Header, list[tuple[int, model.Step]]]:
    """The parts of a broken script that did convert, so that the whole-script checks still run
    on them and the therapist sees every problem at once."""
    scratch = Context(path, variables=variables, lenient=True)

    phase_node = root.get("phase")
    phase = phase_node.text if isinstance(phase_node, yamlsafe.Scalar) else None
    offer = root.get("offer_after")
    offer_text = offer.text if isinstance(offer, yamlsafe.Scalar) else None
    support_node = root.get("support")
    support: list[model.SupportEntry] = []
    if isinstance(support_node, yamlsafe.Sequence):
        for item in support_node.items:
            entry = convert(scratch, item, "support", model.SupportEntry, {})
            if entry is not INVALID:
                support.append(entry)
    steps: list[tuple[int, model.Step]] = []
    steps_node = root.get("steps")
    if isinstance(steps_node, yamlsafe.Sequence):
        for index, item in enumerate(steps_node.items):
            step = convert(scratch, item, f"steps[{index}]", model.Step, {})
            if step is not INVALID:
                steps.append((index, step))
    return Header(phase, offer_text, tuple(support), _before_only(root)), steps


def _before_only(root: yamlsafe.Mapping) -> tuple[str, ...]:
    return tuple(key for key in BEFORE_ONLY if root.get(key) is not None)
