"""The organisation the workspace pages pick from: regions, stores and guides as the viewer sees them."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from guide_app.protocol import AccountPublic, RegionPublic, Role, StorePublic
from guide_app.workspace.session import Workspace


@dataclass(frozen=True)
class Organisation:
    """HQ's regions, stores and accounts as the viewer sees them (a manager: their region only)."""

    regions: list[RegionPublic]
    stores: list[StorePublic]
    accounts: list[AccountPublic]

    def stores_of(self, region_id: int | None) -> list[StorePublic]:
        """The stores of a region (None: every store the viewer sees), by code."""
        chosen = [store for store in self.stores if region_id is None or store.region_id == region_id]
        return sorted(chosen, key=lambda store: store.code)

    def guides_of(self, region_id: int | None, *, enabled_only: bool = True) -> list[AccountPublic]:
        """The guides of a region's stores (None: every guide the viewer sees), by store then name."""
        store_ids = {store.id for store in self.stores_of(region_id)}
        chosen = [
            account
            for account in self.accounts
            if account.role is Role.guide
            and account.store_id in store_ids
            and not (enabled_only and account.disabled)
        ]
        codes = {store.id: store.code for store in self.stores}
        return sorted(chosen, key=lambda guide: (codes.get(guide.store_id or 0, ""), guide.display_name))

    def store(self, store_id: int | None) -> StorePublic | None:
        return next((store for store in self.stores if store.id == store_id), None)

    def account(self, account_id: int) -> AccountPublic | None:
        return next((account for account in self.accounts if account.id == account_id), None)

    def region(self, region_id: int | None) -> RegionPublic | None:
        return next((region for region in self.regions if region.id == region_id), None)


async def organisation(workspace: Workspace, *, with_accounts: bool = True) -> Organisation:
    """Regions, stores and (unless a page needs only places) accounts, read together. HQ's
    account list is every guide of the chain: a page picking a region or a store skips it."""
    async with workspace.client() as client:
        regions, stores = await asyncio.gather(
            client.get_list("/regions", RegionPublic), client.get_list("/stores", StorePublic)
        )
        accounts = await client.get_list("/accounts", AccountPublic) if with_accounts else []
    return Organisation(regions=regions, stores=stores, accounts=accounts)
