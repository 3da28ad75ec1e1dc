"""Runs the app or the bare Textual app and ends the process the moment its first frame holding
``needle`` is handed to the terminal driver: for counting what a start costs up to that paint
(bench/startup_bench.py runs it under valgrind). Bench-only; it wraps Textual's Linux driver.

    python bench/first_paint.py companion|bare
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def main() -> None:
    which = sys.argv[1]
    sys.path.insert(0, str(REPO))
    from textual.drivers.linux_driver import LinuxDriver

    run: Callable[[], object]
    if which == "bare":
        from bench.bare_app import READY, BareApp

        needle, run = READY, BareApp().run
    else:
        from companion.cli import main as companion

        needle, run = "Before my session", lambda: companion([])
    write = LinuxDriver.write

    def first_paint(self: LinuxDriver, data: str) -> None:
        write(self, data)
        if needle in data:
            os._exit(0)  # valgrind writes its count as the process exits

    LinuxDriver.write = first_paint  # type: ignore[method-assign]
    run()


if __name__ == "__main__":
    main()
