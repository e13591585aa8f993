"""A guide's account on an HQ: signing in and out, and the book and client that belong to it."""

from __future__ import annotations

import asyncio
import contextlib
import platform
from dataclasses import dataclass
from pathlib import Path

from guide_app.account import offline, recent
from guide_app.account.credentials import StoredToken, TokenStore
from guide_app.account.paths import account_dir, book_path, hq_address
from guide_app.book.store import Book, open_book
from guide_app.errors import ErrorCode, GuideError
from guide_app.protocol import AccountPublic, Role
from guide_app.sync.client import HqClient, HqRefused, Offline, RetryPolicy, SignInNeeded
from guide_app.timeutil import utcnow

# A guide waits at the counter for a sign-in: three quick tries, then the offline path.
SIGN_IN_RETRY = RetryPolicy(attempts=3, base_delay=0.25, max_delay=1.0)
SIGN_IN_WITHIN = 15.0


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


@dataclass(frozen=True)
class SignInResult:
    """Who signed in, and whether HQ checked the password (online) or this PC did (offline).
    `me` is HQ's record of the account (None offline, which only a guide's book allows)."""

    display_name: str
    offline: bool
    me: AccountPublic | None = None

    @property
    def role(self) -> Role:
        return self.me.role if self.me is not None else Role.guide


async def sign_in(account: GuideAccount, password: str, *, workspace: bool = False) -> AccountPublic:
    """Check the password with HQ and remember the token. Only guides keep a customer book;
    managers and HQ operators sign in only where `workspace` is allowed (the window, not the
    book's command line), and keep no offline sign-in: their work is HQ's data.

    A guide's sign-in also keeps the password's hash for offline sign-in and the lock, and puts
    this HQ and login first in the PC's remembered lists. HQ saying the account is disabled
    removes the offline sign-in."""
    try:
        async with HqClient(account.hq_url, retry=SIGN_IN_RETRY, timeout=SIGN_IN_WITHIN) as client:
            answer = await client.login(account.login, password, device_name=platform.node()[:100])
    except HqRefused as refused:
        if refused.code is ErrorCode.account_disabled:
            offline.forget_password(account)
        raise
    if answer.account.role is not Role.guide and not workspace:
        raise HqRefused(
            "this desktop book is for store guides; managers and HQ use their workspaces",
            code=ErrorCode.not_a_guide,
        )
    account.tokens().save(StoredToken(token=answer.token, expires_at=answer.expires_at))
    if answer.account.role is Role.guide:
        await asyncio.to_thread(offline.remember_password, account, password, answer.account.display_name)
    recent.remember_sign_in(account.hq_url, account.login)
    return answer.account


async def sign_in_or_offline(account: GuideAccount, password: str) -> SignInResult:
    """Sign in at HQ (a guide, a manager or an HQ operator); when HQ cannot be reached, the
    password that last signed this guide in on this PC opens the book offline. Offline (code
    offline_never_signed_in) when there was no such sign-in here (a manager's never is);
    GuideError (offline_password_wrong) when the password is not that one."""
    try:
        me = await sign_in(account, password, workspace=True)
    except Offline as unreachable:
        known = offline.last_sign_in(account)
        if known is None:
            raise Offline(
                f"{unreachable.message}; {account.login} has not signed in on this PC before, so the "
                "book cannot open offline",
                code=ErrorCode.offline_never_signed_in,
            ) from unreachable
        if not await asyncio.to_thread(offline.check_offline, account, password):
            raise GuideError(
                f"{unreachable.message}; the password is not the one last used here",
                code=ErrorCode.offline_password_wrong,
            ) from unreachable
        recent.remember_sign_in(account.hq_url, account.login)
        return SignInResult(display_name=known.display_name, offline=True)
    return SignInResult(display_name=me.display_name, offline=False, me=me)


async def sign_out(account: GuideAccount) -> None:
    """Forget the token here and, when HQ can be reached, revoke it there too."""
    stored = account.tokens().load()
    account.tokens().forget()
    if stored is None:
        return
    async with HqClient(account.hq_url, stored.token) as client:
        with contextlib.suppress(Offline, SignInNeeded, HqRefused):  # signed out locally either way
            await client.logout()
