"""The ``companion`` command: the app, and the tools therapists and patients use around it."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="companion",
        description="A calm companion before and after a ketamine infusion session.",
    )
    parser.add_argument(
        "--scripts",
        metavar="DIR",
        action="append",
        default=[],
        help="also use the scripts in DIR (a script with the same id replaces an earlier one)",
    )
    parser.add_subparsers(dest="command", metavar="COMMAND")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        print("The companion app is not built yet.", file=sys.stderr)
        return 1
    return 0
