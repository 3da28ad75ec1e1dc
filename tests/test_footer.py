"""F1 Support is always shown whole in the footer at 80 columns, on every kind of step."""

from __future__ import annotations

from textual.widgets._footer import FooterKey

from companion.app.screens.run import RunScreen
from companion.app.screens.summary import SummaryScreen
from tests.helpers.apps import make_app, open_first, sync


def support_fits(screen: object, width: int) -> bool:
    keys = [k for k in screen.query(FooterKey) if k.action == "support"]  # type: ignore[attr-defined]
    return len(keys) == 1 and keys[0].region.width > 0 and keys[0].region.right <= width


@sync
async def test_support_key_fits_on_every_step_at_80_columns() -> None:
    app = make_app()
    seen = set()
    async with app.run_test(size=(80, 24)) as pilot:
        assert support_fits(app.screen, 80), "home"
        await open_first(pilot)
        for _ in range(30):
            screen = app.screen
            if isinstance(screen, SummaryScreen):
                break
            if isinstance(screen, RunScreen):
                step = screen.run.flow.current
                seen.add(step.type)
                await pilot.pause()
                assert support_fits(screen, 80), step.id
                await pilot.press("space", "3", "ctrl+n")
            else:
                await pilot.press("escape")
        assert support_fits(app.screen, 80), "summary"
    assert {"info", "checklist", "scale", "choice", "text", "breathing"} <= seen
