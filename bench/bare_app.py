"""The floor for start-up and memory: a bare Textual app that shows one line."""

from textual.app import App, ComposeResult
from textual.widgets import Static

READY = "A bare Textual app is ready"


class BareApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Static(READY)


if __name__ == "__main__":
    BareApp().run()
