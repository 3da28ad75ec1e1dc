"""What screens about one run share."""

from __future__ import annotations

from companion.app.screens.scrolling import Scrolling
from companion.run.run import Run


class RunHolder(Scrolling):
    """A screen about one run (walking it, or its summary). The run belongs to the screen; the
    app asks the screen stack for it (:attr:`CompanionApp.current_run`) and keeps no copy."""

    def __init__(self, run: Run) -> None:
        super().__init__()
        self.run = run
