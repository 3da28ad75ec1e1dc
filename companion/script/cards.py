"""What home needs of the library at once, without the script model.

Each usable script gives a :class:`ScriptCard` (what home shows of it and what the course rules
time it by), and each file that could not be loaded the title it meant to have. The library
cache stores these beside the library, so that start-up draws home from them and builds the
script model (27 dataclasses) and the whole library only when first needed, after home's first
paint (see docs/performance.md). Both come from the same checked cache, so they always agree.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING, Any, NamedTuple

from companion.script import timing

if TYPE_CHECKING:
    from companion.script.library import Library
    from companion.script.model import LoadedScript


class ScriptCard(NamedTuple):
    """One script as home offers it, and when the course offers it."""

    id: str
    title: str
    phase: str
    """``before`` or ``after``."""
    summary: str | None
    """With the script's variables filled in."""
    minutes: int | None
    offer_after: str | None
    offer_before: str | None
    for_infusion: str

    @classmethod
    def of(cls, loaded: LoadedScript) -> ScriptCard:
        script = loaded.script
        return cls(
            id=script.id,
            title=script.title,
            phase=script.phase,
            summary=script.render(script.summary) if script.summary else None,
            minutes=script.minutes,
            offer_after=script.offer_after,
            offer_before=script.offer_before,
            for_infusion=script.for_infusion,
        )

    @property
    def offer_delay(self) -> timedelta | None:
        return timing.parse_duration(self.offer_after) if self.offer_after else None

    @property
    def offer_ahead(self) -> timedelta | None:
        return timing.parse_duration(self.offer_before) if self.offer_before else None

    def prepares_for(self, number: int) -> bool:
        return timing.prepares_for(self.for_infusion, number)


def unavailable_titles(library: Library) -> list[str | None]:
    """For each file that could not be loaded, the title of the script it meant to be (its own,
    or that of the earlier copy it withheld); None when it has none."""
    withheld = {id(result): earlier for earlier, result in library.withheld}
    titles: list[str | None] = []
    for result in library.failed:
        earlier = withheld.get(id(result))
        titles.append(result.meant_title or (earlier.script.title if earlier else None))
    return titles


class LibraryIndex:
    """The library as home first needs it: the cards and the unavailable titles at once, the
    whole :class:`~companion.script.library.Library` when it is first asked for (built once)."""

    def __init__(
        self,
        cards: list[ScriptCard],
        unavailable: list[str | None],
        build: Callable[[], Library],
    ) -> None:
        self.cards = cards
        self.unavailable = unavailable
        self._build: Callable[[], Library] | None = build
        self._library: Library | None = None

    @classmethod
    def of(cls, library: Library) -> LibraryIndex:
        """The index of a library already built."""
        index = cls(
            [ScriptCard.of(s) for s in library.scripts.values()],
            unavailable_titles(library),
            lambda: library,
        )
        index._library = library
        return index

    @property
    def built(self) -> bool:
        """Whether the whole library is there yet."""
        return self._library is not None

    @property
    def library(self) -> Library:
        return self.build()

    def build(self) -> Library:
        """The whole library, built the first time (the script model is imported then). The
        cards are made again from it: should the cache's library have been unreadable and the
        scripts loaded afresh, what home offers next is what the library holds."""
        if self._library is None:
            assert self._build is not None
            self._library = library = self._build()
            self._build = None
            self.cards = [ScriptCard.of(s) for s in library.scripts.values()]
            self.unavailable = unavailable_titles(library)
        return self._library

    def to_json(self) -> dict[str, Any]:
        return {"cards": [card._asdict() for card in self.cards], "unavailable": self.unavailable}

    @classmethod
    def from_json(cls, data: dict[str, Any], build: Callable[[], Library]) -> LibraryIndex:
        """Raises KeyError, TypeError or ValueError for anything that is not what
        :meth:`to_json` writes (the cache is then rebuilt)."""
        cards = [ScriptCard(**card) for card in data["cards"]]
        for card in cards:
            words = (card.id, card.title, card.phase, card.for_infusion)
            maybe = (card.summary, card.offer_after, card.offer_before)
            if not all(isinstance(w, str) for w in words) or not all(
                m is None or isinstance(m, str) for m in maybe
            ):
                raise ValueError(card)
            if card.minutes is not None and type(card.minutes) is not int:
                raise ValueError(card)
        unavailable = data["unavailable"]
        if not isinstance(unavailable, list) or not all(
            t is None or isinstance(t, str) for t in unavailable
        ):
            raise ValueError(unavailable)
        return cls(cards, unavailable, build)
