"""No network, ever: the suite-wide audit hook fails any connection, and the package has no
network code to make one."""

from __future__ import annotations

import re
import socket
from pathlib import Path

import pytest

from tests.conftest import NetworkUsed

PACKAGE = Path(__file__).resolve().parent.parent / "companion"
NETWORK_MODULES = re.compile(
    r"^\s*(import|from)\s+(socket|ssl|urllib|http|requests|httpx|aiohttp|ftplib|smtplib|xmlrpc)\b",
    re.MULTILINE,
)


def test_the_audit_hook_stops_a_connection() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock, pytest.raises(NetworkUsed):
        sock.connect(("127.0.0.1", 9))


def test_the_audit_hook_stops_a_name_lookup() -> None:
    with pytest.raises(NetworkUsed):
        socket.getaddrinfo("example.org", 443)


def test_the_package_imports_no_network_module() -> None:
    offenders = [
        f"{path.relative_to(PACKAGE)}: {match.group(0).strip()}"
        for path in PACKAGE.rglob("*.py")
        for match in NETWORK_MODULES.finditer(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
