"""Finding and downloading a signed update at HQ: TUF metadata first, then the archive, resumable.

python-tuf's Updater checks every metadata file against the trusted root (signatures, versions,
expiry) and the archive's length and hashes against the signed targets metadata. It is
synchronous, so both calls run in a worker thread and never block the caller's event loop. Its
network goes through httpx (`_HttpxFetcher`); the archive itself is fetched here, not by tuf,
because tuf's download has no resume: a partial archive is kept under the cache folder, named by
its signed hash, and continued with Range after a break.
"""

from __future__ import annotations

import asyncio
import importlib.resources
import logging
import os
import platform as host
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from tuf.api import exceptions as tuf_errors
from tuf.api.metadata import Metadata, TargetFile, Targets
from tuf.ngclient import FetcherInterface, Updater, UpdaterConfig

from guide_app.errors import Cancelled, ErrorCode, GuideError, NotFound
from guide_app.version import PROTOCOL_LEVEL, VERSION, parse_version

if TYPE_CHECKING:
    import httpx

    from guide_app.jobs import CancelToken
    from guide_app.sync.client import Offline

# HQ's client (its errors, the address's normal form) is imported when first needed: the release
# PC's tool imports this module for the platform names alone, and would wait 1.5 s for the book's.

log = logging.getLogger(__name__)

UPDATES_PATH = "/client/updates"  # under the API's prefix
TRUSTED_ROOT_RESOURCE = "trusted_root.json"  # in this package, put there when the bundle is built
_CHUNK = 64 * 1024
_SILENCE = 30.0  # seconds without a byte before a download counts as broken
_ATTEMPTS = 3  # a break mid-archive is resumed this many times in one call before it gives up
_NOTHING_CHANGED = "nothing was changed and the running version goes on"


class UpdatePlatform(StrEnum):
    """The platforms the release PC builds bundles for; part of each archive's name."""

    linux_x86_64 = "linux-x86_64"
    windows_x86_64 = "windows-x86_64"


@dataclass(frozen=True)
class UpdateOffer:
    """A newer version HQ offers for this platform, as its signed metadata describes it."""

    version: str
    platform: str
    size: int  # bytes of the archive: what the download's progress counts to
    target_name: str  # guide-desk-<version>-<platform>.zip


class UpdateRefused(GuideError):
    """The update's metadata or archive does not match what the release PC signed: tampered with,
    damaged, or expired. Nothing is staged; the running version goes on."""

    code = ErrorCode.update_refused


class UpdatesNotSetUp(GuideError):
    """This copy has no trusted root to check updates against (a build without one)."""

    code = ErrorCode.updates_not_set_up


def target_name(version: str, platform: UpdatePlatform) -> str:
    return f"guide-desk-{version}-{platform.value}.zip"


def platform_name() -> str:
    """This PC's platform as the archives name it, e.g. "windows-x86_64"."""
    system = "windows" if sys.platform == "win32" else "linux"
    machine = host.machine().lower()
    return f"{system}-{'x86_64' if machine in ('amd64', 'x86_64', 'x64') else machine}"


async def find_update(hq_url: str, trust_dir: Path, current: str, platform: str) -> UpdateOffer | None:
    """The newest version HQ offers for `platform` above `current`, after its metadata verified;
    None when there is none (or HQ has published no update repository).

    Raises UpdateRefused (metadata not as signed), Offline (HQ unreachable), UpdatesNotSetUp."""
    return await asyncio.to_thread(_find_update, hq_url, trust_dir, current, platform)


async def download_update(
    hq_url: str,
    trust_dir: Path,
    cache_dir: Path,
    offer: UpdateOffer,
    on_progress: Callable[[int, int], None] | None = None,
    cancel: CancelToken | None = None,
) -> Path:
    """The verified archive of `offer`, in `cache_dir` as <sha256>.<target name>.

    Its length and sha256 are checked against the signed targets metadata before it gets that
    name; a partial archive from an earlier try is continued with Range. on_progress gets (bytes
    so far, bytes in all), from a worker thread. A cancel stops between chunks (Cancelled) and
    keeps the partial to resume from. Raises UpdateRefused (tampered metadata or archive: the
    partial is deleted), Offline, NotFound (HQ no longer offers it)."""
    return await asyncio.to_thread(_download_update, hq_url, trust_dir, cache_dir, offer, on_progress, cancel)


# ---------------------------------------------------------------------- the worker thread's side


def _find_update(hq_url: str, trust_dir: Path, current: str, platform: str) -> UpdateOffer | None:
    running = parse_version(current) or (0, 0, 0)
    with _http_client() as http, _refusals(hq_url):
        updater = _updater(hq_url, trust_dir, http)
        try:
            updater.refresh()
        except tuf_errors.DownloadHTTPError as error:
            if error.status_code == 404:
                log.info("HQ has published no update repository")
                return None
            raise
        # refresh() stored the targets metadata it verified; its names are the candidates, and
        # the chosen one is read back through the updater's verified set.
        listed = Metadata[Targets].from_file(str(trust_dir / "targets.json")).signed.targets
        newest = _newest(listed, platform, running)
        if newest is None:
            return None
        info = updater.get_targetinfo(newest)
        if info is None:
            return None
        return UpdateOffer(str(info.custom["version"]), platform, info.length, info.path)


def _newest(targets: dict[str, TargetFile], platform: str, above: tuple[int, int, int]) -> str | None:
    best: tuple[tuple[int, int, int], str] | None = None
    for name, info in targets.items():
        custom = info.custom if isinstance(info.custom, dict) else {}
        version = parse_version(str(custom.get("version", "")))
        if custom.get("platform") != platform or version is None or version <= above:
            continue
        if best is None or version > best[0]:
            best = (version, name)
    return best[1] if best else None


def _download_update(
    hq_url: str,
    trust_dir: Path,
    cache_dir: Path,
    offer: UpdateOffer,
    on_progress: Callable[[int, int], None] | None,
    cancel: CancelToken | None,
) -> Path:
    with _http_client() as http, _refusals(hq_url):
        updater = _updater(hq_url, trust_dir, http)
        info = updater.get_targetinfo(offer.target_name)
        if info is None:
            raise NotFound(f"HQ no longer offers {offer.target_name}", code=ErrorCode.not_found)
        sha256 = info.hashes.get("sha256")
        if sha256 is None:
            raise UpdateRefused(f"the signed metadata of {info.path} has no sha256; {_NOTHING_CHANGED}")
        cache_dir.mkdir(parents=True, exist_ok=True)
        verified = cache_dir / f"{sha256}.{info.path}"
        if updater.find_cached_target(info, str(verified)):
            if on_progress:
                on_progress(info.length, info.length)
            return verified
        partial = verified.with_name(verified.name + ".part")
        for stale in cache_dir.glob(f"*.{info.path}.part"):  # of an archive signed differently since
            if stale != partial:
                stale.unlink()
        url = f"{_base_url(hq_url)}/targets/{sha256}.{info.path}"
        _ArchiveDownload(http, url, partial, info.length, on_progress, cancel).run()
        _verify(info, partial)
        os.replace(partial, verified)
        return verified


def _verify(info: TargetFile, partial: Path) -> None:
    try:
        with open(partial, "rb") as archive:
            info.verify_length_and_hashes(archive)
    except tuf_errors.LengthOrHashMismatchError as error:
        partial.unlink(missing_ok=True)  # its bytes cannot be trusted, not even to resume from
        raise UpdateRefused(
            f"the archive of {info.path} does not match its signed hash ({error}); {_NOTHING_CHANGED}"
        ) from error


@dataclass
class _ArchiveDownload:
    """One archive's bytes into `partial`, continued across breaks, never past the signed length."""

    http: httpx.Client
    url: str
    partial: Path
    length: int
    on_progress: Callable[[int, int], None] | None
    cancel: CancelToken | None

    def run(self) -> None:
        """Retry a broken connection from where it broke; Offline once the attempts are spent."""
        import httpx

        for attempt in range(_ATTEMPTS):
            try:
                self._once()
                return
            except httpx.TransportError as error:
                if attempt + 1 == _ATTEMPTS:
                    raise _offline(self.url, error) from error
                log.info("update download broke at byte %d; resuming", _size(self.partial))
                time.sleep(0.5 * (attempt + 1))

    def _once(self) -> None:
        offset = _size(self.partial)
        if offset > self.length:
            self.partial.unlink()
            offset = 0
        if offset == self.length:  # every byte came in an earlier try; the hash check decides
            self._report(offset)
            return
        # identity: Range counts the bytes as stored, which a compressed answer would change.
        headers = {"Accept-Encoding": "identity"}
        if offset:
            headers["Range"] = f"bytes={offset}-"
        with self.http.stream("GET", self.url, headers=headers) as response:
            done = _answer_start(response, self.partial, offset)
            with open(self.partial, "r+b" if self.partial.exists() else "wb") as file:
                file.seek(done)
                file.truncate()
                self._report(done)
                for chunk in response.iter_bytes():  # as received: a break loses none of it
                    if self.cancel is not None and self.cancel.cancelled:
                        raise Cancelled("the update's download was cancelled", code=ErrorCode.cancelled)
                    done += len(chunk)
                    if done > self.length:
                        raise _too_long(self.partial)
                    file.write(chunk)
                    self._report(done)

    def _report(self, done: int) -> None:
        if self.on_progress:
            self.on_progress(done, self.length)


def _answer_start(response: httpx.Response, partial: Path, offset: int) -> int:
    """Where the answer's body goes in the partial file: 0 for the whole archive, `offset` for
    the rest of it."""
    if response.status_code == 416 and offset:
        partial.unlink(missing_ok=True)  # HQ's archive is shorter than the partial: start over
        raise _broken("HQ cannot serve the rest of the archive")
    if response.status_code >= 500:
        raise _broken(f"HQ answered {response.status_code} for the archive")
    from guide_app.sync.client import HqRefused

    if response.status_code == 404:
        raise HqRefused("HQ lists this update but does not have its archive", code=ErrorCode.hq_refused)
    if response.status_code not in (200, 206):
        raise HqRefused(f"HQ answered {response.status_code} for the archive", code=ErrorCode.hq_refused)
    if response.status_code == 200:
        return 0  # a whole archive in answer to a Range: start over
    if not response.headers.get("content-range", "").startswith(f"bytes {offset}-"):
        raise _broken("HQ sent another part of the archive than asked")
    return offset


def _broken(reason: str) -> Exception:
    """Trouble worth another try (HQ restarting, a proxy's odd answer): a transport error."""
    import httpx

    return httpx.TransportError(reason)


def _too_long(partial: Path) -> UpdateRefused:
    partial.unlink(missing_ok=True)
    return UpdateRefused(f"HQ's archive is longer than the signed metadata says; {_NOTHING_CHANGED}")


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


# ---------------------------------------------------------------------- tuf and httpx


class _Unreachable(tuf_errors.DownloadError):
    """The network failed under tuf: HQ down, the line cut, or silent too long."""

    def __init__(self, url: str, error: Exception) -> None:
        super().__init__(f"{url}: {error}")
        self.error = error


class _HttpxFetcher(FetcherInterface):
    """tuf's network through httpx (the app's HTTP library; tuf's default is urllib3)."""

    def __init__(self, http: httpx.Client) -> None:
        self._http = http

    def _fetch(self, url: str) -> Iterator[bytes]:
        import httpx

        try:
            response = self._http.send(self._http.build_request("GET", url), stream=True)
        except httpx.TransportError as error:
            raise _Unreachable(url, error) from error
        if response.status_code != 200:
            response.close()
            raise tuf_errors.DownloadHTTPError(f"HQ answered {response.status_code}", response.status_code)
        return self._chunks(url, response)

    @staticmethod
    def _chunks(url: str, response: httpx.Response) -> Iterator[bytes]:
        import httpx

        try:
            yield from response.iter_bytes(_CHUNK)
        except httpx.TransportError as error:
            raise _Unreachable(url, error) from error
        finally:
            response.close()


@contextmanager
def _http_client() -> Iterator[httpx.Client]:
    import httpx

    from guide_app.sync.client import tls_context  # one TLS set-up per process, as HQ's API uses

    headers = {
        "User-Agent": f"GuideDesk/{VERSION}",
        "X-Guide-Desk-Version": VERSION,
        "X-Guide-Desk-Protocol": str(PROTOCOL_LEVEL),
    }
    with httpx.Client(verify=tls_context(), timeout=_SILENCE, headers=headers) as http:
        yield http


def _base_url(hq_url: str) -> str:
    from guide_app.account.paths import hq_address
    from guide_app.protocol import API_PREFIX

    return hq_address(hq_url).base_url + API_PREFIX + UPDATES_PATH


def _updater(hq_url: str, trust_dir: Path, http: httpx.Client) -> Updater:
    trust_dir.mkdir(parents=True, exist_ok=True)
    base = _base_url(hq_url)
    return Updater(
        metadata_dir=str(trust_dir),
        metadata_base_url=f"{base}/metadata/",
        target_base_url=f"{base}/targets/",
        fetcher=_HttpxFetcher(http),
        config=UpdaterConfig(app_user_agent=f"GuideDesk/{VERSION}"),
        bootstrap=_trusted_root(trust_dir),
    )


def _trusted_root(trust_dir: Path) -> bytes:
    """The root every update is checked against: the one this PC already trusts (tuf keeps it
    current through signed rotations), else the one built into this copy."""
    cached = trust_dir / "root.json"
    if cached.is_file():
        return cached.read_bytes()
    resource = importlib.resources.files(__package__ or "guide_app.update").joinpath(TRUSTED_ROOT_RESOURCE)
    if resource.is_file():
        return resource.read_bytes()
    raise UpdatesNotSetUp(
        "updates are not set up for this copy: it has no trusted root.json to check them against",
        code=ErrorCode.updates_not_set_up,
    )


@contextmanager
def _refusals(hq_url: str) -> Iterator[None]:
    """tuf's and httpx's failures as the guide's errors."""
    import httpx

    from guide_app.sync.client import HqRefused, Offline

    try:
        yield
    except tuf_errors.ExpiredMetadataError as error:
        raise UpdateRefused(
            f"HQ's update metadata has expired ({error}): the release PC must sign it again "
            f"(guide-release refresh); {_NOTHING_CHANGED}"
        ) from error
    except (tuf_errors.RepositoryError, tuf_errors.DownloadLengthMismatchError) as error:
        raise UpdateRefused(f"the update's signature does not match ({error}); {_NOTHING_CHANGED}") from error
    except _Unreachable as error:
        raise _offline(hq_url, error.error) from error
    except tuf_errors.DownloadHTTPError as error:
        if error.status_code >= 500:
            raise Offline(f"HQ answered {error.status_code} for the update metadata") from error
        raise HqRefused(
            f"HQ answered {error.status_code} for the update metadata", code=ErrorCode.hq_refused
        ) from error
    except tuf_errors.DownloadError as error:
        raise Offline(f"the update metadata could not be fetched: {error}") from error
    except httpx.TransportError as error:
        raise _offline(hq_url, error) from error


def _offline(where: str, error: Exception) -> Offline:
    import httpx

    from guide_app.sync.client import HqTimeout, Offline

    reason = str(error).strip() or type(error).__name__
    if isinstance(error, httpx.TimeoutException):
        return HqTimeout(f"HQ at {where} went silent for {_SILENCE:g} s", code=ErrorCode.hq_timeout)
    return Offline(f"HQ at {where} cannot be reached: {reason}", code=ErrorCode.offline)
