"""Scored questionnaires as a FHIR R4 Bundle, for a clinic's records system.

Built as plain JSON-ready dicts: the app needs no FHIR library (the tests validate every
resource with one). Only scored questionnaires leave the journal this way, never the patient's
own words, and nothing names the patient unless they gave an identifier from their clinic.

- One **Questionnaire** for each questionnaire used, as the patient saw it: its canonical URL is
  made from the script id, the step id and a hash of the definition (items, answers, scoring,
  bands), and the hash is its version too.
- One **QuestionnaireResponse** for each questionnaire in each run: every answered item, and the
  total once every item was answered.
- One **Observation** for each total: the LOINC code where the instrument has one, the band as
  its interpretation, derived from the response.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from companion.journal.codec import time_text
from companion.journal.export import RunRecord, collect
from companion.journal.model import Answer, RunInfo, Store, now
from companion.script.instruments import INSTRUMENTS
from companion.script.model import Score

BASE = "https://companion.invalid/fhir"
"""Where the companion's own identifiers live: ``.invalid`` never resolves, so no system takes
them for a place to fetch from."""
LOINC = "http://loinc.org"
ORDINAL = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
SURVEY = {
    "coding": [
        {
            "system": "http://terminology.hl7.org/CodeSystem/observation-category",
            "code": "survey",
            "display": "Survey",
        }
    ]
}
IDENTIFIER_SYSTEM = f"{BASE}/clinic-identifier"
TOTAL = "total"
"""The link id of the total in every Questionnaire and QuestionnaireResponse."""
_NAMESPACE = uuid.UUID("5b0f4f64-8d0e-4a57-9a38-3c8c5f1f3a6e")


def _urn(*parts: object) -> str:
    """A stable ``urn:uuid`` for one resource of the bundle (the same journal gives the same
    bundle, so a records system can recognise what it has already imported)."""
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, '/'.join(str(p) for p in parts))}"


def canonical(script_id: str, step_id: str, score: Score) -> str:
    """The Questionnaire's canonical URL: the script, the step, and the definition's hash."""
    return f"{BASE}/Questionnaire/{script_id}/{step_id}/{score.definition}"


def _answer_coding(url: str, value: int, text: str) -> dict[str, Any]:
    return {"system": f"{url}/answers", "code": str(value), "display": text}


def _total_code(score: Score) -> dict[str, Any] | None:
    known = INSTRUMENTS.get(score.instrument or "")
    if known is None or known.loinc is None:
        return None
    code, display = known.loinc
    return {"system": LOINC, "code": code, "display": display}


def questionnaire(script_id: str, step_id: str, score: Score) -> dict[str, Any]:
    """The Questionnaire a response answers, made from the score's words as seen."""
    url = canonical(script_id, step_id, score)
    items: list[dict[str, Any]] = []
    for item in score.items:
        options = [
            {
                "extension": [{"url": ORDINAL, "valueDecimal": value}],
                "valueCoding": _answer_coding(url, value, text),
            }
            for value, text in score.choices
        ]
        items.append(
            {
                "linkId": item.id,
                "text": item.text,
                "type": "choice",
                "required": True,
                "answerOption": options,
            }
        )
    total: dict[str, Any] = {"linkId": TOTAL, "text": "Total", "type": "integer", "readOnly": True}
    code = _total_code(score)
    if code is not None:
        total["code"] = [code]
    items.append(total)
    return {
        "resourceType": "Questionnaire",
        "id": f"{script_id}.{step_id}.{score.definition}"[:64],
        "url": url,
        "version": score.definition,
        "title": score.title,
        "status": "active",
        "subjectType": ["Patient"],
        "item": items,
    }


def response(run: RunInfo, answer: Answer, score: Score, patient: str | None) -> dict[str, Any]:
    url = canonical(run.script_id, answer.step_id, score)
    items: list[dict[str, Any]] = []
    for item in score.items:
        if item.value is None:
            continue
        coding = _answer_coding(url, item.value, item.answer or str(item.value))
        items.append({"linkId": item.id, "text": item.text, "answer": [{"valueCoding": coding}]})
    if score.total is not None:
        items.append({"linkId": TOTAL, "text": "Total", "answer": [{"valueInteger": score.total}]})
    resource: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "identifier": {"system": f"{BASE}/run", "value": f"{run.id}.{answer.step_id}"},
        "questionnaire": f"{url}|{score.definition}",
        "status": "completed" if score.total is not None else "in-progress",
        "authored": time_text(answer.answered_at),
    }
    if patient is not None:
        resource["subject"] = {"reference": patient}
        resource["author"] = {"reference": patient}
    resource["item"] = items
    return resource


def observation(
    answer: Answer, score: Score, derived_from: str, patient: str | None
) -> dict[str, Any]:
    code = _total_code(score)
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "status": "final",
        "category": [SURVEY],
        "code": {"coding": [code], "text": score.title} if code else {"text": score.title},
    }
    if patient is not None:
        resource["subject"] = {"reference": patient}
    resource["effectiveDateTime"] = time_text(answer.answered_at)
    resource["valueInteger"] = score.total
    if score.band is not None:
        resource["interpretation"] = [{"text": score.band}]
    resource["derivedFrom"] = [{"reference": derived_from}]
    return resource


@dataclass(frozen=True)
class Scored:
    run: RunInfo
    answer: Answer
    score: Score


def scored(records: Iterable[RunRecord]) -> list[Scored]:
    """Every scored answer with at least one item answered, oldest run first."""
    found = []
    for record in records:
        for answer in record.answers:
            score = answer.score
            if score is not None and any(i.value is not None for i in score.items):
                found.append(Scored(record.run, answer, score))
    return found


def bundle(
    records: Iterable[RunRecord], identifier: str | None = None, generated: datetime | None = None
) -> dict[str, Any]:
    """The Bundle (type ``collection``) of every scored questionnaire in ``records``."""
    entries: list[dict[str, Any]] = []
    patient: str | None = None
    if identifier:
        patient = _urn("patient", identifier)
        entries.append(
            {
                "fullUrl": patient,
                "resource": {
                    "resourceType": "Patient",
                    "identifier": [{"system": IDENTIFIER_SYSTEM, "value": identifier}],
                },
            }
        )
    found = scored(records)
    seen: set[str] = set()
    for one in found:
        url = canonical(one.run.script_id, one.answer.step_id, one.score)
        if url not in seen:
            seen.add(url)
            resource = questionnaire(one.run.script_id, one.answer.step_id, one.score)
            entries.append({"fullUrl": _urn("questionnaire", url), "resource": resource})
    for one in found:
        full = _urn("response", one.run.id, one.answer.step_id)
        entries.append(
            {"fullUrl": full, "resource": response(one.run, one.answer, one.score, patient)}
        )
        if one.score.total is not None:
            entries.append(
                {
                    "fullUrl": _urn("observation", one.run.id, one.answer.step_id),
                    "resource": observation(one.answer, one.score, full, patient),
                }
            )
    document: dict[str, Any] = {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": time_text(generated or now()),
    }
    if entries:  # FHIR's JSON has no empty lists: an empty journal gives a bundle without any
        document["entry"] = entries
    return document


def export_fhir(store: Store, since: date | None = None, identifier: str | None = None) -> str:
    """The journal's scored questionnaires as a FHIR R4 Bundle in JSON."""
    records = collect(store, since, drafts=False)
    return json.dumps(bundle(records, identifier), ensure_ascii=False, indent=2) + "\n"
