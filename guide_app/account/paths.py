"""Where a guide's files live: one folder per (HQ, account) under the user data dir."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

from platformdirs import user_data_dir

APP_NAME = "GuideDesk"


def data_root() -> Path:
    """The app's data folder; GUIDE_APP_DATA_DIR overrides it (tests, portable installs)."""
    override = os.environ.get("GUIDE_APP_DATA_DIR")
    return Path(override) if override else Path(user_data_dir(APP_NAME, appauthor=False))


def account_dir(hq_url: str, login: str) -> Path:
    """A folder only this account on this HQ uses, so guides sharing a PC never mix books.

    Readable prefix for IT staff, plus a hash so that two logins differing only in characters
    the file system cannot hold never share a folder.
    """
    parts = urlsplit(hq_url.rstrip("/"))
    host = f"{parts.hostname or 'hq'}_{parts.port}" if parts.port else (parts.hostname or "hq")
    readable = re.sub(r"[^A-Za-z0-9._-]+", "_", f"{host}-{login}")[:60]
    digest = hashlib.sha256(f"{parts.scheme}://{parts.netloc}{parts.path}\n{login}".encode()).hexdigest()[:10]
    return data_root() / "books" / f"{readable}-{digest}"


def book_path(hq_url: str, login: str) -> Path:
    return account_dir(hq_url, login) / "book.sqlite3"
