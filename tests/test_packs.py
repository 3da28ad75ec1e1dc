"""Packs with real folders and real zips: check, install, replace, remove, and hostile ones."""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import pytest

from companion import platform
from companion.paths import locations
from companion.script.clinic.installed import installed_pack, pack_folder
from companion.script.clinic.pack import (
    MAX_FILES,
    PackRefused,
    check_pack,
    install_pack,
    remove_pack,
)
from companion.script.library import load_library
from tests.helpers.journals import answer
from tests.helpers.packs import CATALOG, PROFILE, SCRIPT, make_pack, tone, zip_folder


def journal_digest() -> str:
    data = locations().data
    if not data.exists():
        return ""
    digest = hashlib.sha256()
    for path in sorted(data.rglob("*")):
        if path.is_file():
            digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


def with_journal() -> str:
    from companion.journal import open_journal

    store = open_journal(locations())
    run = store.start_run("first-infusion", "Your first infusion", "abc", "before")
    store.record_answer(run, answer("intention", "kept words"))
    store.close()
    return journal_digest()


# --- check ---------------------------------------------------------------------------------------


def test_a_good_folder_and_the_same_pack_zipped_both_check_clean(tmp_path: Path) -> None:
    folder = make_pack(tmp_path / "riverside")
    for source in (
        folder,
        zip_folder(folder, tmp_path / "flat.zip"),
        zip_folder(folder, tmp_path / "nested.zip", top="riverside/"),
    ):
        check = check_pack(source)
        assert check.ok, [p.format() for p in check.problems]
        assert [r.script.id for r in check.scripts if r.script] == ["riverside-before"]
        assert set(check.tracks) == {"river"}


def test_problems_are_placed_in_the_pack_as_given(tmp_path: Path) -> None:
    folder = make_pack(
        tmp_path / "riverside",
        script=SCRIPT.replace("{care_phone}", "{care_phon}").replace("track: river", "track: rivr"),
        profile=PROFILE.replace("region: GB", "region: UK"),
    )
    check = check_pack(folder)
    shown = [p.format() for p in check.problems]
    assert not check.ok
    assert f"{folder}/clinic.yaml:3:9: error: region: 'UK' is not an ISO 3166-1 region" in shown[0]
    assert any(
        s.startswith(f"{folder}/scripts/riverside-before.yaml:8:")
        and "'{care_phon}' has no variable (did you mean 'care_phone'?)" in s
        for s in shown
    ), shown
    assert any(
        f"{folder}/scripts/riverside-before.yaml:11:12: error: steps[1].track: no track 'rivr'" in s
        and "did you mean 'river'" in s
        for s in shown
    ), shown
    archive = zip_folder(folder, tmp_path / "riverside.zip")
    zipped = [p.format() for p in check_pack(archive).problems]
    assert any(s.startswith(f"{archive}/clinic.yaml:3:9: error") for s in zipped), zipped


def test_pack_scripts_use_the_clinic_variables_and_bundled_tracks(tmp_path: Path) -> None:
    script = SCRIPT.replace("track: river", "track: rain")
    check = check_pack(make_pack(tmp_path / "p", script=script))
    assert check.ok, [p.format() for p in check.problems]
    loaded = check.scripts[0].script
    assert loaded is not None
    assert loaded.render("{care_phone}") == "020 7946 0000"


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda p: tone(p, width=1), "is not a 16-bit PCM WAV"),
        (lambda p: tone(p, spikes=True), "clips"),
        (lambda p: tone(p, level=0.9), "is very loud"),
        (lambda p: tone(p, level=0.0001), "is nearly silent"),
        (lambda p: tone(p, seconds=0.1), "lasts 0.1 seconds"),
        (lambda p: p.write_bytes(b"RIFF....not a wav"), "is not a WAV file that can be read"),
    ],
)
def test_pack_sounds_are_held_to_the_bundled_rules(tmp_path: Path, make, expected: str) -> None:  # type: ignore[no-untyped-def]
    folder = make_pack(tmp_path / "p")
    make(folder / "sounds" / "river.wav")
    check = check_pack(folder)
    assert not check.ok
    shown = [p.format() for p in check.problems]
    assert len(shown) == 1, "one problem for one mistake: the script naming it is not blamed"
    assert shown[0].startswith(f"{folder}/sounds/river.wav: error: {expected}"), shown


def test_a_pack_track_may_not_take_a_bundled_id(tmp_path: Path) -> None:
    folder = make_pack(tmp_path / "p")
    (folder / "sounds" / "catalog.yaml").write_text(CATALOG.replace("id: river", "id: rain"))
    messages = [p.message for p in check_pack(folder).problems]
    assert "track id 'rain' is already a bundled sound; choose another id" in messages


def test_stray_files_are_named_not_silently_ignored(tmp_path: Path) -> None:
    folder = make_pack(tmp_path / "p")
    (folder / "notes.txt").write_text("hello")
    (folder / "scripts" / "draft.txt").write_text("hello")
    tone(folder / "sounds" / "spare.wav")
    check = check_pack(folder)
    assert check.ok, "a stray file is a warning, not a reason to refuse"
    shown = [p.format() for p in check.problems]
    assert (
        f"{folder}/notes.txt: warning: is not read: a pack holds clinic.yaml, scripts/ and sounds/ only"
        in shown
    )
    assert f"{folder}/scripts/draft.txt: warning: is not read: not a .yaml script" in shown
    assert f"{folder}/sounds/spare.wav: warning: is not read: not listed in catalog.yaml" in shown


# --- install, replace, remove -------------------------------------------------------------------


def test_install_replace_and_remove_with_real_zips(tmp_path: Path) -> None:
    before = with_journal()
    first = zip_folder(make_pack(tmp_path / "v1"), tmp_path / "v1.zip")
    report = install_pack(first, locations())
    assert report.installed and report.problems == []
    assert report.changes == [
        "Installed the pack of Riverside Wellness.",
        "  added script riverside-before (Before your Riverside session)",
        "  added sound river",
        "  crisis lines now for the United Kingdom (GB)",
        "  hidden bundled script first-infusion",
    ]
    folder = pack_folder(locations())
    if platform.modes_keep_files_private():
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        assert all(
            stat.S_IMODE(p.stat().st_mode) == (0o700 if p.is_dir() else 0o600)
            for p in folder.rglob("*")
        )

    library = load_library()
    assert library.clinic is not None and library.clinic.name == "Riverside Wellness"
    assert "first-infusion" not in library.scripts
    assert [s.script.id for s in library.hidden] == ["first-infusion"]
    assert library.scripts["riverside-before"].source == "clinic"
    bundled = library.scripts["week-after"].script
    assert bundled.render("{care_phone}") == "020 7946 0000", (
        "the clinic's value fills bundled text"
    )
    assert library.catalog is not None and "river" in library.catalog.tracks
    assert library.catalog.path_of("river").is_file()

    v2 = make_pack(tmp_path / "v2", script=SCRIPT.replace("Hello from", "Welcome to"))
    (v2 / "scripts" / "riverside-after.yaml").write_text(
        SCRIPT.replace("riverside-before", "riverside-after").replace(
            "phase: before", "phase: after\noffer_after: 2h"
        ),
        encoding="utf-8",
    )
    (v2 / "clinic.yaml").write_text(PROFILE.replace("hide: [first-infusion]\n", ""))
    report = install_pack(v2, locations())
    assert report.installed
    assert report.changes == [
        "Replaced the pack of Riverside Wellness with its new version.",
        "  added script riverside-after (Before your Riverside session)",
        "  changed script riverside-before (Before your Riverside session)",
        "  offered again bundled script first-infusion",
    ]
    assert "first-infusion" in load_library().scripts

    removed = remove_pack(locations())
    assert removed is not None and removed.name == "Riverside Wellness"
    assert installed_pack(locations()) is None
    assert load_library().clinic is None
    assert remove_pack(locations()) is None
    assert journal_digest() == before, "installing, replacing and removing never touch the journal"


def test_a_broken_pack_changes_nothing(tmp_path: Path) -> None:
    install_pack(make_pack(tmp_path / "good"), locations())
    folder = pack_folder(locations())
    snapshot = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    broken = make_pack(tmp_path / "broken", script=SCRIPT.replace("type: info", "type: infoo"))
    report = install_pack(broken, locations())
    assert not report.installed
    assert any("unknown step type 'infoo'" in p.message for p in report.problems)
    assert {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()} == snapshot
    leftovers = [p.name for p in locations().config.iterdir() if p.name.startswith(".pack")]
    assert leftovers == [], "the staging folder is cleaned up"


def test_a_swap_cut_short_is_finished_on_the_next_start(tmp_path: Path) -> None:
    install_pack(make_pack(tmp_path / "p"), locations())
    folder = pack_folder(locations())
    os.rename(folder, locations().config / ".pack-old")  # as if the process died between renames
    assert installed_pack(locations()) == folder
    assert load_library().clinic is not None


# --- hostile packs: one sentence each, nothing installed ------------------------------------------


def refused(source: Path) -> str:
    with pytest.raises(PackRefused) as caught:
        install_pack(source, locations())
    assert installed_pack(locations()) is None
    message = str(caught.value)
    assert message.count(". ") == 0 and message.endswith("."), "one sentence"
    return message


def test_zip_with_parent_paths_is_refused(tmp_path: Path) -> None:
    archive = zip_folder(make_pack(tmp_path / "p"), tmp_path / "evil.zip")
    with zipfile.ZipFile(archive, "a") as out:
        out.writestr("../../outside.txt", "gotcha")
    assert "leads out of the pack (../../outside.txt)" in refused(archive)
    assert not (tmp_path / "outside.txt").exists()


def test_zip_with_absolute_paths_is_refused(tmp_path: Path) -> None:
    archive = tmp_path / "abs.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("clinic.yaml", PROFILE)
        out.writestr(zipfile.ZipInfo("/tmp/evil.yaml"), "x")
    assert "absolute path (/tmp/evil.yaml)" in refused(archive)


def test_zip_with_a_link_is_refused(tmp_path: Path) -> None:
    archive = tmp_path / "link.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("clinic.yaml", PROFILE)
        info = zipfile.ZipInfo("scripts/passwd.yaml")
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        out.writestr(info, "/etc/passwd")
    assert "holds a link (scripts/passwd.yaml)" in refused(archive)


def test_folder_with_a_link_is_refused(tmp_path: Path) -> None:
    folder = make_pack(tmp_path / "p")
    try:
        (folder / "scripts" / "other.yaml").symlink_to(tmp_path / "elsewhere.yaml")
    except OSError:  # Windows without the right to make links
        pytest.skip("this account cannot make symbolic links")
    assert "holds a link (scripts/other.yaml)" in refused(folder)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_folder_with_a_fifo_is_refused_without_hanging(tmp_path: Path) -> None:
    folder = make_pack(tmp_path / "p")
    os.mkfifo(folder / "scripts" / "pipe.yaml")
    assert "not a plain file or folder" in refused(folder)


def test_too_many_files_is_refused(tmp_path: Path) -> None:
    archive = tmp_path / "many.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("clinic.yaml", PROFILE)
        for index in range(MAX_FILES):
            out.writestr(f"scripts/s{index}.yaml", "x")
    assert f"more than {MAX_FILES} files" in refused(archive)


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    archive = tmp_path / "bomb.zip"
    zeros = bytes(20 * 1024 * 1024)
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("clinic.yaml", PROFILE)
        for index in range(6):
            out.writestr(f"sounds/s{index}.wav", zeros)
    assert archive.stat().st_size < 1024 * 1024
    assert "larger than 100 MiB" in refused(archive)
    big = tmp_path / "big.zip"
    with zipfile.ZipFile(big, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("clinic.yaml", PROFILE)
        out.writestr("sounds/huge.wav", zeros + b"x")
    assert "The file sounds/huge.wav is 20,971,521 bytes" in refused(big)


def test_a_file_that_is_not_a_zip_is_refused(tmp_path: Path) -> None:
    fake = tmp_path / "pack.zip"
    fake.write_bytes(b"PK\x03\x04 not really")
    assert "is not a zip that can be opened" in refused(fake)


def test_a_zip_without_a_profile_is_refused(tmp_path: Path) -> None:
    archive = tmp_path / "empty.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("scripts/a.yaml", SCRIPT)
    assert "has no clinic.yaml at its top" in refused(archive)


def test_control_characters_in_a_pack_are_refused_with_their_place(tmp_path: Path) -> None:
    folder = make_pack(
        tmp_path / "p", profile=PROFILE.replace("Riverside Wellness", "River\x1b[2Jside")
    )
    report = install_pack(folder, locations())
    assert not report.installed
    assert (
        report.problems[0]
        .format()
        .startswith(f"{folder}/clinic.yaml:2:12: error: the control character U+001B")
    )


@pytest.mark.skipif(
    not platform.modes_keep_files_private(), reason="folder modes do not decide who reads here"
)
def test_an_unreadable_folder_is_refused_in_one_sentence(tmp_path: Path) -> None:
    if os.geteuid() != 0:
        folder = make_pack(tmp_path / "p")
        folder.chmod(0)
        try:
            assert "cannot be read; check its permissions" in refused(folder)
        finally:
            folder.chmod(0o755)
        return
    # As root every folder is readable, so ask as someone else (the real command, as nobody).
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: cannot make a folder unreadable")
    base = Path(tempfile.mkdtemp(dir="/tmp"))
    try:
        base.chmod(0o755)
        folder = make_pack(base / "pack")
        folder.chmod(0o700)  # root's only
        home = base / "home"
        home.mkdir(mode=0o777)
        home.chmod(0o777)
        result = subprocess.run(
            [
                "setpriv",
                "--reuid=65534",
                "--regid=65534",
                "--clear-groups",
                sys.executable,
                "-m",
                "companion",
                "pack",
                "install",
                str(folder),
            ],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "COMPANION_HOME": str(home / "c"), "HOME": str(home)},
        )
        assert result.returncode == 1, result
        assert result.stderr.strip() == (
            f"The folder {folder} cannot be read; check its permissions."
        )
        assert not (home / "c" / "config" / "pack").exists()
    finally:
        shutil.rmtree(base, ignore_errors=True)
