"""Runs the app or the bare Textual app and ends the process the moment its first frame holding
``needle`` is handed to the terminal driver: for counting what a start costs up to that paint
(bench/startup_bench.py runs it under valgrind). Bench-only; it wraps Textual's Linux driver.

    python bench/first_paint.py companion|bare

The driver is wrapped as its module is first imported, by whoever imports it, so that every
module is imported when and as the program itself imports it: importing the driver here first
would import most of Textual before ``companion`` pauses the cyclic collector for its start-up
(about 20M instructions the real command does not spend).
"""

from __future__ import annotations

import importlib.machinery
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DRIVER = "textual.drivers.linux_driver"


class _WrapDriver:
    """Finds the driver's module as usual, runs it, then wraps its ``LinuxDriver.write`` (a
    finder and loader by their methods: importing ``importlib.abc`` would be counted too)."""

    def __init__(self, needle: str) -> None:
        self.needle = needle
        self.loader: Any = None

    def find_spec(
        self, name: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if name != DRIVER:
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None or spec.loader is None:
            return spec
        self.loader, spec.loader = spec.loader, self  # type: ignore[assignment]
        return spec

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        assert self.loader is not None
        made: ModuleType | None = self.loader.create_module(spec)
        return made

    def exec_module(self, module: ModuleType) -> None:
        assert self.loader is not None
        self.loader.exec_module(module)
        driver = module.LinuxDriver
        write = driver.write
        needle = self.needle

        def first_paint(self: object, data: str) -> None:
            write(self, data)
            if needle in data:
                os._exit(0)  # valgrind writes its count as the process exits

        driver.write = first_paint


def main() -> None:
    which = sys.argv[1]
    sys.path.insert(0, str(REPO))
    run: Callable[[], object]
    if which == "bare":
        from bench.bare_app import READY, BareApp

        needle, run = READY, lambda: BareApp().run()  # its constructor imports the driver
    else:
        from companion.cli import main as companion

        needle, run = "Before my session", lambda: companion([])
    if DRIVER in sys.modules:
        raise SystemExit(f"{DRIVER} was imported before it could be wrapped")
    sys.meta_path.insert(0, _WrapDriver(needle))
    run()


if __name__ == "__main__":
    main()
