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

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from rich.segment import Segment
from rich.text import Text
from textual.content import Content
from textual.strip import Strip
from textual.widgets import Markdown

from companion.plaintext import CONTROL, visible


def literal(text: str, style: str = "") -> Content:
    """``text`` exactly as written (controls made visible), in ``style`` if one is given."""
    content = Content(visible(text))
    return content.stylize(style) if style else content


def join(*parts: Content | str, separator: str = "") -> Content:
    """Pieces joined into one; a plain ``str`` piece is taken literally as well."""
    pieces = [part if isinstance(part, Content) else literal(part) for part in parts]
    return Content(separator).join(pieces)


# --- Markdown ------------------------------------------------------------------------------------


def _text(content: str, like: Token) -> Token:
    token = Token("text", "", 0, content=content)
    token.level = like.level
    return token


def _shown_address(href: str, label: str) -> str | None:
    """What to add after a link's text: its address, unless the text already is the address."""
    bare = href.removeprefix("mailto:").removeprefix("tel:")
    if not href or label.strip() in (href, bare) or f"http://{label.strip()}" == href:
        return None
    return href


def _inline_links_as_text(children: list[Token]) -> list[Token]:
    """A link becomes its text followed by `` (address)``; an image becomes its description."""
    result: list[Token] = []
    open_links: list[tuple[str, int]] = []
    for token in children:
        if token.type == "link_open":
            open_links.append((str(token.attrs.get("href", "")), len(result)))
            continue
        if token.type == "link_close" and open_links:
            href, start = open_links.pop()
            label = "".join(t.content for t in result[start:] if t.type in ("text", "code_inline"))
            shown = _shown_address(href, label)
            if shown is not None:
                result.append(_text(f" ({shown})", token))
            continue
        if token.type == "image":
            alt = "".join(t.content for t in token.children or []) or token.attrs.get("alt", "")
            src = token.attrs.get("src", "")
            words = f"(picture: {alt}; {src})" if alt else f"(picture: {src})"
            result.append(_text(str(words), token))
            continue
        if token.children:
            token.children = _inline_links_as_text(token.children)
        result.append(token)
    return result


def _links_as_text(state: StateCore) -> None:
    for token in state.tokens:
        if token.type == "inline" and token.children:
            token.children = _inline_links_as_text(token.children)


def script_markdown_parser() -> MarkdownIt:
    """Markdown for script bodies: emphasis, lists, headings, tables; raw HTML is shown as the
    text it is, and no link or picture is left to follow."""
    parser = MarkdownIt("gfm-like", {"html": False})
    parser.core.ruler.push("companion_links_as_text", _links_as_text)
    return parser


class ScriptMarkdown(Markdown):
    """A script's Markdown: formatted, with every address in plain sight and nothing to open."""

    def __init__(self, markdown: str, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(
            visible(markdown),
            id=id,
            classes=classes,
            parser_factory=script_markdown_parser,
            open_links=False,
        )

    async def update(self, markdown: str) -> None:  # type: ignore[override]
        await super().update(visible(markdown))

    def on_markdown_link_clicked(self, event: Markdown.LinkClicked) -> None:
        # No link survives the parser; should one ever appear, it still opens nothing.
        event.stop()
        event.prevent_default()


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
