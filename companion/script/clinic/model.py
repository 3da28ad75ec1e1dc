"""The clinic profile (``clinic.yaml``) and the bundled crisis-line data, as ``spec()`` models.

Like :mod:`companion.script.model`, the fields carry their own descriptions and limits, so the
loader, the checker and ``companion schema clinic`` all read them from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from companion.script.model import VARIABLE_PATTERN, SupportEntry, spec

REGION_PATTERN = r"^[A-Z]{2}$"
REGION_HINT = "two capital letters, such as GB or US (an ISO 3166-1 alpha-2 code)"
NUMBER_PATTERN = r"^[0-9]([0-9 ]*[0-9])?$"
SOURCE_PATTERN = r"^https://[^\s]+$"

# Every ISO 3166-1 alpha-2 code in use, so that a typing slip is told apart from a real region.
ISO_REGIONS = frozenset(
    """
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR
    BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ
    EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW
    GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY
    KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV
    MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY
    QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG
    TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM
    ZW
    """.split()
)
# Codes people often write that ISO 3166-1 spells otherwise.
COMMON_SLIPS = {"UK": "GB", "EN": "GB", "EL": "GR"}

__all__ = ["VARIABLE_PATTERN"]


@dataclass(frozen=True, kw_only=True)
class ClinicProfile:
    """A clinic's profile: its name, where its patients live, its contacts and shared values."""

    format: Literal[1] = spec("The format version of this file; always 1 for now.")
    name: str = spec("The clinic's name, as patients know it.", text=True)
    region: str | None = spec(
        "Where the clinic's patients live, as an ISO 3166-1 alpha-2 code such as GB, US or AU: "
        "chooses the crisis lines shown. Leave it out to let each patient's computer or choice "
        "decide.",
        default=None,
        pattern=REGION_PATTERN,
        pattern_hint=REGION_HINT,
    )
    variables: dict[str, str] = spec(
        "Values usable as {name} in every script, such as the clinic's phone number; they take "
        "the place of a script's own value with the same name.",
        default={},
    )
    support: tuple[SupportEntry, ...] = spec(
        "The clinic's own contacts, shown first on every support screen.", default=()
    )
    hide: tuple[str, ...] = spec(
        "Ids of bundled scripts this clinic does not use; they are not offered.", default=()
    )


@dataclass(frozen=True, kw_only=True)
class CrisisLine:
    """A service someone can reach at once, checked against a public source."""

    name: str = spec("The service's name, such as `Samaritans`.")
    call: tuple[str, ...] = spec("Numbers to call, digits and spaces only.", default=())
    text: tuple[str, ...] = spec("Numbers to send a text message to.", default=())
    hours: str | None = spec("When it answers, such as `any time, day or night`.", default=None)
    source: str = spec(
        "The public page the numbers were checked against (https://...).", pattern=SOURCE_PATTERN
    )
    verified: date = spec(
        "When someone last checked the numbers against the source (YYYY-MM-DD); an entry more "
        "than a year old gives a warning, and the test suite fails on it."
    )


@dataclass(frozen=True, kw_only=True)
class RegionLines:
    """The crisis lines and the emergency number for one region."""

    code: str = spec("The region, as an ISO 3166-1 alpha-2 code.", pattern=REGION_PATTERN)
    name: str = spec("The region's name as it reads in a sentence, such as `the United Kingdom`.")
    emergency: CrisisLine = spec("The emergency number.")
    lines: tuple[CrisisLine, ...] = spec("Crisis lines, the first one first.", min_items=1)


@dataclass(frozen=True, kw_only=True)
class CrisisFile:
    """The bundled crisis lines, by region."""

    format: Literal[1] = spec("The format version of this file; always 1 for now.")
    regions: tuple[RegionLines, ...] = spec("One entry per region.", min_items=1)
