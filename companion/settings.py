"""The few things the companion remembers between starts (the theme, the volume, mute), in a
small private JSON file.

:class:`Settings` is the typed value; :class:`SettingsFile` is its one writer. The app makes one
:class:`SettingsFile` and hands it to whatever needs to remember something, so two parts of the
app never read, change and write the file over each other.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

from companion.paths import Locations, UnsafeFolderError, private_dir

FILE_NAME = "settings.json"


def settings_path(where: Locations) -> Path:
    return where.config / FILE_NAME


class Settings(NamedTuple):
    """What is remembered. Values the file holds that this version does not know are kept as
    they are (``other``), so a newer version's settings survive an older one."""

    theme: str | None = None
    volume: int | None = None
    """As saved (the sound player keeps it within its range); ``None`` until the patient
    changes it, which means the player's default."""
    muted: bool | None = None
    """``None`` until the patient mutes or unmutes."""
    lock_after_minutes: int | None = None
    """Minutes without a key press before an encrypted journal locks itself (``0``: never);
    written by hand, as a number or as text. ``None``: the default (15)."""
    clinic_id: str | None = None
    """An identifier the patient's clinic gave them, put in FHIR exports so the clinic's records
    system can match them; ``None`` (the default) leaves exports without anything that names
    the patient."""
    region: str | None = None
    """Where the patient said they live (an ISO 3166-1 code, or ``elsewhere``): chooses the crisis
    lines on the support screen. ``None`` until they choose."""
    other: Mapping[str, str] = MappingProxyType({})
    """Read-only: a change makes new settings (:meth:`SettingsFile.change`)."""

    @classmethod
    def from_json(cls, data: object) -> Settings:
        """Settings from the file's JSON; an odd value gives its default."""
        if not isinstance(data, dict):
            return cls()
        lock_after = _whole_number(data.get("lock_after_minutes"))
        strings = {str(k): v for k, v in data.items() if isinstance(v, str)}
        strings.pop("lock_after_minutes", None)
        theme = strings.pop("theme", None)
        volume: int | None = None
        try:
            volume = int(strings.pop("volume", ""))
        except ValueError:
            volume = None
        muted = strings.pop("muted", None)
        clinic_id = strings.pop("clinic_id", None) or None
        region = strings.pop("region", None)
        return cls(
            theme,
            volume,
            None if muted is None else muted == "true",
            lock_after,
            clinic_id,
            region,
            strings,
        )

    def to_json(self) -> dict[str, str]:
        """The file's JSON (strings only, as every version has written it)."""
        data = dict(self.other)
        if self.theme is not None:
            data["theme"] = self.theme
        if self.volume is not None:
            data["volume"] = str(self.volume)
        if self.muted is not None:
            data["muted"] = "true" if self.muted else "false"
        if self.lock_after_minutes is not None:
            data["lock_after_minutes"] = str(self.lock_after_minutes)
        if self.clinic_id is not None:
            data["clinic_id"] = self.clinic_id
        if self.region is not None:
            data["region"] = self.region
        return data


def _whole_number(value: object) -> int | None:
    """A whole number written by hand (``5`` or ``"5"``); ``None`` for anything else."""
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    return None


class SettingsFile:
    """The one reader and writer of the settings file: read on first use, written on change."""

    def __init__(self, where: Locations) -> None:
        self.where = where
        self._current: Settings | None = None

    @property
    def current(self) -> Settings:
        if self._current is None:
            self._current = load_settings(self.where)
        return self._current

    def change(self, **changes: Any) -> bool:
        """Remember new values (``theme=...``, ``volume=...``, ``muted=...``); False when the
        file could not be written (the values still hold until the app closes)."""
        self._current = self.current._replace(**changes)
        return save_settings(self.where, self._current)


def load_settings(where: Locations) -> Settings:
    """The saved settings; an unreadable or odd file gives the defaults."""
    try:
        data = json.loads(settings_path(where).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Settings()
    return Settings.from_json(data)


def save_settings(where: Locations, settings: Settings) -> bool:
    """Write the settings 0600 into the private config folder; False when it cannot be done.

    A preference that is not remembered is harmless; a failed write must never end the app
    (and with it words that a full disk is holding in memory).
    """
    try:
        private_dir(where.config)
        path = settings_path(where)
        tmp = path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(settings.to_json(), out, indent=2)
        os.replace(tmp, path)
    except (OSError, UnsafeFolderError):
        return False
    return True
