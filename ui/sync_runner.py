"""Sync in the background: on demand, on an interval, and soon after the network comes back; one at a time."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtNetwork import QNetworkInformation

from guide_app.account.accounts import GuideAccount
from guide_app.book.store import Book
from guide_app.calls.sync import SyncOutcome, run_sync
from guide_app.errors import ErrorCode, GuideError
from guide_app.jobs import CancelToken, ProgressSink, Step
from guide_app.sync.client import HqClient
from ui.ops import Ops, Running

# Minutes between background syncs while the app is open.
SYNC_EVERY_MINUTES = 10
# While offline, try again this often (a store's network often comes back on its own).
OFFLINE_RETRY_SECONDS = 60
# After HQ refused this app's version (or this app HQ's), ask again only this seldom: nothing
# changes before an update, and a chain's hundreds of PCs must not knock every few minutes.
VERSION_REFUSED_RETRY_MINUTES = 30
VERSION_REFUSALS = (ErrorCode.client_too_old, ErrorCode.hq_too_old)


class SyncState(Enum):
    idle = "idle"
    running = "running"


@dataclass(frozen=True)
class SyncResult:
    """How the last sync ended: its outcome, or the error that stopped it."""

    outcome: SyncOutcome | None
    error: GuideError | None

    @property
    def offline(self) -> bool:
        return self.error is not None and self.error.code in (ErrorCode.offline, ErrorCode.hq_timeout)

    @property
    def version_refused(self) -> bool:
        """This app and HQ are releases that do not sync together until one is updated."""
        return self.error is not None and self.error.code in VERSION_REFUSALS


class SyncRunner(QObject):
    """Starts syncs through `Ops` and tells the window how they go. It never runs two at once:
    asking while one runs is a no-op, and cancel stops the running one at a clean point."""

    started = Signal()
    progressed = Signal(object)  # Step
    finished = Signal(object)  # SyncResult

    def __init__(
        self,
        ops: Ops,
        account: GuideAccount,
        parent: QObject | None = None,
        *,
        every_minutes: float = SYNC_EVERY_MINUTES,
        client: Callable[[], HqClient] | None = None,
    ) -> None:
        """`client` makes the HQ client for one sync (default: the account's remembered sign-in)."""
        super().__init__(parent)
        self._ops = ops
        self._account = account
        self._running: Running[SyncOutcome] | None = None
        self._client = client if client is not None else account.client
        self._every_ms = int(every_minutes * 60_000)  # the PC's setting; longer while refused
        self._version_refused = False
        self._interval = QTimer(self)
        self._interval.setInterval(self._every_ms)
        self._interval.timeout.connect(self.sync_now)
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.setInterval(OFFLINE_RETRY_SECONDS * 1000)
        self._retry.timeout.connect(self.sync_now)
        self._watch_network()

    @property
    def state(self) -> SyncState:
        return SyncState.running if self._running is not None else SyncState.idle

    def start(self) -> None:
        """Sync now, then every interval."""
        self._interval.start()
        self.sync_now()

    def stop(self) -> None:
        self._interval.stop()
        self._retry.stop()
        self.cancel()

    def set_every_minutes(self, minutes: float) -> None:
        """A new interval (the PC's settings changed), counted from now if syncs are running."""
        self._every_ms = int(minutes * 60_000)
        self._pace()

    def _pace(self) -> None:
        """Sync at the PC's interval or, while the version is refused, at most every 30 minutes;
        counted from now if syncs are running."""
        refused_ms = VERSION_REFUSED_RETRY_MINUTES * 60_000
        every = max(self._every_ms, refused_ms) if self._version_refused else self._every_ms
        self._interval.setInterval(every)
        if self._interval.isActive():
            self._interval.start()

    @property
    def every_ms(self) -> int:
        return self._interval.interval()

    def sync_now(self) -> None:
        if self._running is not None:
            return
        self._retry.stop()
        self.started.emit()
        self._running = self._ops.async_job(
            self._one_sync,
            self._succeeded,
            progress=self.progressed.emit,
            failure=self._failed,
            name="sync",
        )

    def cancel(self) -> None:
        if self._running is not None:
            self._running.token.cancel()  # the job stops at a clean point and reports Cancelled

    async def _one_sync(self, book: Book, progress: ProgressSink, cancel: CancelToken) -> SyncOutcome:
        async with self._client() as client:
            return await run_sync(book, client, self._account.asset_folder, progress=progress, cancel=cancel)

    def _succeeded(self, outcome: SyncOutcome) -> None:
        self._running = None
        if self._version_refused:  # this app or HQ was updated: back to the PC's interval
            self._version_refused = False
            self._pace()
        self.finished.emit(SyncResult(outcome, None))

    def _failed(self, error: BaseException) -> None:
        self._running = None
        if not isinstance(error, GuideError):
            error = GuideError(f"sync stopped by an unexpected error: {error!r}")
        result = SyncResult(None, error)
        if result.offline:
            self._retry.start()
        elif result.version_refused and not self._version_refused:
            self._version_refused = True
            self._pace()
        self.finished.emit(result)  # a cancelled sync too: the bar goes back to its state

    def _watch_network(self) -> None:
        """Sync soon after the PC's network comes back, where Qt can tell (Windows, NetworkManager)."""
        if not QNetworkInformation.loadDefaultBackend():
            return  # no backend here: the offline retry timer covers it
        information = QNetworkInformation.instance()
        if information is None:
            return
        information.reachabilityChanged.connect(self._reachability_changed)

    def _reachability_changed(self, reachability: QNetworkInformation.Reachability) -> None:
        online = QNetworkInformation.Reachability.Online, QNetworkInformation.Reachability.Site
        if reachability in online and self._retry.isActive():  # only after HQ was found unreachable
            QTimer.singleShot(2_000, self.sync_now)  # let the connection settle


def step_fraction(step: Step) -> float | None:
    """How far a step is, 0..1, or None while its end is unknown."""
    if not step.total:
        return None
    return min(1.0, step.done / step.total)
