"""The parsed-library cache: used only when every file the library read is provably unchanged,
rebuilt silently when it is stale or damaged, private, and never able to run code."""

from __future__ import annotations

import json
import os
import stat
from datetime import date
from pathlib import Path

import pytest

from companion.paths import Locations, locations
from companion.script import cache
from companion.script.cache import cache_path, load_index_cached, load_library_cached
from companion.script.cards import LibraryIndex
from companion.script.library import Library, load_library
from tests.helpers.scripts import HEADER
from tests.helpers.terminal import PtyApp

REPO = Path(__file__).resolve().parent.parent

SCRIPT = HEADER.replace("id: t", "id: mine").replace("title: T", "title: Morning walk") + (
    "summary: A short one.\n"
    "steps:\n"
    "  - {id: hello, type: info, body: Hello.}\n"
    "  - {id: how, type: scale, prompt: How are you?, labels: {0: low, 10: high}}\n"
)


@pytest.fixture
def where() -> Locations:
    return locations()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    scripts = tmp_path / "scripts"
    scripts.mkdir()
    (scripts / "mine.yaml").write_text(SCRIPT, encoding="utf-8")
    return scripts


def title(library: Library) -> str:
    return library.scripts["mine"].script.title


def from_cache(folder: Path, where: Locations) -> bool:
    """Whether the next load is served by the cache (it reads the cache without rebuilding)."""
    before = cache_path(where).stat().st_mtime_ns
    load_library_cached([folder], where)
    return cache_path(where).stat().st_mtime_ns == before


def test_the_cached_library_is_the_library(folder: Path, where: Locations) -> None:
    fresh = load_library([folder], where)
    first = load_library_cached([folder], where)
    assert cache_path(where).is_file()
    second = load_library_cached([folder], where)
    assert first == fresh
    assert second == fresh  # every script, step, warning, failed file and the sound catalog
    assert from_cache(folder, where)


def test_the_cache_file_is_private(folder: Path, where: Locations) -> None:
    load_library_cached([folder], where)
    assert stat.S_IMODE(cache_path(where).stat().st_mode) == 0o600
    assert stat.S_IMODE(where.state.stat().st_mode) == 0o700


def rewrite_keeping_size_and_time(path: Path, old: str, new: str) -> None:
    assert len(old) == len(new)
    info = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert path.stat().st_size == info.st_size
    assert path.stat().st_mtime_ns == info.st_mtime_ns


def test_a_change_of_content_alone_is_seen(folder: Path, where: Locations) -> None:
    load_library_cached([folder], where)
    rewrite_keeping_size_and_time(folder / "mine.yaml", "Morning walk", "Evening walk")
    assert title(load_library_cached([folder], where)) == "Evening walk"


def test_a_change_of_size_is_seen(folder: Path, where: Locations) -> None:
    load_library_cached([folder], where)
    path = folder / "mine.yaml"
    path.write_text(path.read_text().replace("Morning walk", "A long morning walk"))
    assert title(load_library_cached([folder], where)) == "A long morning walk"


def test_a_change_of_mtime_alone_rebuilds(folder: Path, where: Locations) -> None:
    load_library_cached([folder], where)
    assert from_cache(folder, where)
    path = folder / "mine.yaml"
    info = path.stat()
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000))
    assert not from_cache(folder, where)
    assert from_cache(folder, where)


def test_a_new_a_removed_and_a_broken_file_are_seen(folder: Path, where: Locations) -> None:
    load_library_cached([folder], where)
    other = SCRIPT.replace("id: mine", "id: other").replace("Morning walk", "Second one")
    (folder / "other.yaml").write_text(other)
    assert set(load_library_cached([folder], where).scripts) >= {"mine", "other"}
    (folder / "other.yaml").unlink()
    assert "other" not in load_library_cached([folder], where).scripts
    (folder / "mine.yaml").write_text(SCRIPT.replace("type: info", "type: nonsense"))
    library = load_library_cached([folder], where)
    assert "mine" not in library.scripts
    assert [f.path.name for f in library.failed] == ["mine.yaml"]
    assert library == load_library([folder], where)


def test_a_sound_file_that_goes_missing_is_seen(
    tmp_path: Path, where: Locations, monkeypatch: pytest.MonkeyPatch
) -> None:
    sounds = tmp_path / "sounds"
    sounds.mkdir()
    (sounds / "rain.wav").write_bytes(b"RIFF")
    (sounds / "catalog.yaml").write_text("tracks:\n  - {id: rain, title: Rain, file: rain.wav}\n")
    from companion.script import library as library_module

    real = library_module.load_sound_catalog
    monkeypatch.setattr(library_module, "load_sound_catalog", lambda folder=None: real(sounds))

    def tracks() -> set[str]:
        catalog = load_library_cached([], where).catalog
        assert catalog is not None
        return set(catalog.tracks)

    assert tracks() == {"rain"}
    (sounds / "rain.wav").unlink()
    assert tracks() == set()


def test_other_folders_or_another_day_rebuild(
    folder: Path, tmp_path: Path, where: Locations
) -> None:
    load_library_cached([folder], where)
    assert "mine" not in load_library_cached([], where).scripts
    load_library_cached([folder], where)
    assert from_cache(folder, where)
    load_library_cached([folder], where, today=lambda: date(2031, 1, 1))
    assert not from_cache(folder, where)


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"not json at all",
        b"{}\n{}\n{}",
        b"\x00\xff" * 50,
    ],
)
def test_a_damaged_cache_is_rebuilt_silently(folder: Path, where: Locations, damage: bytes) -> None:
    load_library_cached([folder], where)
    cache_path(where).write_bytes(damage)
    assert load_library_cached([folder], where) == load_library([folder], where)
    assert from_cache(folder, where)


def test_a_truncated_or_tampered_library_is_refused(folder: Path, where: Locations) -> None:
    load_library_cached([folder], where)
    path = cache_path(where)
    head, reads, index, body = path.read_bytes().split(b"\n")
    path.write_bytes(b"\n".join([head, reads, index, body[: len(body) // 2]]))
    assert title(load_library_cached([folder], where)) == "Morning walk"
    # A class that is not part of the model, or a field the class does not have, is refused.
    head, reads, index, body = path.read_bytes().split(b"\n")
    for bad in (b'"@":"Script"', b'"@":"LoadedScript"'):
        assert bad in body
    evil = body.replace(b'"@":"Script"', b'"@":"Popen"', 1)
    path.write_bytes(b"\n".join([head, reads, index, evil]))
    assert load_library_cached([folder], where) == load_library([folder], where)
    extra = body.replace(b'"@":"Script",', b'"@":"Script","__class__":1,', 1)
    path.write_bytes(b"\n".join([head, reads, index, extra]))
    assert load_library_cached([folder], where) == load_library([folder], where)


def test_the_index_is_what_home_needs_of_the_library(folder: Path, where: Locations) -> None:
    """The index read from the cache is the one made from the library (cards and the titles
    of what could not be loaded), and its library is decoded only when asked for."""
    (folder / "broken.yaml").write_text(SCRIPT.replace("steps:", "steps: 3\nx:"), "utf-8")
    fresh = load_library([folder], where)
    assert fresh.failed, "a broken file, for the unavailable titles"
    load_index_cached([folder], where)
    index = load_index_cached([folder], where)
    made = LibraryIndex.of(fresh)
    assert index.cards == made.cards and index.unavailable == made.unavailable
    card = next(c for c in index.cards if c.id == "mine")
    assert (card.title, card.summary, card.phase) == ("Morning walk", "A short one.", "before")
    assert not index.built
    assert index.library == fresh and index.built


@pytest.mark.parametrize(
    "damage",
    [b"", b"[]", b'{"cards":[{"id":1}],"unavailable":[]}', b'{"cards":[],"unavailable":7}'],
    ids=["empty", "not-an-index", "a-wrong-card", "wrong-titles"],
)
def test_a_damaged_index_is_rebuilt_silently(folder: Path, where: Locations, damage: bytes) -> None:
    load_library_cached([folder], where)
    path = cache_path(where)
    head, reads, _, body = path.read_bytes().split(b"\n")
    path.write_bytes(b"\n".join([head, reads, damage, body]))
    index = load_index_cached([folder], where)
    assert "Morning walk" in [c.title for c in index.cards]
    assert from_cache(folder, where), "and the cache was written again"


def test_a_damaged_library_behind_a_good_index_is_loaded_afresh(
    folder: Path, where: Locations
) -> None:
    """Home may be drawn from the index before the library is decoded: if the library's part of
    the cache turns out damaged then, the scripts are parsed again and the cache rewritten."""
    load_library_cached([folder], where)
    path = cache_path(where)
    head, reads, index, body = path.read_bytes().split(b"\n")
    path.write_bytes(b"\n".join([head, reads, index, body[:-20]]))
    found = load_index_cached([folder], where)
    assert "Morning walk" in [c.title for c in found.cards]
    assert found.library == load_library([folder], where)
    assert from_cache(folder, where)
    assert path.read_bytes().split(b"\n")[3] == body


def test_the_cache_holds_nothing_but_json(folder: Path, where: Locations) -> None:
    load_library_cached([folder], where)
    for line in cache_path(where).read_bytes().split(b"\n"):
        json.loads(line)
    assert set(cache._classes()) >= {"Script", "LoadedScript", "Problem", "TrackEntry", "Catalog"}


def test_a_valid_cache_parses_nothing(
    folder: Path, where: Locations, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the cache is for: with it valid, no script file is parsed."""
    load_library_cached([folder], where)
    from companion.script import loader

    def no_parsing(*args: object, **kwargs: object) -> None:
        raise AssertionError("a script was parsed")

    monkeypatch.setattr(loader, "load_script", no_parsing)
    assert title(load_library_cached([folder], where)) == "Morning walk"
    rewrite_keeping_size_and_time(folder / "mine.yaml", "Morning walk", "Evening walk")
    with pytest.raises(AssertionError, match="parsed"):
        load_library_cached([folder], where)


def test_a_changed_script_is_never_shown_stale(folder: Path, tmp_path: Path) -> None:
    """The real app, started twice: the second start shows the script as it is now on disk,
    though its size and modification time were kept."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    first = PtyApp(["--scripts", str(folder)], env, cwd=REPO)
    try:
        assert first.wait_for("Morning walk"), first.text[-2000:]
        first.press("ctrl+q")
        assert first.wait_exit(10) == 0
    finally:
        first.close()
    assert cache_path(locations()).is_file()
    rewrite_keeping_size_and_time(folder / "mine.yaml", "Morning walk", "Evening walk")
    second = PtyApp(["--scripts", str(folder)], env, cwd=REPO)
    try:
        assert second.wait_for("Evening walk"), second.text[-2000:]
        assert "Morning walk" not in second.text
        second.press("ctrl+q")
        assert second.wait_exit(10) == 0
    finally:
        second.close()


def test_a_clinic_pack_is_cached_and_its_contacts_never_shown_stale(
    tmp_path: Path, where: Locations, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a clinic's pack installed the library (its profile too) comes from the cache; a
    clinic.yaml changed on disk, even keeping its size and time, is read again."""
    from companion.script import loader
    from companion.script.clinic.installed import installed_pack
    from companion.script.clinic.pack import install_pack
    from tests.helpers.packs import make_pack

    assert install_pack(make_pack(tmp_path / "pack"), where).installed
    first = load_library_cached([], where)
    assert first.clinic is not None and first.clinic.variables["care_phone"] == "020 7946 0000"
    assert cache_path(where).is_file(), "a library with a clinic's profile is cached too"

    def no_parsing(*args: object, **kwargs: object) -> None:
        raise AssertionError("a script was parsed")

    assert first == load_library([], where)
    with monkeypatch.context() as patched:
        patched.setattr(loader, "load_script", no_parsing)
        assert load_library_cached([], where) == first

    pack = installed_pack(where)
    assert pack is not None
    rewrite_keeping_size_and_time(pack / "clinic.yaml", "020 7946 0000", "020 7946 0999")
    again = load_library_cached([], where)
    assert again.clinic is not None and again.clinic.variables["care_phone"] == "020 7946 0999"
    assert again == load_library([], where)
