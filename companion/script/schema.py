"""A JSON Schema (draft 2020-12) of the script format, made from the model itself.

A therapist's editor (yaml-language-server) uses it to complete keys and to show each field's
description while typing. The loader stays the judge: a few rules (conditions only looking at
earlier steps, placeholders having variables) are beyond what a schema can say.
"""

from __future__ import annotations

import dataclasses
import inspect
import types
import typing
from datetime import date
from typing import Any, Literal

from companion.script import model

SCHEMA_ID = "https://companion.invalid/schema/script-v1.json"


def _describe(annotation: Any, meta: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    if annotation is model.Condition or annotation == model.Condition:
        return {"$ref": "#/$defs/condition"}
    if annotation == model.Step:
        return {"$ref": "#/$defs/step"}
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin in (types.UnionType, typing.Union):
        rest = [a for a in args if a is not type(None)]
        joined: Any = rest[0] if len(rest) == 1 else typing.Union[tuple(rest)]  # noqa: UP007
        inner = _describe(joined, meta, defs)
        return {"anyOf": [inner, {"type": "null"}]}
    if origin is Literal:
        if len(args) == 1:
            return {"const": args[0]}
        return {"enum": list(args)}
    if origin is tuple:
        out: dict[str, Any] = {"type": "array", "items": _describe(args[0], {}, defs)}
        if meta.get("min_items"):
            out["minItems"] = meta["min_items"]
        return out
    if origin is dict:
        keys = {"pattern": "^-?[0-9]+$"} if args[0] is int else {"pattern": model.VARIABLE_PATTERN}
        return {
            "type": "object",
            "propertyNames": keys,
            "additionalProperties": {"type": ["string", "number", "boolean"]},
        }
    if annotation is str:
        out = {"type": "string", "minLength": 1}
        if meta.get("pattern"):
            out["pattern"] = meta["pattern"]
        return out
    if annotation is bool:
        return {"type": "boolean"}
    if annotation in (int, float):
        out = {"type": "integer" if annotation is int else "number"}
        if meta.get("minimum") is not None:
            out["minimum"] = meta["minimum"]
        if meta.get("maximum") is not None:
            out["maximum"] = meta["maximum"]
        return out
    if annotation is date:
        return {"type": "string", "format": "date"}
    if dataclasses.is_dataclass(annotation):
        cls = typing.cast(type, annotation)
        name = _def_name(cls)
        if name not in defs:
            defs[name] = {}
            defs[name] = _record(cls, defs)
        return {"$ref": f"#/$defs/{name}"}
    raise TypeError(f"no schema for {annotation!r}")


def _def_name(cls: type) -> str:
    name = cls.__name__
    return name[0].lower() + name[1:]


def _record(cls: type, defs: dict[str, Any]) -> dict[str, Any]:
    hints = typing.get_type_hints(cls, vars(model))
    properties: dict[str, Any] = {}
    required: list[str] = []
    for f in dataclasses.fields(cls):
        meta = dict(f.metadata)
        prop = _describe(hints[f.name], meta, defs)
        if meta.get("doc"):
            prop = {"description": meta["doc"], **prop}
        if f.default is not dataclasses.MISSING and f.default is not None:
            prop["default"] = f.default
        properties[f.name] = prop
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            required.append(f.name)
    out: dict[str, Any] = {"type": "object"}
    doc = inspect.getdoc(cls)
    if doc and cls.__doc__:
        out["description"] = doc.splitlines()[0]
    out |= {"properties": properties, "required": required, "additionalProperties": False}
    return out


def _condition_defs() -> dict[str, Any]:
    tests: list[dict[str, Any]] = []
    value_schemas: dict[str, dict[str, Any]] = {
        "at_least": {
            "type": "integer",
            "description": "Holds when the scale answer (or questionnaire total) is this or higher.",
        },
        "at_most": {
            "type": "integer",
            "description": "Holds when the scale answer (or questionnaire total) is this or lower.",
        },
        "band": {
            "type": "string",
            "description": "Holds when the questionnaire's total falls in the band with this label.",
        },
        "includes": {"type": "string", "description": "Holds when this option was chosen."},
        "checked": {"type": "string", "description": "Holds when this checklist item was ticked."},
        "answered": {
            "type": "boolean",
            "description": "Holds when the step was (true) or was not (false) answered.",
        },
    }
    step = {"type": "string", "pattern": model.ID_PATTERN, "description": "An earlier step's id."}
    for op, value in value_schemas.items():
        tests.append(
            {
                "type": "object",
                "properties": {"step": step, op: value},
                "required": ["step", op],
                "additionalProperties": False,
            }
        )
    group = {"type": "array", "items": {"$ref": "#/$defs/condition"}, "minItems": 1}
    tests.append(
        {
            "type": "object",
            "description": "Holds when every condition in the list holds.",
            "properties": {"all": {"description": "Conditions that must all hold.", **group}},
            "required": ["all"],
            "additionalProperties": False,
        }
    )
    tests.append(
        {
            "type": "object",
            "description": "Holds when at least one condition in the list holds.",
            "properties": {"any": {"description": "Conditions of which one must hold.", **group}},
            "required": ["any"],
            "additionalProperties": False,
        }
    )
    return {
        "description": "Show the step only when this holds (earlier steps only).",
        "oneOf": tests,
    }


def script_schema() -> dict[str, Any]:
    """The whole schema, ready for ``json.dumps``."""
    defs: dict[str, Any] = {"condition": _condition_defs()}
    steps = [_describe(cls, {}, defs) for cls in model.STEP_TYPES.values()]
    defs["step"] = {"description": "One step of the script.", "oneOf": steps}
    root = _record(model.Script, defs)
    threshold = defs.get("threshold")
    if threshold is not None:
        threshold["oneOf"] = [{"required": ["at_least"]}, {"required": ["at_most"]}]
    breathing = defs.get("breathingStep")
    if breathing is not None:
        breathing["not"] = {
            "anyOf": [{"required": ["preset", "pattern"]}, {"required": ["cycles", "minutes"]}]
        }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Companion script (format 1)",
        **root,
        "$defs": defs,
    }


CLINIC_SCHEMA_ID = "https://companion.invalid/schema/clinic-v1.json"


def clinic_schema() -> dict[str, Any]:
    """The JSON Schema of ``clinic.yaml``, from the same ``spec()`` fields the loader reads."""
    from companion.script.clinic.model import ClinicProfile

    defs: dict[str, Any] = {}
    root = _record(ClinicProfile, defs)
    root["properties"]["hide"]["items"]["pattern"] = model.ID_PATTERN
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": CLINIC_SCHEMA_ID,
        "title": "Companion clinic profile (format 1)",
        **root,
        "$defs": defs,
    }
