"""The sound catalog loads safely and says clearly what is wrong with a bad one."""

from __future__ import annotations

from pathlib import Path

import pytest

from companion.audio.catalog import CatalogError, load_catalog
from companion.paths import bundled

IDS = {"rain", "surf", "drone", "bowl", "cue-inhale", "cue-exhale"}


def test_bundled_catalog_has_the_agreed_ids_and_files() -> None:
    catalog = load_catalog()
    assert set(catalog.tracks) == IDS
    for track in catalog.tracks.values():
        assert track.file.is_file()
        assert track.file.parent == bundled("sounds").resolve()
        assert track.loop is not track.id.startswith("cue-")
        assert track.title and track.description and "synthesiser" in track.credit


def write(folder: Path, text: str) -> Path:
    (folder / "catalog.yaml").write_text(text, encoding="utf-8")
    (folder / "a.wav").write_bytes(b"")
    return folder


GOOD = "tracks:\n  - id: a\n    title: A\n    file: a.wav\n"


def test_minimal_entry_defaults(tmp_path: Path) -> None:
    track = load_catalog(write(tmp_path, GOOD)).tracks["a"]
    assert track.loop is True and track.description == "" and track.file == tmp_path / "a.wav"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (
            "tracks: [",
            r"catalog.yaml:1:9: error: the '\[' here is read by YAML as the start of a list",
        ),
        ("- 1\n", "should be a mapping"),
        (
            "tracks:\n  - id: A B\n    title: x\n    file: a.wav\n",
            "2:9: error: tracks\\[0\\].id: 'A B' should be lowercase",
        ),
        (GOOD + "    colour: red\n", "5:5: error: tracks\\[0\\]: unknown key 'colour'"),
        (GOOD + "    loop: maybe\n", "true or false"),
        (GOOD + GOOD[len("tracks:\n") :], "track id 'a' is used twice"),
        (
            "tracks:\n  - id: a\n    title: A\n    file: ../../etc/passwd\n",
            "outside the sounds folder",
        ),
        ("x: &a [1]\ntracks: *a\n", "anchors"),
        ("tracks:\n  - !!python/object/apply:os.system [echo]\n", "tags"),
        ("tracks:\n  - id: a\n    file: a.wav\n", "'title' is missing"),
    ],
)
def test_bad_catalogs_are_refused_with_a_reason(tmp_path: Path, text: str, words: str) -> None:
    with pytest.raises(CatalogError, match=words):
        load_catalog(write(tmp_path, text))


def test_missing_and_huge_files(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="cannot be read"):
        load_catalog(tmp_path)
    write(tmp_path, "#" * (1024 * 1024 + 1))
    with pytest.raises(CatalogError, match="1 MiB"):
        load_catalog(tmp_path)
