"""The hostile-content matrix: every text field of every step type, the variables, the support
entries and the sound catalog, filled with markup, click actions, unbalanced tags, escapes and
bidirectional overrides; each through ``companion validate`` and through the real app (Pilot) on
every screen it appears on: refused, or shown literally, never a crash and never an action.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, TextArea

from companion.app.app import CompanionApp, create_app
from companion.app.literal import ScriptMarkdown
from companion.app.screens.home import HomeScreen
from companion.app.screens.journal import JournalScreen
from companion.app.screens.journal_run import JournalRunScreen
from companion.app.screens.run import RunScreen
from companion.app.screens.summary import SummaryScreen
from companion.app.screens.support import SupportScreen
from companion.app.screens.trends import TrendScreen
from companion.audio import catalog as audio_catalog
from companion.journal import open_journal
from companion.paths import bundled, locations
from companion.plaintext import CONTROL
from companion.script.library import load_library
from tests.helpers.apps import NOW, QUICK, preview_app, sync

REPO = Path(__file__).resolve().parent.parent
WIDE = (200, 60)
"""Wide enough that no hostile line wraps, so each can be found whole on the screen."""

SHOWN_LITERALLY = {
    "unbalanced": "Closing [/] tag",
    "unbalanced-label": "Very [/] anxious",
    "click": "[@click=app.screenshot('x.svg','/tmp')]Press me[/]",
    "quit": "[@click=app.quit]Leave[/]",
    "markup": "[b]not bold[/b] [red]nor red[/red]",
    "link": "[link=file:///etc/passwd]a link[/link]",
    "variable-like": "$title and $ money",
    "backslash": "a \\[ backslash \\] pair",
}
"""Text that is fine in a script (a therapist may write brackets) and must show as written."""

SHOWN_TOGETHER = {
    "label-and-markup": ("unbalanced-label", "markup"),
    "closer-and-escapes": ("unbalanced", "backslash"),
    "quit-and-variables": ("quit", "variable-like"),
    "click": ("click",),
    "link": ("link",),
}
"""The app walk puts several of those in one field at once (a closing tag or an action first,
so nothing before it can balance it), short enough that no line wraps in the home screen's
column or the typing box: one walk through every screen per group rather than per text."""


def together(group: str) -> str:
    return " · ".join(SHOWN_LITERALLY[name] for name in SHOWN_TOGETHER[group])


def test_every_text_shown_literally_is_in_one_app_walk() -> None:
    grouped = [name for names in SHOWN_TOGETHER.values() for name in names]
    assert sorted(grouped) == sorted(SHOWN_LITERALLY)
    for names in SHOWN_TOGETHER.values():
        assert "[/]" in SHOWN_LITERALLY[names[0]] or len(names) == 1


REFUSED = {
    "osc-title": '"Calm\\e]0;x\\a"',
    "clear-screen": '"\\x1b[2J calm"',
    "c1-csi": '"calm \\x9b 2J"',
    "bidi-escape": '"calm \\u202e reversed"',
    "clipboard": '"\\e]52;c;aGk=\\a"',
    "bidi-raw": "calm \u2067 isolate",
    "del": '"calm \\x7f"',
}
"""Values (as written in YAML) that make a control character: validate refuses each, placed."""


def script_yaml(text: str, quoted: bool = True) -> str:
    """A script with ``text`` in every text field of every step type, the variables and the
    support entries (``quoted``: ``text`` is a Python string to write as a YAML string;
    otherwise it is YAML already)."""
    value = json.dumps(text, ensure_ascii=False) if quoted else text
    return f"""\
format: 1
id: hostile
title: {value}
phase: after
summary: {value}
variables:
  said: {value}
support:
  - label: {value}
    contact: {value}
steps:
  - id: info
    type: info
    title: {value}
    body: {value}
  - id: listed
    type: checklist
    title: {value}
    prompt: {value}
    items:
      - id: one
        text: {value}
  - id: words
    type: text
    title: {value}
    prompt: {value}
    hint: "{{said}}"
  - id: level
    type: scale
    title: {value}
    prompt: {value}
    min: 0
    max: 5
    labels:
      0: {value}
      5: {value}
  - id: picked
    type: choice
    title: {value}
    prompt: {value}
    options:
      - id: only
        text: {value}
  - id: breathe
    type: breathing
    title: {value}
    prompt: {value}
    preset: box
    cycles: 1
  - id: listen
    type: audio
    title: {value}
    prompt: {value}
    track: rain
  - id: measured
    type: questionnaire
    title: {value}
    prompt: {value}
    answers:
      - value: 0
        text: {value}
      - value: 1
        text: {value}
    items:
      - id: first
        text: {value}
    score: sum
    bands:
      - up_to: 0
        label: {value}
      - up_to: 1
        label: {value}
"""


def catalog_yaml(text: str, quoted: bool = True) -> str:
    value = json.dumps(text, ensure_ascii=False) if quoted else text
    return f"""\
tracks:
  - id: rain
    title: {value}
    file: rain.wav
    description: {value}
    credit: {value}
"""


def write_case(folder: Path, script: str, catalog: str) -> tuple[Path, Path]:
    scripts, sounds = folder / "scripts", folder / "sounds"
    scripts.mkdir(parents=True)
    sounds.mkdir()
    (scripts / "hostile.yaml").write_text(script, encoding="utf-8")
    (sounds / "catalog.yaml").write_text(catalog, encoding="utf-8")
    shutil.copy(bundled("sounds") / "rain.wav", sounds / "rain.wav")
    return scripts / "hostile.yaml", sounds / "catalog.yaml"


def validate(*paths: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "companion", "validate", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO,
        check=False,
    )


# --- validate ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(SHOWN_LITERALLY))
def test_validate_accepts_text_that_only_looks_like_markup(name: str, tmp_path: Path) -> None:
    text = SHOWN_LITERALLY[name]
    script, catalog = write_case(tmp_path, script_yaml(text), catalog_yaml(text))
    done = validate(script, catalog)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_validate_refuses_every_control_character_in_every_field(name: str, tmp_path: Path) -> None:
    value = REFUSED[name]
    script_text, catalog_text = script_yaml(value, quoted=False), catalog_yaml(value, quoted=False)
    script, catalog = write_case(tmp_path, script_text, catalog_text)
    done = validate(script, catalog)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    for path, text in ((script, script_text), (catalog, catalog_text)):
        # One error per field that holds the value, each at its own line.
        expected = {n for n, line in enumerate(text.splitlines(), 1) if value in line}
        found = {
            int(line.split(":")[1])
            for line in done.stdout.splitlines()
            if line.startswith(f"{path.name}:") or line.startswith(f"{path}:")
        }
        assert expected and found == expected, (path.name, sorted(expected), done.stdout)
    assert "delete" in done.stdout, "each error says how to fix it"
    assert "\x1b" not in done.stdout and "\u202e" not in done.stdout
    # And the library never offers such a script to a patient.
    library = load_library([script.parent])
    assert "hostile" not in library.scripts


def test_the_stop_hook_case_exits_1(tmp_path: Path) -> None:
    path = tmp_path / "calm.yaml"
    path.write_text(
        'format: 1\nid: calm\ntitle: "Calm\\e]0;x\\a"\nphase: before\n'
        "steps: [{id: a, type: info, body: Hello}]\n",
        encoding="utf-8",
    )
    done = validate(path)
    assert done.returncode == 1
    assert "calm.yaml:3:13: error" in done.stdout and "U+001B" in done.stdout


# --- the app -------------------------------------------------------------------------------------


def screen_text(app: CompanionApp) -> str:
    """What the terminal would show right now, line by line."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def actions_on(app: CompanionApp, text: str) -> list[str]:
    """Click actions carried by any drawn cell of ``text`` (there must be none)."""
    found = []
    for strip in app.screen._compositor.render_strips():
        start = strip.text.find(text)
        if start < 0:
            continue
        x = 0
        for segment in strip:
            end = x + len(segment.text)
            meta = segment.style.meta if segment.style else {}
            if x < start + len(text) and end > start and "@click" in meta:
                found.append(f"{segment.text!r}: {meta['@click']}")
            x = end
    return found


def shows(app: CompanionApp, text: str, where: str) -> None:
    shown = screen_text(app)
    assert text in shown, f"{where}: {text!r} is not shown as written:\n{shown}"
    assert not actions_on(app, text), where


async def settle(pilot: Pilot[int]) -> None:
    await pilot.pause()
    await pilot.pause()


@pytest.fixture
def opened_urls(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    opened: list[str] = []
    monkeypatch.setattr(CompanionApp, "open_url", lambda self, url, **kw: opened.append(url))
    monkeypatch.setattr("webbrowser.open", lambda url, *a, **kw: opened.append(url))
    yield opened


async def open_hostile(pilot: Pilot[int], app: CompanionApp) -> None:
    options = app.screen.query_one(OptionList)
    for index in range(options.option_count):
        if options.get_option_at_index(index).id == "script:hostile":
            options.highlighted = index
    await pilot.press("enter")
    await settle(pilot)


async def walk(pilot: Pilot[int], app: CompanionApp, text: str, typed: str) -> None:
    """Home, every step, support and the summary, checking the text on each."""
    assert isinstance(app.screen, HomeScreen)
    shows(app, text, "home")
    await open_hostile(pilot, app)
    run = app.screen
    assert isinstance(run, RunScreen)
    while True:
        step = run.run.flow.current
        where = f"step {step.id} ({step.type})"
        shows(app, text, where)
        if step.type == "info":
            body = run.query_one(ScriptMarkdown)
            body.post_message(ScriptMarkdown.LinkClicked(body, "https://example.org"))
        elif step.type == "checklist":
            await pilot.press("space")
        elif step.type == "text":
            run.query_one(TextArea).insert(typed)
            await settle(pilot)
            shows(app, typed, f"{where}, typed")
        elif step.type == "scale":
            await pilot.press("5")
            await settle(pilot)
            shows(app, f"Your answer: 5 ({text})", f"{where}, chosen")
            await pilot.press("0")
            await settle(pilot)
        elif step.type == "choice":
            await pilot.press("space")
        elif step.type == "questionnaire":
            await pilot.press("1")
            await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, SupportScreen)
        shows(app, text, f"support over {where}")
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        if not isinstance(app.screen, RunScreen):
            break
    assert isinstance(app.screen, SummaryScreen), screen_text(app)
    shows(app, text, "summary")
    shows(app, typed, "summary, the typed words")


@pytest.mark.parametrize("group", sorted(SHOWN_TOGETHER))
@sync
async def test_the_app_shows_every_field_literally_on_every_screen(
    group: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    opened_urls: list[str],
) -> None:
    text = together(group)
    typed = f"typed {text} words"
    script, catalog = write_case(tmp_path, script_yaml(text), catalog_yaml(text))
    monkeypatch.setattr(
        "companion.app.sound.load_catalog", lambda: audio_catalog.load_catalog(catalog.parent)
    )
    library = load_library([script.parent])
    assert "hostile" in library.scripts, library.failed
    store = open_journal()
    app = create_app(library, lambda: store, locations(), clock=lambda: NOW, timings=QUICK)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await walk(pilot, app, text, typed)
        # The journal: the list, one run, a search, the trends.
        app.action_home()
        await settle(pilot)
        app.open_journal()
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
        shows(app, text, "journal list")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, JournalRunScreen), screen_text(app)
        shows(app, text, "journal run")
        shows(app, typed, "journal run, the typed words")
        await pilot.press("escape")
        await settle(pilot)
        search = app.screen.query_one(Input)
        search.focus()
        search.value = "typed"
        await pilot.pause(0.2)  # QUICK's search pause is 0.05 s
        await settle(pilot)
        shows(app, text, "search hits")
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert isinstance(app.screen, TrendScreen), screen_text(app)
        shows(app, text, "trends")
        assert app.return_code is None, "still running"
    store.close()
    assert opened_urls == []
    assert not list(Path("/tmp").glob("x.svg"))


@sync
async def test_the_app_after_an_unfinished_run_with_hostile_titles_starts(
    tmp_path: Path,
) -> None:
    """Continue where you left off: the home screen and the run screen show the old title."""
    text = SHOWN_LITERALLY["unbalanced"]
    script, _ = write_case(tmp_path, script_yaml(text), catalog_yaml(text))
    library = load_library([script.parent])
    store = open_journal()
    run_id = store.start_run("hostile", text, "h", "after")
    store.set_position(run_id, "words")
    app = create_app(library, lambda: store, locations(), clock=lambda: NOW)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        shows(app, text, "home, continue")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, RunScreen)
        shows(app, text, "continued run")
    store.close()


@sync
async def test_markdown_keeps_formatting_shows_addresses_and_opens_nothing(
    tmp_path: Path, opened_urls: list[str]
) -> None:
    body = (
        "# Before you come\\n\\nPlease *rest* and **drink water**.\\n\\n"
        "- Read [our page](https://clinic.example/info)\\n"
        "- Or <https://auto.example/x>\\n"
        "- Or mail [us](mailto:care@clinic.example)\\n\\n"
        "![a photo](https://tracker.example/pixel.png)\\n\\n"
        "<b>raw html</b> <img src=x onerror=alert(1)>"
    )
    path = tmp_path / "md.yaml"
    path.write_text(
        f"format: 1\nid: md\ntitle: Md\nphase: before\n"
        "support: [{label: Care team, contact: Call 555-0100}]\n"
        f'steps:\n  - id: a\n    type: info\n    body: "{body}"\n',
        encoding="utf-8",
    )
    app = preview_app(path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        shown = screen_text(app)
        for words in (
            "Before you come",
            "Read our page (https://clinic.example/info)",
            "Or https://auto.example/x",
            "Or mail us (mailto:care@clinic.example)",
            "(picture: a photo; https://tracker.example/pixel.png)",
            "<b>raw html</b> <img src=x onerror=alert(1)>",
        ):
            assert words in shown, f"{words!r} not in:\n{shown}"
        assert "# Before" not in shown and "*rest*" not in shown, "formatting is kept"
        for strip in app.screen._compositor.render_strips():
            for segment in strip:
                meta = segment.style.meta if segment.style else {}
                assert "@click" not in meta or "example" not in segment.text, segment
        # Clicking where the link is opens nothing.
        for y, strip in enumerate(app.screen._compositor.render_strips()):
            if "our page" in strip.text:
                await pilot.click(offset=(strip.text.index("our page") + 2, y))
                await settle(pilot)
        body_widget = app.screen.query_one(ScriptMarkdown)
        body_widget.post_message(ScriptMarkdown.LinkClicked(body_widget, "https://x.example"))
        await settle(pilot)
    assert opened_urls == []


@sync
async def test_preview_and_its_problems_screen_show_text_literally(tmp_path: Path) -> None:
    text = SHOWN_LITERALLY["click"]
    script, _ = write_case(tmp_path, script_yaml(text), catalog_yaml(text))
    app = preview_app(script)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        shows(app, text, "preview")
        # A broken file: the problems screen names it, brackets and all.
        broken = script.with_name("[b]broken[@click=app.quit].yaml")
        broken.write_text("format: 1\nid: x\n", encoding="utf-8")
        app2 = preview_app(broken)
        async with app2.run_test(size=WIDE) as pilot2:
            await settle(pilot2)
            assert "[b]broken[@click=app.quit].yaml needs a few fixes" in screen_text(app2)
            assert app2.return_code is None
    assert app.return_code is None


PASTED = "pasted \x1b]0;Owned\x07 \x1b[2J \x1b]52;c;aGk=\x07 \u202eevil\x9b end"
"""What a patient might paste from a web page or a terminal: escape sequences and an override."""


def no_control_drawn(app: CompanionApp) -> None:
    for strip in app.screen._compositor.render_strips():
        for segment in strip:
            assert not CONTROL.search(segment.text), repr(segment.text)


@sync
async def test_pasted_controls_are_kept_exactly_and_never_reach_the_terminal(
    tmp_path: Path,
) -> None:
    text = "Plain words"
    script, _ = write_case(tmp_path, script_yaml(text), catalog_yaml(text))
    library = load_library([script.parent])
    store = open_journal()
    app = create_app(library, lambda: store, locations(), clock=lambda: NOW, timings=QUICK)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await open_hostile(pilot, app)
        run = app.screen
        assert isinstance(run, RunScreen)
        while run.run.flow.current.type != "text":
            await pilot.press("ctrl+n")
            await settle(pilot)
        run.query_one(TextArea).insert(PASTED)
        await settle(pilot)
        no_control_drawn(app)
        assert "␛]0;Owned" in screen_text(app), "shown, as visible symbols"
        run_id = run.run.run_id
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert store.answers(run_id)["words"].value == PASTED, "stored exactly as typed"
        app.action_home()
        await settle(pilot)
        app.open_journal()
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, JournalRunScreen)
        no_control_drawn(app)
        assert "␛[2J" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        search = app.screen.query_one(Input)
        search.focus()
        search.insert_text_at_cursor("\x1b]0;Owned\x07 evil")
        await pilot.pause(0.2)  # QUICK's search pause is 0.05 s
        await settle(pilot)
        no_control_drawn(app)
        assert "Owned" in screen_text(app)
    store.close()
