"""A guide's account on an HQ: signing in and out, and the book and client that belong to it."""

from __future__ import annotations

import contextlib
import platform
from dataclasses import dataclass
from pathlib import Path

from guide_app.account.credentials import StoredToken, TokenStore
from guide_app.account.paths import account_dir, book_path, hq_address
from guide_app.book.store import Book, open_book
from guide_app.errors import ErrorCode
from guide_app.protocol import AccountPublic, Role
from guide_app.sync.client import HqClient, HqRefused, Offline, SignInNeeded
from guide_app.timeutil import utcnow


@dataclass(frozen=True)
class GuideAccount:
    """One login on one HQ; guides sharing a PC each have their own.

    `hq_url` is normalised on creation (see `hq_address`): every spelling of one HQ gives the
    same folder, token and base URL. InvalidInput when it is not an HQ address.
    """

    hq_url: str
    login: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "hq_url", hq_address(self.hq_url).base_url)

    @property
    def folder(self) -> str:
        return str(account_dir(self.hq_url, self.login))

    @property
    def asset_folder(self) -> Path:
        """Where the content library's files are kept for this account."""
        return Path(self.folder) / "assets"

    @property
    def book_path(self) -> Path:
        return book_path(self.hq_url, self.login)

    def open_book(self, *, start_empty: bool = False) -> Book:
        """BookMissing or BookCorrupt (see `open_book`) name the backups the guide may restore;
        `start_empty=True` is the guide's choice to start an empty book despite backups."""
        return open_book(self.book_path, start_empty=start_empty)

    def tokens(self) -> TokenStore:
        return TokenStore(self.hq_url, self.login)

    def client(self) -> HqClient:
        """A client carrying the remembered token; SignInNeeded if there is none or it expired."""
        stored = self.tokens().load()
        if stored is None or stored.expires_at <= utcnow():
            raise SignInNeeded("please sign in to HQ", code=ErrorCode.sign_in_needed)
        return HqClient(self.hq_url, stored.token)


async def sign_in(account: GuideAccount, password: str) -> AccountPublic:
    """Check the password with HQ and remember the token. Only guides keep a customer book."""
    async with HqClient(account.hq_url) as client:
        answer = await client.login(account.login, password, device_name=platform.node()[:100])
    if answer.account.role is not Role.guide:
        raise HqRefused(
            "this desktop book is for store guides; managers and HQ use their workspaces",
            code=ErrorCode.not_a_guide,
        )
    account.tokens().save(StoredToken(token=answer.token, expires_at=answer.expires_at))
    return answer.account


async def sign_out(account: GuideAccount) -> None:
    """Forget the token here and, when HQ can be reached, revoke it there too."""
    stored = account.tokens().load()
    account.tokens().forget()
    if stored is None:
        return
    async with HqClient(account.hq_url, stored.token) as client:
        with contextlib.suppress(Offline, SignInNeeded, HqRefused):  # signed out locally either way
            await client.logout()
