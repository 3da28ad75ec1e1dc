"""Turn a node tree into the script model, collecting every problem with its place.

The conversion is driven by the model's dataclass fields and their ``spec`` metadata, so a new
field in :mod:`companion.script.model` is read, checked and described without new code here.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import sys
import types
import typing
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

from companion.script import model
from companion.script.problems import Mark, Problem, Severity
from companion.script.yamlsafe import Mapping, Node, Scalar, Sequence


class _Invalid:
    """Stands for a value that could not be converted (its problem is already recorded)."""

    def __repr__(self) -> str:
        return "INVALID"


INVALID: Any = _Invalid()
_INT = re.compile(r"^[-+]?[0-9]+$")
_FLOAT = re.compile(r"^[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$")
_BOOLS = {"true": True, "false": False}


def did_you_mean(word: str, choices: typing.Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


@dataclass
class Context:
    """What a conversion needs and what it finds."""

    path: Path
    variables: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    marks: dict[str, Mark] = field(default_factory=dict)
    """The place of every value, by its path in the script (``steps[2].when``)."""
    used_variables: set[str] = field(default_factory=set)
    mentioned_variables: set[str] = field(default_factory=set)
    """Every ``{name}`` written in the file, in parts that loaded or not."""
    shared: frozenset[str] = frozenset()
    """Variables that come from the clinic profile: usable here, but not this file's to use up."""
    lenient: bool = False
    """Pass over unknown keys quietly (used to salvage parts of a broken script for more checks)."""

    def error(self, where: str, message: str, mark: Mark | None) -> Any:
        self.problems.append(Problem(self.path, mark, Severity.ERROR, where, message))
        return INVALID

    def warning(self, where: str, message: str, mark: Mark | None) -> None:
        self.problems.append(Problem(self.path, mark, Severity.WARNING, where, message))


def _kind(node: Node) -> str:
    if isinstance(node, Mapping):
        return "a mapping (key: value lines)"
    if isinstance(node, Sequence):
        return "a list"
    return "nothing" if node.is_null else f"'{_short(node.text)}'"


def _short(text: str, limit: int = 40) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _text(ctx: Context, node: Node, where: str, meta: dict[str, Any]) -> Any:
    if isinstance(node, Mapping) and meta.get("text"):
        return ctx.error(
            where,
            "should be text, not a mapping; text that starts with '{' needs double quotes "
            "around it",
            node.mark,
        )
    if not isinstance(node, Scalar) or node.is_null:
        return ctx.error(where, f"should be text, not {_kind(node)}", node.mark)
    if not node.text.strip():
        return ctx.error(where, "is empty; write some text or leave the key out", node.mark)
    if model.BLANK.search(node.text):
        return ctx.error(
            where,
            "is still a blank from the skeleton: fill it in (an instrument's items and answers"
            " come from its official form)",
            node.mark,
        )
    pattern = meta.get("pattern")
    if pattern and not re.match(pattern, node.text):
        hint = meta.get("pattern_hint")
        if hint is None and pattern == model.ID_PATTERN:
            hint = "lowercase letters, digits and single hyphens, such as 'before-sleep'"
        return ctx.error(
            where, f"'{_short(node.text)}' should be {hint or 'like ' + pattern}", node.mark
        )
    if meta.get("text"):
        _check_placeholders(ctx, node, where)
        _check_typography(ctx, node, where)
    return node.text


_CURLY_OPEN = "\u201c\u2018"
_CURLY_ALL = "\u201c\u201d\u2018\u2019"
_LINK = re.compile(r"\[([^\]\n]+)\]\(\s*([^)\s]+)[^)]*\)")


def _check_typography(ctx: Context, node: Scalar, where: str) -> None:
    """Gentle warnings for text that will not look as its author meant."""
    text = node.text
    if node.plain and text[:1] in _CURLY_OPEN and text.rstrip()[-1:] in _CURLY_ALL:
        ctx.warning(
            where,
            "starts and ends with curly quotes (\u201c \u201d), which YAML keeps as part of the "
            "text, so the patient sees them; if you meant to quote the text, type straight "
            'double quotes (") instead',
            node.mark,
        )
    link = _LINK.search(text)
    if link is not None:
        single_line = node.plain and "\n" not in text
        mark = Mark(node.mark.line, node.mark.column + link.start()) if single_line else node.mark
        markdown = where.endswith(".body")  # only a body is Markdown; other text shows as typed
        label, address = link.group(1).strip(), link.group(2)
        bare = address.removeprefix("mailto:").removeprefix("tel:")
        same = label in (address, bare) or f"http://{label}" == address
        shown = label if same else f"{label} ({address})"
        seen = shown if markdown else link.group(0)
        ctx.warning(
            where,
            f"a Markdown link is never opened: the patient sees it as plain text, "
            f"'{_short(seen, 60)}'; write the address out in words if they need it",
            mark,
        )


def _check_placeholders(ctx: Context, node: Scalar, where: str) -> None:
    for offset, name in model.placeholders(node.text):
        name = name.strip()
        single_line = node.plain and "\n" not in node.text
        mark = Mark(node.mark.line, node.mark.column + offset) if single_line else node.mark
        if not re.match(model.VARIABLE_PATTERN, name):
            ctx.error(
                where,
                f"'{{{name}}}' is not a placeholder name; write '{{{{' and '}}}}' for braces",
                mark,
            )
        elif name not in ctx.variables:
            ctx.error(
                where,
                f"placeholder '{{{name}}}' has no variable"
                f"{did_you_mean(name, ctx.variables)}; add it under 'variables'",
                mark,
            )
        else:
            ctx.used_variables.add(name)


def _number(ctx: Context, node: Node, where: str, meta: dict[str, Any], integer: bool) -> Any:
    what = "a whole number" if integer else "a number"
    if not isinstance(node, Scalar) or node.is_null:
        return ctx.error(where, f"should be {what}, not {_kind(node)}", node.mark)
    text = node.text.strip()
    if not (_INT if integer else _FLOAT).match(text):
        return ctx.error(where, f"should be {what}, not '{_short(text)}'", node.mark)
    value: int | float = int(text) if integer else float(text)
    low, high = meta.get("minimum"), meta.get("maximum")
    if (low is not None and value < low) or (high is not None and value > high):
        return ctx.error(where, f"{text} is out of range ({_num(low)} to {_num(high)})", node.mark)
    return value


def _num(value: float | None) -> str:
    if value is None:
        return "any"
    return str(int(value)) if float(value).is_integer() else str(value)


def _bool(ctx: Context, node: Node, where: str) -> Any:
    if isinstance(node, Scalar) and node.text.lower() in _BOOLS:
        return _BOOLS[node.text.lower()]
    if isinstance(node, Scalar) and node.text.lower() in _BOOL_WORDS:
        meant = _BOOL_WORDS[node.text.lower()]
        return ctx.error(
            where, f"should be true or false, not {_kind(node)}; write {meant}", node.mark
        )
    return ctx.error(where, f"should be true or false, not {_kind(node)}", node.mark)


_BOOL_WORDS = {
    "yes": "true",
    "y": "true",
    "on": "true",
    "no": "false",
    "n": "false",
    "off": "false",
}


def _date(ctx: Context, node: Node, where: str) -> Any:
    if isinstance(node, Scalar):
        try:
            return date.fromisoformat(node.text.strip())
        except ValueError:
            pass
    return ctx.error(where, f"should be a date like 2026-11-01, not {_kind(node)}", node.mark)


def _literal(ctx: Context, node: Node, where: str, allowed: tuple[Any, ...]) -> Any:
    if isinstance(node, Scalar):
        for value in allowed:
            if node.text == str(value):
                return value
        listed = ", ".join(str(a) for a in allowed)
        hint = did_you_mean(node.text, [str(a) for a in allowed])
        if where == "format" or where.endswith(".format"):
            return ctx.error(
                where,
                f"format {_kind(node)} is not known; this app reads format {listed}",
                node.mark,
            )
        return ctx.error(where, f"{_kind(node)} is not one of: {listed}{hint}", node.mark)
    return ctx.error(where, f"should be one of: {', '.join(map(str, allowed))}", node.mark)


def _sequence(ctx: Context, node: Node, where: str, item_type: Any, meta: dict[str, Any]) -> Any:
    if not isinstance(node, Sequence):
        return ctx.error(
            where, f"should be a list (lines starting with '- '), not {_kind(node)}", node.mark
        )
    min_items = meta.get("min_items")
    if min_items and len(node.items) < min_items:
        return ctx.error(
            where, f"needs at least {min_items} entr{'y' if min_items == 1 else 'ies'}", node.mark
        )
    values = []
    for index, item in enumerate(node.items):
        item_where = f"{where}[{index}]"
        ctx.marks[item_where] = item.mark
        values.append(convert(ctx, item, item_where, item_type, {}))
    if any(v is INVALID for v in values):
        return INVALID
    return tuple(values)


def _dict(ctx: Context, node: Node, where: str, key_type: Any, meta: dict[str, Any]) -> Any:
    if isinstance(node, Sequence) and all(
        isinstance(item, Mapping) and len(item.items) == 1 for item in node.items
    ):
        return ctx.error(
            where,
            "should be key: value lines, not a list; take the '- ' off the start of each line",
            node.mark,
        )
    if not isinstance(node, Mapping):
        return ctx.error(
            where, f"should be a mapping (key: value lines), not {_kind(node)}", node.mark
        )
    result: dict[Any, str] = {}
    ok = True
    for key, value in node.items:
        key_where = f"{where}.{key.text}"
        ctx.marks[key_where] = value.mark
        if key_type is int:
            if not _INT.match(key.text.strip()):
                ok = False
                ctx.error(
                    key_where,
                    f"'{key.text}' should be a whole number (a value on the scale)",
                    key.mark,
                )
                continue
            converted_key: Any = int(key.text)
        else:
            if not re.match(model.VARIABLE_PATTERN, key.text):
                ok = False
                ctx.error(
                    key_where,
                    f"'{key.text}' should be a name of lowercase letters, digits and _",
                    key.mark,
                )
                continue
            converted_key = key.text
        text = _text(ctx, value, key_where, {"text": meta.get("text", False)})
        if text is INVALID:
            ok = False
        else:
            result[converted_key] = text
    return result if ok else INVALID


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    if cls not in _HINTS:
        namespace = {**vars(model), **vars(sys.modules[cls.__module__])}
        _HINTS[cls] = typing.get_type_hints(cls, namespace)
    return _HINTS[cls]


def _record(ctx: Context, node: Node, where: str, cls: type) -> Any:
    if not isinstance(node, Mapping):
        example = getattr(cls, "EXAMPLE", None)
        such_as = f", such as {example}" if example else ""
        return ctx.error(
            where, f"should be a mapping (key: value lines){such_as}, not {_kind(node)}", node.mark
        )
    hints = _hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}
    values: dict[str, Any] = {}
    ok = True
    for key, value in node.items:
        key_where = _join(where, key.text)
        if key.text not in fields:
            if ctx.lenient:
                continue
            ok = False
            ctx.error(
                where,
                f"unknown key '{key.text}'{did_you_mean(key.text, fields)}",
                key.mark,
            )
            continue
        ctx.marks[key_where] = value.mark
        f = fields[key.text]
        if isinstance(value, Scalar) and value.is_null and f.default is None:
            values[key.text] = None
            continue
        converted = convert(ctx, value, key_where, hints[key.text], dict(f.metadata))
        if converted is INVALID:
            ok = False
        else:
            values[key.text] = converted
    misspelt = {
        difflib.get_close_matches(key.text, list(fields), n=1, cutoff=0.6)[0]
        for key, _ in node.items
        if key.text not in fields
        and difflib.get_close_matches(key.text, list(fields), n=1, cutoff=0.6)
    }
    for name, f in fields.items():
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        if required and node.key(name) is None:
            ok = False
            if name not in misspelt:
                ctx.error(where, f"'{name}' is missing", node.mark)
    if not ok:
        return INVALID
    return cls(**values)


def _step(ctx: Context, node: Node, where: str) -> Any:
    if not isinstance(node, Mapping):
        return ctx.error(
            where, f"a step should be a mapping with 'id' and 'type', not {_kind(node)}", node.mark
        )
    type_node = node.get("type")
    if type_node is None:
        return ctx.error(
            where, f"'type' is missing (one of: {', '.join(model.STEP_TYPES)})", node.mark
        )
    if not isinstance(type_node, Scalar) or type_node.text not in model.STEP_TYPES:
        text = type_node.text if isinstance(type_node, Scalar) else ""
        ctx.error(
            _join(where, "type"),
            f"unknown step type {_kind(type_node)}{did_you_mean(text, model.STEP_TYPES)}; "
            f"one of: {', '.join(model.STEP_TYPES)}",
            type_node.mark,
        )
        return INVALID
    return _record(ctx, node, where, model.STEP_TYPES[type_node.text])


def _condition(ctx: Context, node: Node, where: str) -> Any:
    if not isinstance(node, Mapping):
        return ctx.error(
            where,
            f"a condition should be a mapping such as {{step: mood, at_least: 7}}, not {_kind(node)}",
            node.mark,
        )
    keys = [k.text for k, _ in node.items]
    groups = [k for k in keys if k in ("all", "any")]
    if groups:
        if len(keys) != 1:
            return ctx.error(
                where,
                f"'{groups[0]}' stands alone: put the other conditions inside its list",
                node.mark,
            )
        inner = node.items[0][1]
        inner_where = _join(where, groups[0])
        ctx.marks[inner_where] = inner.mark
        items = _sequence(ctx, inner, inner_where, model.Condition, {"min_items": 1})
        if items is INVALID:
            return INVALID
        return (model.AllOf if groups[0] == "all" else model.AnyOf)(items)
    ok = True
    for key, value in node.items:
        if key.text != "step" and key.text not in model.OPERATORS:
            ok = False
            known = ["step", *model.OPERATORS, "all", "any"]
            ctx.error(where, f"unknown key '{key.text}'{did_you_mean(key.text, known)}", key.mark)
        else:
            ctx.marks[_join(where, key.text)] = value.mark
    step_node = node.get("step")
    ops = [k for k in keys if k in model.OPERATORS]
    if step_node is None:
        return ctx.error(
            where, "'step' is missing: which earlier step does this look at?", node.mark
        )
    if len(ops) != 1:
        listed = ", ".join(model.OPERATORS)
        return ctx.error(where, f"give exactly one test ({listed}); found {len(ops)}", node.mark)
    if not ok:
        return INVALID
    step_id = _text(ctx, step_node, _join(where, "step"), {"pattern": model.ID_PATTERN})
    op = ops[0]
    value_node = node.get(op)
    assert value_node is not None
    op_where = _join(where, op)
    result: Any
    if op in ("at_least", "at_most"):
        result = _number(ctx, value_node, op_where, {}, integer=True)
    elif op == "answered":
        result = _bool(ctx, value_node, op_where)
    elif op == "band":
        result = _text(ctx, value_node, op_where, {})
    else:
        result = _text(ctx, value_node, op_where, {"pattern": model.ID_PATTERN})
    if step_id is INVALID or result is INVALID:
        return INVALID
    return model.StepCondition(step_id, op, result)


def convert(ctx: Context, node: Node, where: str, annotation: Any, meta: dict[str, Any]) -> Any:
    """Convert ``node`` to ``annotation``; on failure record problems and return ``INVALID``."""
    ctx.marks.setdefault(where, node.mark)
    if annotation is model.Condition or annotation == model.Condition:
        return _condition(ctx, node, where)
    if annotation == model.Step:
        return _step(ctx, node, where)
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin in (types.UnionType, typing.Union):
        rest = [a for a in args if a is not type(None)]
        inner: Any = rest[0] if len(rest) == 1 else typing.Union[tuple(rest)]  # noqa: UP007
        if isinstance(node, Scalar) and node.is_null:
            return ctx.error(where, "has no value; give one or leave the key out", node.mark)
        return convert(ctx, node, where, inner, meta)
    if origin is Literal:
        return _literal(ctx, node, where, args)
    if origin is tuple:
        return _sequence(ctx, node, where, args[0], meta)
    if origin is dict:
        return _dict(ctx, node, where, args[0], meta)
    if annotation is str:
        return _text(ctx, node, where, meta)
    if annotation is bool:
        return _bool(ctx, node, where)
    if annotation is int:
        return _number(ctx, node, where, meta, integer=True)
    if annotation is float:
        return _number(ctx, node, where, meta, integer=False)
    if annotation is date:
        return _date(ctx, node, where)
    if dataclasses.is_dataclass(annotation):
        return _record(ctx, node, where, typing.cast(type, annotation))
    raise TypeError(f"the model uses a type the loader does not know: {annotation!r}")
