"""A script's Markdown body, formatted, with every link shown as its text and address and
nothing to open (see :mod:`companion.app.literal`, which makes it reachable by name)."""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from textual.widgets import Markdown

from companion.plaintext import visible


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
