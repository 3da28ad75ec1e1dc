"""Problems found in a script: each one knows its file, line and column."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Mark:
    """A place in a file, counted from 1 as editors do."""

    line: int
    column: int


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a script, in words a therapist can act on."""

    path: Path
    mark: Mark | None
    severity: Severity
    where: str
    """Where in the script: ``steps[3].when``; empty for the file as a whole."""
    message: str

    def sort_key(self) -> tuple[int, int, str]:
        if self.mark is None:
            return (0, 0, self.message)
        return (self.mark.line, self.mark.column, self.message)

    def format(self, relative_to: Path | None = None) -> str:
        """``scripts/x.yaml:42:7: error: steps[3].when: no step 'anxeity' before this one``."""
        shown = _shown_path(self.path, relative_to)
        place = f"{shown}:{self.mark.line}:{self.mark.column}" if self.mark else shown
        where = f"{self.where}: " if self.where else ""
        return f"{place}: {self.severity}: {where}{self.message}"

    def to_json(self) -> dict[str, object]:
        return {
            "file": str(self.path),
            "line": self.mark.line if self.mark else None,
            "column": self.mark.column if self.mark else None,
            "severity": str(self.severity),
            "where": self.where,
            "message": self.message,
        }


def _shown_path(path: Path, relative_to: Path | None) -> str:
    if relative_to is not None:
        try:
            return str(path.resolve().relative_to(relative_to.resolve()))
        except (ValueError, OSError, RuntimeError):  # elsewhere, or a loop of links
            pass
    return str(path)


def sorted_problems(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=Problem.sort_key)


def has_errors(problems: list[Problem]) -> bool:
    return any(p.severity is Severity.ERROR for p in problems)
