"""Updates as the screens use them: what runs here, what HQ offers, downloading and staging it,
rollback, and the restart through the launcher. No Qt; every call reads or writes the disk or the
network, so a screen runs them off its UI thread.

The signed-metadata work (tuf, ~0.2 s to import) is imported on first use, not at the app's start.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from guide_app.errors import Cancelled, ErrorCode, GuideError
from guide_app.jobs import CancelToken, Phase, ProgressSink, Step
from guide_app.update.layout import (
    QUITTING_ENV,
    Installation,
    Refusal,
    UpdateNotApplied,
)
from guide_app.version import VERSION

if TYPE_CHECKING:
    from guide_app.update.fetch import UpdateOffer

_NOT_NEWER = (Refusal.not_newer, Refusal.held, Refusal.invalid_version)
# Arguments that make no sense for a restarted app: its stdin is gone.
_ONE_SHOT_ARGUMENTS = ("--password-stdin",)


class Availability(StrEnum):
    """What HQ has for this PC, after its signed metadata was checked."""

    up_to_date = "up_to_date"
    available = "available"  # a newer version, not yet downloaded
    staged = "staged"  # the newest is unpacked here and starts at the next restart
    held = "held"  # the newest at HQ was rolled back from on this PC: not offered again


@dataclass(frozen=True)
class UpdateCheck:
    availability: Availability
    newest: str | None  # the newest version HQ offers above the running one
    offer: UpdateOffer | None  # what to download, when available


@dataclass(frozen=True)
class UpdateStanding:
    """What the installation says, before HQ is asked anything."""

    running: str
    installed: bool
    next_start: str | None  # the version the next start runs, when it is not the running one
    previous: str | None  # the version kept to roll back to
    rolled_back_from: tuple[str, ...]


class Updates:
    """The updates of one installation from one HQ."""

    def __init__(
        self,
        hq_url: str,
        installation: Installation | None,
        *,
        running: str = VERSION,
        platform: str | None = None,
    ) -> None:
        self.hq_url = hq_url
        self.installation = installation
        self.running = running
        self._platform = platform

    @property
    def installed(self) -> Installation:
        if self.installation is None:
            raise GuideError(
                "updates apply to installed copies only; this one runs from source or an unpacked folder",
                code=ErrorCode.update_not_installed,
            )
        return self.installation

    @property
    def trust_dir(self) -> Path:
        return self.installed.root / "trust"

    @property
    def platform(self) -> str:
        if self._platform is None:
            from guide_app.update.fetch import platform_name

            self._platform = platform_name()
        return self._platform

    def standing(self) -> UpdateStanding:
        if self.installation is None:
            return UpdateStanding(self.running, False, None, None, ())
        state = self.installation.read_state()
        upcoming = state.staged or state.current
        previous = state.previous if self.installation.is_complete(state.previous) else None
        return UpdateStanding(
            running=self.running,
            installed=True,
            next_start=upcoming if upcoming not in (None, self.running) else None,
            previous=previous,
            rolled_back_from=state.held,
        )

    async def check(self) -> UpdateCheck:
        """Ask HQ for the newest version above the running one (signed metadata verified).
        Raises the not-installed error, UpdatesNotSetUp, UpdateRefused or Offline."""
        from guide_app.update.fetch import find_update

        installation = self.installed
        offer = await find_update(self.hq_url, self.trust_dir, self.running, self.platform)
        if offer is None:
            return UpdateCheck(Availability.up_to_date, None, None)
        state = await asyncio.to_thread(installation.read_state)
        if offer.version in state.held:
            return UpdateCheck(Availability.held, offer.version, None)
        if state.staged == offer.version and installation.is_complete(offer.version):
            return UpdateCheck(Availability.staged, offer.version, None)
        return UpdateCheck(Availability.available, offer.version, offer)

    async def download_and_stage(
        self, offer: UpdateOffer, progress: ProgressSink, cancel: CancelToken
    ) -> str:
        """Download the offer (resuming a partial one), verify it against the signed metadata,
        and unpack it to start at the next restart; returns its version. Progress counts bytes;
        a last step at the full size means it is being unpacked."""
        from guide_app.update.fetch import download_update

        installation = self.installed

        def downloaded(done: int, total: int) -> None:
            progress(Step(Phase.files, done, total))

        archive = await download_update(
            self.hq_url, self.trust_dir, installation.downloads, offer, downloaded, cancel
        )
        if cancel.cancelled:
            raise Cancelled("the update was cancelled before it was unpacked")
        progress(Step(Phase.files, offer.size, offer.size))
        await asyncio.to_thread(self._stage, archive, offer.version)
        return offer.version

    def _stage(self, archive: Path, version: str) -> None:
        installation = self.installed
        with _as_guide_errors():
            installation.stage(archive, version)
        # The verified archive is unpacked: it and any older download only take disk space now.
        with suppress(OSError):
            for leftover in installation.downloads.iterdir():
                leftover.unlink()

    def roll_back(self) -> str:
        """The previous version starts at the next restart, for good; returns it."""
        with _as_guide_errors():
            state = self.installed.request_rollback()
        assert state.current is not None
        return state.current

    def restart(self, arguments: Sequence[str]) -> None:
        """Start the launcher on its own (it outlives this app), which puts a staged version in
        place and starts it with `arguments`. The caller quits the app right after."""
        command = [*self._launcher_command(), *(a for a in arguments if a not in _ONE_SHOT_ARGUMENTS)]
        environment = {**os.environ, QUITTING_ENV: self.running}
        try:
            if sys.platform == "win32":
                flags = subprocess.DETACHED_PROCESS | subprocess.CREATE_NEW_PROCESS_GROUP
                subprocess.Popen(command, env=environment, creationflags=flags, close_fds=True)
            else:
                subprocess.Popen(
                    command,
                    env=environment,
                    start_new_session=True,
                    stdin=subprocess.DEVNULL,
                    close_fds=True,
                )
        except OSError as error:
            reason = f"the launcher cannot be started: {error}"
            raise GuideError(reason, code=ErrorCode.launcher_missing) from None

    def _launcher_command(self) -> list[str]:
        launcher = self.installed.launcher
        if launcher.is_file():
            return [str(launcher)]
        if not getattr(sys, "frozen", False):
            # From source (tests, IT staff trying a layout): the same launcher, as a module.
            return [sys.executable, "-m", "guide_app.update.launcher"]
        raise GuideError(f"{launcher} is missing", code=ErrorCode.launcher_missing)


@contextmanager
def _as_guide_errors() -> Iterator[None]:
    """The layout's refusals and disk failures in the guide's words."""
    try:
        yield
    except UpdateNotApplied as refused:
        if refused.reason in _NOT_NEWER:
            code = ErrorCode.update_not_newer
        elif refused.reason is Refusal.no_previous:
            code = ErrorCode.rollback_unavailable
        else:
            code = ErrorCode.update_unusable
        raise GuideError(refused.message, code=code, reason=refused.reason.value) from None
    except OSError as error:
        reason = f"the install folder cannot be written: {error}"
        raise GuideError(reason, code=ErrorCode.update_disk) from None
