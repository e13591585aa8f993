"""A small organisation for tests: two regions, two stores each, guides, managers and HQ."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from guide_app.protocol import Role
from hq.core.db import Database
from hq.core.security import hash_password
from hq.services import org

PASSWORD = "test-pass-2026"


@dataclass
class OrgFixture:
    """Logins by role and place; ids are filled in as accounts are made."""

    ids: dict[str, int] = field(default_factory=dict)  # login -> account id
    store_ids: dict[str, int] = field(default_factory=dict)  # store code -> id
    region_ids: dict[str, int] = field(default_factory=dict)  # region name -> id

    # Region 东区: stores E1, E2; region 南区: stores S1, S2.
    admin = "hq.admin"
    manager_east = "mgr.east"
    manager_south = "mgr.south"
    guide_e1 = "guide.e1a"
    guide_e1_b = "guide.e1b"
    guide_e2 = "guide.e2a"
    guide_s1 = "guide.s1a"
    guide_s2 = "guide.s2a"
    disabled_guide = "guide.e1.gone"


@functools.cache
def password_hash() -> str:
    """PASSWORD's argon2 hash, made once per test process: hashing it for each of the nine
    accounts took 0.6 s before every test that seeds the organisation."""
    return hash_password(PASSWORD)


async def seed_org(database: Database) -> OrgFixture:
    fixture = OrgFixture()
    async with database.writing() as session:
        east = await org.upsert_region(session, "东区")
        south = await org.upsert_region(session, "南区")
        for region, codes in ((east, ("E1", "E2")), (south, ("S1", "S2"))):
            assert region.id is not None
            fixture.region_ids[region.name] = region.id
            for code in codes:
                store = await org.upsert_store(session, code, f"{code}店", region, city="上海")
                assert store.id is not None
                fixture.store_ids[code] = store.id
        accounts = [
            (fixture.admin, Role.hq_admin, None, None),
            (fixture.manager_east, Role.manager, None, "东区"),
            (fixture.manager_south, Role.manager, None, "南区"),
            (fixture.guide_e1, Role.guide, "E1", None),
            (fixture.guide_e1_b, Role.guide, "E1", None),
            (fixture.guide_e2, Role.guide, "E2", None),
            (fixture.guide_s1, Role.guide, "S1", None),
            (fixture.guide_s2, Role.guide, "S2", None),
            (fixture.disabled_guide, Role.guide, "E1", None),
        ]
        for login, role, store, region in accounts:
            account = await org.add_account(
                session,
                login,
                login,
                role,
                PASSWORD,
                store_code=store,
                region_name=region,
                password_hash=password_hash(),
            )
            assert account.id is not None
            fixture.ids[login] = account.id
    return fixture
