"""Where a guide's files live: one folder per (HQ, account) under the user data dir."""

from __future__ import annotations

import contextlib
import hashlib
import ipaddress
import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from platformdirs import user_data_dir

from guide_app.book.store import count_customers_cheaply
from guide_app.errors import ErrorCode, InvalidInput
from guide_app.protocol import API_PREFIX

APP_NAME = "GuideDesk"
_DEFAULT_PORTS = {"http": 80, "https": 443}
# The one name all loopback spellings share in an HQ's identity: 127.0.0.1 is what `guide-app`
# used by default, so books made with the default address keep their folder.
_LOOPBACK = "127.0.0.1"


@dataclass(frozen=True)
class HqAddress:
    """An HQ address said once: `base_url` to connect to, `key` to name its folder and token.

    Loopback spellings share a key (one machine) but each keeps its own host in `base_url`:
    an HQ that listens on [::1] only is not reachable at 127.0.0.1, and a TLS certificate
    names one of them.
    """

    scheme: str
    host: str  # lower case; an IPv6 address in brackets
    port: int | None  # None for the scheme's default port
    path: str  # "" or "/prefix", without a trailing slash or /api/v1

    @property
    def base_url(self) -> str:
        return f"{self.scheme}://{self._netloc(self.host)}{self.path}"

    @property
    def key(self) -> str:
        host = _LOOPBACK if _is_loopback(self.host) else self.host
        return f"{self.scheme}://{self._netloc(host)}{self.path}"

    def _netloc(self, host: str) -> str:
        return f"{host}:{self.port}" if self.port is not None else host


def hq_address(typed: str) -> HqAddress:
    """Normalise an HQ address as a guide or IT person may type it.

    Scheme and host lower case; http:// when no scheme is given; the scheme's default port,
    trailing slashes and an /api/v1 suffix dropped. InvalidInput when it is not an HQ address.
    """
    text = typed.strip()
    if "://" not in text:
        text = f"http://{text}"
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as error:
        raise _invalid(typed, str(error)) from error
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        raise _invalid(typed, "it must start with http:// or https://")
    if not parts.hostname or parts.username is not None or parts.query or parts.fragment:
        raise _invalid(typed, "write it as http://host:port, without a user, query or #part")
    host = parts.hostname.rstrip(".")  # urlsplit lower-cases it and drops IPv6 brackets
    if ":" in host:
        host = f"[{host}]"
    path = parts.path.rstrip("/")
    if path.lower().endswith(API_PREFIX):
        path = path[: -len(API_PREFIX)].rstrip("/")
    return HqAddress(
        scheme=scheme, host=host, port=None if port == _DEFAULT_PORTS[scheme] else port, path=path
    )


def _invalid(typed: str, why: str) -> InvalidInput:
    return InvalidInput(
        f"'{typed}' is not an HQ address: {why}", code=ErrorCode.hq_address_invalid, address=typed
    )


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    loopbacks = (ipaddress.ip_address("127.0.0.1"), ipaddress.ip_address("::1"))
    return address in loopbacks or getattr(address, "ipv4_mapped", None) in loopbacks


def data_root() -> Path:
    """The app's data folder; GUIDE_APP_DATA_DIR overrides it (tests, portable installs)."""
    override = os.environ.get("GUIDE_APP_DATA_DIR")
    return Path(override) if override else Path(user_data_dir(APP_NAME, appauthor=False))


def account_dir(hq_url: str, login: str) -> Path:
    """A folder only this account on this HQ uses, so guides sharing a PC never mix books.

    Named from the normalised address, so every spelling of one HQ finds the same book. A
    folder made by an older version under another spelling is moved here the first time.
    """
    address = hq_address(hq_url)
    # For an address already in normal form this is the older versions' name too, so books
    # made with the default HQ address keep their folder.
    folder = _folder_named(address.key, login)
    if folder.exists():
        return folder
    return _adopt_older_folder(folder, legacy_spellings(address, typed=hq_url), login) or folder


def book_path(hq_url: str, login: str) -> Path:
    return account_dir(hq_url, login) / "book.sqlite3"


def _folder_named(url: str, login: str) -> Path:
    """Readable prefix for IT staff, plus a hash so that two logins differing only in characters
    the file system cannot hold never share a folder. Older versions named folders this way from
    the address as typed."""
    parts = urlsplit(url.rstrip("/"))
    host = f"{parts.hostname or 'hq'}_{parts.port}" if parts.port else (parts.hostname or "hq")
    readable = re.sub(r"[^A-Za-z0-9._-]+", "_", f"{host}-{login}")[:60]
    digest = hashlib.sha256(f"{parts.scheme}://{parts.netloc}{parts.path}\n{login}".encode()).hexdigest()
    return data_root() / "books" / f"{readable}-{digest[:10]}"


def legacy_spellings(address: HqAddress, *, typed: str | None = None) -> list[str]:
    """Spellings older versions kept apart for this HQ (as they keyed folders and tokens):
    each loopback name, the default port written out, an /api/v1 suffix, and what was typed."""
    hosts = ["127.0.0.1", "localhost", "[::1]"] if _is_loopback(address.host) else [address.host]
    ports = [address.port] if address.port is not None else [None, _DEFAULT_PORTS[address.scheme]]
    spellings = [
        f"{address.scheme}://{host}{'' if port is None else f':{port}'}{path}"
        for host in hosts
        for port in ports
        for path in (address.path, f"{address.path}{API_PREFIX}")
    ]
    if typed is not None:
        spellings.append(typed.strip().rstrip("/"))
    return list(dict.fromkeys(spellings))


def _adopt_older_folder(folder: Path, spellings: list[str], login: str) -> Path | None:
    """Move an older version's folder for this HQ to `folder` and return where the book now is.

    Where several spellings each made one (the bug this fixes), the one whose book holds the
    most customers wins; the others stay where they are for IT staff.
    """
    candidates: list[Path] = []
    for url in spellings:
        with contextlib.suppress(ValueError):  # a spelling that never named a folder
            older = _folder_named(url, login)
            if older != folder and older.is_dir() and older not in candidates:
                candidates.append(older)
    if not candidates:
        return None
    best = max(candidates, key=lambda older: count_customers_cheaply(older / "book.sqlite3") or 0)
    try:
        best.rename(folder)
    except OSError:
        return best  # Windows refuses while an older version has the book open: use it in place
    return folder
