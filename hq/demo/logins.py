"""The demo's logins, as `guide-hq demo` prints them."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from guide_app.protocol import Role
from hq.core.config import DEFAULT_PORT
from hq.demo.chain import ADMIN_LOGIN, ADMIN_NAME, DEMO_PASSWORD, MANAGERS, REGIONS, ROLE_LABELS, STORES
from hq.demo.library import CONTENT
from hq.demo.playbook import SOPS, TASKS

# --------------------------------------------------------------------------- logins


@dataclass(frozen=True)
class DemoLogin:
    login: str
    role: Role
    display_name: str
    place: str  # store and region, or region, or 总部


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _display_width(text))


@dataclass(frozen=True)
class DemoLogins:
    """The demo's accounts and their one password, as `guide-hq demo` prints them."""

    accounts: tuple[DemoLogin, ...]
    password: str = DEMO_PASSWORD
    created: bool = True
    headline: str = ""

    def render(self) -> str:
        header = ("login", "role", "name", "store / region")
        rows = [header] + [
            (
                account.login,
                f"{account.role.value} {ROLE_LABELS[account.role]}",
                account.display_name,
                account.place,
            )
            for account in self.accounts
        ]
        widths = [max(_display_width(row[column]) for row in rows) for column in range(3)]
        lines = [self.headline, ""]
        for row in rows:
            lines.append(
                "  ".join(_pad(cell, width) for cell, width in zip(row[:3], widths, strict=True))
                + "  "
                + row[3]
            )
        lines += [
            "",
            f"Password for every demo login: {self.password}",
            "Sign in: run `guide-hq serve` with the same --data-dir, open the desktop app (guide-app), "
            f"set the HQ address to http://127.0.0.1:{DEFAULT_PORT} and use any login above.",
        ]
        return "\n".join(lines)


def demo_logins(created: bool) -> DemoLogins:
    regions_of = {store.code: store.region for store in STORES}
    accounts = [DemoLogin(ADMIN_LOGIN, Role.hq_admin, ADMIN_NAME, "总部")]
    accounts += [DemoLogin(login, Role.manager, name, region) for login, name, region in MANAGERS]
    accounts += [
        DemoLogin(login, Role.guide, name, f"{store.name} ({store.code}) · {regions_of[store.code]}")
        for store in STORES
        for login, name in store.guides
    ]
    if created:
        headline = (
            f"Demo seeded: {len(REGIONS)} regions, {len(STORES)} stores, {len(accounts)} accounts, "
            f"{len(CONTENT)} content items, {len(SOPS)} SOP templates, {len(TASKS)} manager tasks."
        )
    else:
        headline = "The demo organisation was already there; nothing was added."
    return DemoLogins(accounts=tuple(accounts), created=created, headline=headline)
