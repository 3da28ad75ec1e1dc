"""Clinic packs made on the spot: a clinic profile, a script using its variables, a sound catalog
and a WAV tone, as a folder or a zip."""

from __future__ import annotations

import array
import math
import wave
import zipfile
from pathlib import Path

PROFILE = """\
format: 1
name: Riverside Wellness
region: GB
variables:
  care_phone: 020 7946 0000
support:
  - label: Riverside care team
    contact: "Call {care_phone}"
hide: [first-infusion]
"""
SCRIPT = """\
format: 1
id: riverside-before
title: Before your Riverside session
phase: before
steps:
  - id: hello
    type: info
    body: Hello from Riverside. Call {care_phone} with any question.
  - id: listen
    type: audio
    track: river
"""
CATALOG = "tracks:\n  - id: river\n    title: River\n    file: river.wav\n"


def tone(
    path: Path, seconds: float = 2.0, level: float = 0.1, width: int = 2, spikes: bool = False
) -> Path:
    rate = 22050
    frames = int(seconds * rate)
    samples = array.array(
        "h", (int(32767 * level * math.sin(2 * math.pi * 220 * i / rate)) for i in range(frames))
    )
    if spikes:
        samples[::5000] = array.array("h", [32767] * len(samples[::5000]))
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(width)
        out.setframerate(rate)
        data = samples.tobytes() if width == 2 else bytes(128 + s // 256 for s in samples)
        out.writeframes(data)
    return path


def make_pack(folder: Path, script: str = SCRIPT, profile: str = PROFILE) -> Path:
    (folder / "scripts").mkdir(parents=True)
    (folder / "sounds").mkdir()
    (folder / "clinic.yaml").write_text(profile, encoding="utf-8")
    (folder / "scripts" / "riverside-before.yaml").write_text(script, encoding="utf-8")
    (folder / "sounds" / "catalog.yaml").write_text(CATALOG, encoding="utf-8")
    tone(folder / "sounds" / "river.wav")
    return folder


def zip_folder(folder: Path, target: Path, top: str = "") -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, f"{top}{path.relative_to(folder).as_posix()}")
    return target
