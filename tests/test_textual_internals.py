"""Textual's private internals the app relies on: an upgrade that changes one fails here, by name.

Textual is pinned exactly in pyproject.toml because of these. When upgrading, every failure below
names the internal and the place in the companion that uses it; mend that place, then the pin.
"""

from __future__ import annotations

import inspect
from typing import NoReturn

import pytest
import textual
from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, TextArea

from companion.app.themes import DEFAULT_THEME
from companion.app.widgets.footer import WATCHERS
from tests.helpers.apps import make_app, sync

USED_BY = {
    "App._handle_exception": "companion/app/app.py (our crash path replaces Textual's report)",
    "App._exit_renderables": "companion/app/app.py (the apology printed after the app ends)",
    "App._close_messages_no_wait": "companion/app/app.py (ending the app from the crash path)",
    "App._exception / App._exception_event": (
        "companion/app/app.py (the crash path records it; CompanionApp.run_test stops waiting on it)"
    ),
    "App._return_code": "companion/app/app.py (exit status 1 after a crash)",
    "Footer.bindings_changed / Footer._bindings_ready": (
        "companion/app/widgets/footer.py (and Footer.show_keys, which builds a held footer's keys)"
    ),
    "Screen.active_bindings as (node, binding, enabled, tooltip)": "companion/app/widgets/footer.py",
    f"DOMNode.{WATCHERS}": "companion/app/widgets/footer.py (drop_dead_watchers)",
    "DOMNode._closing / DOMNode._closed": "companion/app/widgets/footer.py",
    "Screen.text_selection_started_signal": "companion/app/widgets/steps/text.py (Words)",
    "Screen._push_result_callback(requester, callback)": (
        "companion/app/app.py (CompanionApp.get_default_screen: switch_screen takes one back)"
    ),
    "App._watch_theme / App._refresh_truecolor_filter": (
        "companion/app/app.py (CompanionApp._first_theme does the theme watcher's work at once)"
    ),
}


def _fail(internal: str) -> NoReturn:
    pytest.fail(
        f"Textual {textual.__version__} changed the internal {internal}, "
        f"used by {USED_BY[internal]}: mend that place before moving the pin."
    )


def test_a_screen_takes_a_result_callback_as_the_app_gives_it() -> None:
    internal = "Screen._push_result_callback(requester, callback)"
    method = getattr(Screen, "_push_result_callback", None)
    if not callable(method):
        _fail(internal)
    if list(inspect.signature(method).parameters)[:3] != ["self", "requester", "callback"]:
        _fail(internal)


def test_app_internals_of_the_crash_path() -> None:
    if not callable(getattr(App, "_handle_exception", None)):
        _fail("App._handle_exception")
    if list(inspect.signature(App._handle_exception).parameters) != ["self", "error"]:
        _fail("App._handle_exception")
    if not callable(getattr(App, "_close_messages_no_wait", None)):
        _fail("App._close_messages_no_wait")


class _Probe(App[None]):
    def compose(self) -> ComposeResult:
        yield TextArea("words")
        yield Footer()


@sync
async def test_instance_internals() -> None:
    app = _Probe()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for name in ("_exit_renderables",):
            if not isinstance(getattr(app, name, None), list):
                _fail("App._exit_renderables")
        if not hasattr(app, "_exception") or not hasattr(app, "_exception_event"):
            _fail("App._exception / App._exception_event")
        if not hasattr(app, "_return_code"):
            _fail("App._return_code")
        # Every TextArea watches the app's theme: the watchers live in this attribute.
        watchers = getattr(app, WATCHERS, None)
        if not isinstance(watchers, dict) or not watchers:
            _fail(f"DOMNode.{WATCHERS}")
        for bound in watchers.values():
            for pair in bound:
                owner = pair[0]
                if not (hasattr(owner, "_closing") and hasattr(owner, "_closed")):
                    _fail("DOMNode._closing / DOMNode._closed")
        footer = app.query_one(Footer)
        if not callable(getattr(footer, "bindings_changed", None)) or not hasattr(
            footer, "_bindings_ready"
        ):
            _fail("Footer.bindings_changed / Footer._bindings_ready")
        for value in app.screen.active_bindings.values():
            if not (isinstance(value, tuple) and len(value) == 4):
                _fail("Screen.active_bindings as (node, binding, enabled, tooltip)")
        signal = getattr(app.screen, "text_selection_started_signal", None)
        if signal is None or not callable(getattr(signal, "unsubscribe", None)):
            _fail("Screen.text_selection_started_signal")
        assert isinstance(app.screen, Screen)


@sync
async def test_the_first_theme_is_set_as_textuals_own_watcher_sets_it() -> None:
    """The app chooses its first theme without Textual's watcher (which would parse every style
    sheet again before home's first paint) by doing what the watcher does: the same classes,
    variables and colour filter as a theme set the usual way."""
    internal = "App._watch_theme / App._refresh_truecolor_filter"
    if not all(
        callable(getattr(App, name, None)) for name in internal.replace("App.", "").split(" / ")
    ):
        _fail(internal)

    def state(app: App[int]) -> tuple[set[str], dict[str, str], list[str]]:
        filters = [type(f).__name__ for f in app._filters]
        return set(app.classes), dict(app.stylesheet._variables), filters

    first = make_app()  # its theme chosen by _first_theme, before anything runs
    chosen = state(first)
    usual = make_app()
    async with usual.run_test(size=(80, 24)) as pilot:
        usual.theme = "companion-light"
        await pilot.pause()
        usual.theme = DEFAULT_THEME  # through Textual's watcher
        await pilot.pause()
        if state(usual) != chosen:
            _fail(internal)
