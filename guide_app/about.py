"""What the About dialog tells: the app's version, the HQ in use and the data folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from guide_app.account.paths import data_root, hq_address
from guide_app.errors import InvalidInput
from guide_app.version import PROTOCOL_LEVEL, VERSION


@dataclass(frozen=True)
class About:
    version: str
    protocol_level: int
    hq_address: str | None  # None before anyone signed in to an HQ on this window
    data_folder: Path


def about(hq_url: str | None) -> About:
    """The facts at the top of the dialog; the licence notices are `guide_app.licenses`' (slower:
    they read some seventy dist-infos, so the dialog reads them off the UI thread)."""
    return About(
        version=VERSION,
        protocol_level=PROTOCOL_LEVEL,
        hq_address=shown_hq_address(hq_url),
        data_folder=data_root(),
    )


def shown_hq_address(hq_url: str | None) -> str | None:
    """The HQ address as the app connects to it; as typed when it does not read as one."""
    if not hq_url or not hq_url.strip():
        return None
    try:
        return hq_address(hq_url).base_url
    except InvalidInput:
        return hq_url.strip()
