"""The FHIR export of scored questionnaires: every resource validated by fhir.resources (R4
models, 4.0.1), references that resolve, LOINC codes where verified, and nothing that names
the patient unless they gave their clinic's identifier."""

from __future__ import annotations

import json
import stat
from pathlib import Path
from typing import Any

import fhir.resources
import pytest
from fhir.resources import get_fhir_model_class

from companion.journal import open_journal
from companion.journal.export import export_json, export_markdown
from companion.journal.fhir import export_fhir
from tests.helpers.journals import answer
from tests.helpers.questionnaires import (
    MOOD,
    all_items,
    answer_run,
    filled_script,
    loaded,
    questionnaire_of,
)
from tests.helpers.terminal import companion

SECRET = "the lighthouse keeper's name is Ada"


def by_type(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    entries = bundle.get("entry", [])
    return [e["resource"] for e in entries if e["resource"]["resourceType"] == kind]


def validate(bundle: dict[str, Any]) -> None:
    """Every resource against the R4 models, one by one and inside the Bundle."""
    assert fhir.resources.__fhir_version__ == "4.0.1"
    get_fhir_model_class("Bundle").parse_obj(bundle)
    for entry in bundle["entry"]:
        resource = entry["resource"]
        get_fhir_model_class(resource["resourceType"]).parse_obj(resource)


def course(tmp_path: Path) -> None:
    """PHQ-9 every two weeks over a course (falling totals), and the weekly mood questionnaire,
    one of them left half done; a text answer with the patient's own words beside them."""
    phq = filled_script(tmp_path, "phq-9")
    step = questionnaire_of(phq)
    mood = loaded(MOOD)
    with open_journal() as store:
        for week, value in enumerate([3, 2, 2, 1, 0]):
            answers = all_items(step, value)
            answers["item-1"] = 3 if value < 3 else 2
            answer_run(store, phq, answers, 2 * week, [answer("words", SECRET)])
        answer_run(store, mood, {"sleep": 2, "unsafe": 1}, 1)
        answer_run(store, mood, {"sleep": 1}, 3)


def bundle(identifier: str | None = None) -> dict[str, Any]:
    with open_journal() as store:
        data: dict[str, Any] = json.loads(export_fhir(store, identifier=identifier))
    return data


def test_the_bundle_and_every_resource_in_it_are_valid_r4(tmp_path: Path) -> None:
    course(tmp_path)
    data = bundle()
    validate(data)
    assert data["type"] == "collection"
    kinds = [e["resource"]["resourceType"] for e in data["entry"]]
    assert kinds.count("Questionnaire") == 2  # PHQ-9 and the mood questionnaire, once each
    assert kinds.count("QuestionnaireResponse") == 7  # one per questionnaire answered
    assert kinds.count("Observation") == 6  # one per total: the half-done one has none
    assert "Patient" not in kinds


def test_observations_carry_the_total_the_band_and_the_loinc_code_where_verified(
    tmp_path: Path,
) -> None:
    course(tmp_path)
    observations = by_type(bundle(), "Observation")
    phq = [o for o in observations if "coding" in o["code"]]
    assert [o["valueInteger"] for o in phq] == [26, 19, 19, 11, 3]
    assert [o["interpretation"][0]["text"] for o in phq] == [
        "Severe",
        "Moderately severe",
        "Moderately severe",
        "Moderate",
        "Minimal",
    ]
    assert {(c["system"], c["code"]) for o in phq for c in o["code"]["coding"]} == {
        ("http://loinc.org", "44261-6")
    }
    mood = [o for o in observations if "coding" not in o["code"]]
    assert [(o["valueInteger"], o["interpretation"][0]["text"]) for o in mood] == [(3, "Heavy")]
    assert mood[0]["code"]["text"] == "The past week"
    for observation in observations:
        assert observation["status"] == "final"
        assert observation["category"][0]["coding"][0]["code"] == "survey"


def test_references_resolve_inside_the_bundle(tmp_path: Path) -> None:
    course(tmp_path)
    data = bundle()
    full_urls = {e["fullUrl"] for e in data["entry"]}
    questionnaires = {f"{q['url']}|{q['version']}": q for q in by_type(data, "Questionnaire")}
    for response in by_type(data, "QuestionnaireResponse"):
        asked = questionnaires[response["questionnaire"]]
        links = {item["linkId"] for item in asked["item"]}
        assert {item["linkId"] for item in response["item"]} <= links
    for observation in by_type(data, "Observation"):
        assert observation["derivedFrom"][0]["reference"] in full_urls


def test_the_canonical_url_is_made_of_the_script_id_and_the_definition_hash(
    tmp_path: Path,
) -> None:
    course(tmp_path)
    urls = sorted(q["url"] for q in by_type(bundle(), "Questionnaire"))
    assert urls[0].startswith("https://companion.invalid/fhir/Questionnaire/mood-week/mood/")
    assert urls[1].startswith("https://companion.invalid/fhir/Questionnaire/phq-9-check-in/phq-9/")
    assert all(len(url.rsplit("/", 1)[1]) == 16 for url in urls)


def test_a_half_done_questionnaire_is_in_progress_with_its_answers_and_no_total(
    tmp_path: Path,
) -> None:
    course(tmp_path)
    responses = by_type(bundle(), "QuestionnaireResponse")
    half = [r for r in responses if r["status"] == "in-progress"]
    assert len(half) == 1
    assert [item["linkId"] for item in half[0]["item"]] == ["sleep"]
    assert half[0]["item"][0]["answer"][0]["valueCoding"]["display"] == "Some days"


def test_nothing_names_the_patient_or_holds_their_own_words(tmp_path: Path) -> None:
    course(tmp_path)
    data = bundle()
    assert SECRET not in json.dumps(data)
    assert not by_type(data, "Patient")
    assert not any("subject" in e["resource"] or "author" in e["resource"] for e in data["entry"])


def test_the_clinic_identifier_is_the_only_thing_about_the_patient(tmp_path: Path) -> None:
    course(tmp_path)
    data = bundle("MRN-004211")
    validate(data)
    patients = by_type(data, "Patient")
    assert patients == [
        {
            "resourceType": "Patient",
            "identifier": [
                {
                    "system": "https://companion.invalid/fhir/clinic-identifier",
                    "value": "MRN-004211",
                }
            ],
        }
    ]
    patient_url = data["entry"][0]["fullUrl"]
    for kind in ("QuestionnaireResponse", "Observation"):
        assert all(r["subject"]["reference"] == patient_url for r in by_type(data, kind))


def test_an_empty_journal_gives_an_empty_valid_bundle() -> None:
    open_journal().close()
    data = bundle()
    assert "entry" not in data
    get_fhir_model_class("Bundle").parse_obj(data)


def test_the_same_journal_gives_the_same_resources(tmp_path: Path) -> None:
    course(tmp_path)
    first, second = bundle(), bundle()
    assert first["entry"] == second["entry"]


def test_markdown_and_json_exports_show_the_total_and_band_with_the_date(tmp_path: Path) -> None:
    course(tmp_path)
    with open_journal() as store:
        markdown = export_markdown(store)
        document = json.loads(export_json(store))
    assert "Total 3 of 6: Heavy" in markdown
    assert "Total 26 of 27: Severe" in markdown
    assert "### The past week (the total)" in markdown
    assert "| Date | Time | Total |" in markdown
    assert "| Sun 8 Mar 2026 | " in markdown and " | 3 of 6 · Heavy |" in markdown
    scores = [a["score"] for r in document["runs"] for a in r["answers"] if "score" in a]
    assert [s["total"] for s in scores] == [26, 3, 19, None, 19, 11, 3]
    assert scores[1]["band"] == "Heavy"
    assert scores[1]["items"][1] == {
        "id": "unsafe",
        "text": "I had thoughts of not wanting to be here",
        "value": 1,
        "answer": "Some days",
    }


def test_the_command_writes_a_private_fhir_file_with_the_saved_identifier(
    tmp_path: Path,
) -> None:
    course(tmp_path)
    saved = companion("settings", "--clinic-id", "MRN-004211")
    assert saved.returncode == 0, saved.stderr
    assert "MRN-004211" in saved.stdout
    out = tmp_path / "for-the-clinic.json"
    done = companion("export", "--format", "fhir", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    data = json.loads(out.read_text(encoding="utf-8"))
    validate(data)
    assert by_type(data, "Patient")[0]["identifier"][0]["value"] == "MRN-004211"
    cleared = companion("settings", "--clinic-id", "")
    assert "none" in cleared.stdout
    again = companion("export", "--format", "fhir")
    assert again.returncode == 0
    assert not by_type(json.loads(again.stdout), "Patient")


@pytest.mark.parametrize("like", ["gad-7", "phq-2", "gad-2", "who-5"])
def test_every_instrument_exports_valid_r4(tmp_path: Path, like: str) -> None:
    script = filled_script(tmp_path, like)
    step = questionnaire_of(script)
    with open_journal() as store:
        answer_run(store, script, all_items(step, step.answers[-1].value), 0)
    data = bundle()
    validate(data)
    (observation,) = by_type(data, "Observation")
    assert observation["valueInteger"] == step.highest
    expected = {"gad-7": "70274-6", "phq-2": "55758-7"}.get(like)
    codes = [c["code"] for c in observation["code"].get("coding", [])]
    assert codes == ([expected] if expected else [])
