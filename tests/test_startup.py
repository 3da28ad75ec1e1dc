"""What start-up imports: only what the home screen needs (the speed itself is `make bench`'s).

Each start here is a fresh Python process that does what ``companion`` does before home is drawn
(the library from its cache, the journal opened, the app built by the factory) and shows the
real home screen headless; then it says which modules it imported. Parsing (PyYAML, the loader),
the other screens and what only they use are imported when first needed, never at start-up.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from companion.paths import locations
from companion.script.clinic.pack import install_pack
from tests.helpers.packs import make_pack

REPO = Path(__file__).resolve().parent.parent

START = """
import asyncio, dataclasses, json, sys
from companion.app.app import create_app
from companion.app.screens.home import HomeScreen
from companion.journal import open_journal
from companion.paths import locations
from companion.script.cache import load_index_cached

where = locations()
library = load_index_cached([], where)
store = open_journal(where)
at_paint = []
records = []
composed = HomeScreen.compose

def compose(self):
    yield from composed(self)
    # Home is composed: what it is drawn with is imported (its first paint follows).
    at_paint.extend(sorted(sys.modules))
    for name, module in list(sys.modules.items()):
        if name.startswith("companion"):
            for value in list(vars(module).values()):
                if dataclasses.is_dataclass(value) and value.__module__ == name:
                    records.append(f"{name}.{value.__name__}")

HomeScreen.compose = compose

async def main():
    app = create_app(library, lambda: store, where)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        shown = type(app.screen).__name__
        built = app.index.built
    store.close()
    return shown, built

shown, built = asyncio.run(main())
print(json.dumps({"screen": shown, "built": built, "modules": sorted(sys.modules),
                  "at_paint": at_paint, "dataclasses_at_paint": sorted(set(records))}))
"""

NOT_BEFORE_HOME = [
    "companion.script.model",  # home is drawn from the library's index, not the model
    "companion.script.library",
    "companion.script.catalog",
    "companion.script.problems",
    "companion.app.widgets.footer",  # home's first frame has an empty bar in the footer's place
    "textual.widgets._footer",
]
"""Built just after home's first paint, not before it."""

NOT_AT_START = [
    "yaml",  # parsing: a start served by the library cache parses nothing
    "companion.script.loader",
    "companion.script.yamlsafe",
    "companion.script.clinic.profile",
    "companion.script.checker",
    "companion.app.screens.run",  # the other screens, imported when first opened
    "companion.app.screens.journal",
    "companion.app.screens.support",
    "companion.app.screens.unlock",
    "companion.app.screens.infusions",
    "companion.app.screens.summary",
    "companion.app.screens.base",
    "companion.run.run",  # the flow: only when there is a run to continue
    "companion.journal.export",
    "companion.journal.series",
    "companion.audio.player",  # sound: when a step first needs it
    "companion.audio.pcm",
    "companion.course.calendar",
    "companion.script.clinic.crisis",
    "cryptography",  # a plain journal
    "markdown_it",
    "zoneinfo",
]


def start() -> dict[str, object]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    done = subprocess.run(
        [sys.executable, "-c", START], capture_output=True, text=True, env=env, cwd=REPO
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result: dict[str, object] = json.loads(done.stdout.splitlines()[-1])
    assert result["screen"] == "HomeScreen"
    return result


def imported(result: dict[str, object], names: list[str]) -> list[str]:
    modules = result["modules"]
    assert isinstance(modules, list)
    return [name for name in names if name in modules]


@pytest.mark.parametrize("pack", [False, True], ids=["bundled", "clinic-pack"])
def test_a_start_imports_only_what_home_needs(tmp_path: Path, pack: bool) -> None:
    if pack:
        assert install_pack(make_pack(tmp_path / "pack"), locations()).installed
    first = start()  # no cache yet: the library is parsed (and the cache written)
    assert imported(first, ["yaml"]) == ["yaml"], "the first start parses the scripts"
    again = start()
    assert imported(again, NOT_AT_START) == []
    assert imported({"modules": again["at_paint"]}, NOT_BEFORE_HOME) == []
    # A dataclass costs ~0.7 ms to define (its methods are compiled as its module is imported):
    # the records home is drawn from are NamedTuples (docs/performance.md).
    assert again["dataclasses_at_paint"] == []
    # ... and built once home is shown, before the patient's first choice needs it.
    assert again["built"] is True
    assert imported(again, NOT_BEFORE_HOME) == NOT_BEFORE_HOME
    # What home needs is there: the test would pass on an app that drew nothing otherwise.
    assert imported(again, ["companion.app.screens.home", "sqlite3"]) == [
        "companion.app.screens.home",
        "sqlite3",
    ]


PLAIN = """
import json, sys
from companion.cli import main
code = main(["plain"])
sys.stderr.write("\\n" + json.dumps({"code": code, "modules": sorted(sys.modules)}) + "\\n")
"""


def test_the_plain_mode_starts_from_the_cache_without_parsing_or_textual() -> None:
    """``companion plain`` reads the library as the app does (from the cache when it is
    current): the second start imports neither PyYAML nor Textual, and still lists the scripts."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}

    def plain() -> tuple[str, list[str]]:
        done = subprocess.run(
            [sys.executable, "-c", PLAIN],
            input="quit\n",
            capture_output=True,
            text=True,
            env=env,
            cwd=REPO,
        )
        result = json.loads(done.stderr.strip().splitlines()[-1])
        assert result["code"] == 0, done.stderr[-2000:]
        modules: list[str] = result["modules"]
        return done.stdout, modules

    first, modules = plain()
    assert "yaml" in modules, "the first start parses the scripts"
    again, modules = plain()
    assert "Before my session" in again and again == first
    assert [m for m in modules if m.split(".")[0] in ("yaml", "textual")] == []


def test_no_arguments_is_exactly_what_the_parser_gives() -> None:
    """``companion`` alone skips building the parser: it must give what parsing would."""
    from companion.cli import build_parser, no_arguments

    assert vars(no_arguments()) == vars(build_parser().parse_args([]))


@pytest.mark.parametrize("argv", [[], ["--scripts", "."]], ids=["alone", "with-options"])
def test_the_collector_is_back_on_when_the_app_runs(
    monkeypatch: pytest.MonkeyPatch, argv: list[str]
) -> None:
    """Start-up pauses the cyclic collector while the app is imported and draws its first
    frame; it is on again (with start-up's objects frozen) once that frame is on the terminal,
    and after the app ends."""
    import gc

    from companion.app.app import CompanionApp
    from companion.cli import launch, main

    seen: list[bool] = []

    def run(self: CompanionApp) -> int:
        seen.append(gc.isenabled())
        self._call_after_first()  # what the app does once its first frame is on the terminal
        seen.append(gc.isenabled())
        return 0

    monkeypatch.setattr(launch, "_in_a_terminal", lambda: True)
    monkeypatch.setattr(CompanionApp, "run", run)
    try:
        assert main(argv) == 0
        assert seen == [False, True]
        assert gc.isenabled()
    finally:
        gc.enable()
        gc.unfreeze()
