"""The one way text from a script, a variable, the sound catalog or the patient is drawn.

Whatever such text says is shown as it is written: never read as Textual markup (so ``[/]``
cannot crash a screen and ``[@click=...]`` is not an action), never a terminal control (control
characters become visible stand-ins, see :func:`companion.plaintext.visible`). Every screen
builds these words with :func:`literal` (or :func:`join` for several pieces); a script's
Markdown body goes through :class:`ScriptMarkdown`, which keeps the formatting but shows a link
as its text followed by its address and never opens anything.

Our own fixed sentences may use markup; words that come from outside never do.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from rich.segment import Segment
from rich.text import Text
from textual.content import Content
from textual.strip import Strip

from companion.plaintext import CONTROL, visible

if TYPE_CHECKING:
    from companion.app.script_markdown import ScriptMarkdown

__all__ = ["ScriptMarkdown", "join", "lines", "literal", "literal_strip", "literal_text"]


def __getattr__(name: str) -> Any:
    # The Markdown widget and markdown-it (~25 ms to import) are needed by a script's body, not
    # by the home screen: ScriptMarkdown lives in companion.app.script_markdown, still reachable
    # from here.
    if name in ("ScriptMarkdown", "script_markdown_parser"):
        from companion.app import script_markdown

        return getattr(script_markdown, name)
    raise AttributeError(name)


def literal(text: str, style: str = "") -> Content:
    """``text`` exactly as written (controls made visible), in ``style`` if one is given."""
    content = Content(visible(text))
    return content.stylize(style) if style else content


def join(*parts: Content | str, separator: str = "") -> Content:
    """Pieces joined into one; a plain ``str`` piece is taken literally as well."""
    pieces = [part if isinstance(part, Content) else literal(part) for part in parts]
    return Content(separator).join(pieces)


# --- Markdown ------------------------------------------------------------------------------------


def lines(parts: Iterable[Content]) -> Content:
    """Pieces one under the other."""
    return Content("\n").join(list(parts))


def literal_strip(strip: Strip) -> Strip:
    """A drawn line of the patient's own text box with its controls made visible.

    The text box keeps the words exactly as typed or pasted (an escape sequence included) and
    draws them itself; this is the last look before they reach the terminal. The stand-ins take
    a cell where the control took none, so the line is cut back to its width.
    """
    if not any(CONTROL.search(segment.text) for segment in strip):
        return strip
    width = strip.cell_length
    shown = Strip([Segment(visible(s.text), s.style, s.control) for s in strip])
    return shown.crop(0, width) if shown.cell_length > width else shown


def literal_text(text: str, style: str = "") -> Text:
    """The same for widgets that draw with Rich (tables, the scale): a Rich ``Text``, which never
    reads markup, with controls made visible."""
    return Text(visible(text), style=style)
