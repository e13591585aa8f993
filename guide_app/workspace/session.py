"""A manager's or HQ operator's signed-in session: who they are and a client for HQ's API.

They keep no customer book and no offline sign-in: everything they see is HQ's, fetched when a
screen asks for it, and every write goes to HQ at once. A workspace call is a coroutine
`fn(workspace, …)` run through `ui.ops.Ops.run_async`/`remote_write`; a write returns an
`Outcome` whose notice names the workspace areas it changed, as the guide's calls do.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from guide_app.account.accounts import GuideAccount
from guide_app.protocol import AccountPublic, Role
from guide_app.sync.client import HqClient

#: The roles that sign in to a workspace rather than a book.
WORKSPACE_ROLES = frozenset({Role.manager, Role.hq_admin})


@dataclass(frozen=True)
class Workspace:
    """The signed-in manager or HQ operator. `account` is their HQ and login (the token is kept
    where a guide's is); `me` is HQ's record of them at sign-in."""

    account: GuideAccount
    me: AccountPublic

    @property
    def role(self) -> Role:
        return self.me.role

    @property
    def is_hq(self) -> bool:
        return self.me.role is Role.hq_admin

    @property
    def region_id(self) -> int | None:
        """A manager's region; None for HQ, who sees every region."""
        return self.me.region_id

    @asynccontextmanager
    async def client(self) -> AsyncIterator[HqClient]:
        """A client with the remembered token; SignInNeeded when it is gone or expired."""
        async with self.account.client() as client:
            yield client
