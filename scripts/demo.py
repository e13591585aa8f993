"""`make demo`: the demo HQ served, demo guides given realistic books, and the app opened as one of them.

Without a display (a server shell, CI) it says so, prints how to take screenshots instead, and
keeps HQ serving in the foreground so the API can be used. The guides' books live under the demo's
data folder, so `make clean` removes them together with the HQ they were synced with.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from hq.demo.chain import DEMO_PASSWORD, STORES

DEMO_GUIDES = [login for login, _name in STORES[0].guides]  # one store's PC: its guides share it
START_SECONDS = 60.0


def has_display() -> bool:
    return sys.platform in ("win32", "darwin") or bool(
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    )


def seed(data_dir: Path) -> None:
    """Seed the demo chain (a second run keeps what is there) and print its logins."""
    subprocess.run([sys.executable, "-m", "hq.cli", "demo", "--data-dir", str(data_dir)], check=True)


def serve(data_dir: Path, port: int) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "hq.cli", "serve", "--data-dir", str(data_dir)]
    command += ["--host", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen(command)
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"guide-hq serve stopped with exit code {process.returncode}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit(f"guide-hq serve did not answer on port {port} within {START_SECONDS:.0f} s")


def give_books(hq_url: str, customers: int, environment: dict[str, str]) -> None:
    """`guide-app demo` for the demo guides; the password goes through stdin, never argv."""
    command = [sys.executable, "-m", "guide_app.cli", "demo", "--hq", hq_url, "--password-stdin"]
    command += ["--customers", str(customers), "--guides", ",".join(DEMO_GUIDES)]
    subprocess.run(command, input=DEMO_PASSWORD + "\n", text=True, env=environment, check=True)


def screenshot_help() -> str:
    app = f"{Path(sys.executable).parent / 'guide-app'}"
    lines = ["No display here (DISPLAY and WAYLAND_DISPLAY are unset), so the app is not opened.", ""]
    lines.append("Take screenshots of the app instead (each renders offscreen over a demo book):")
    for view, language in (("sign-in", "zh_CN"), ("today", "zh_CN"), ("customers", "zh_CN"), ("today", "en")):
        lines.append(
            f"  QT_QPA_PLATFORM=offscreen {app} --screenshot shots/{view}-{language}.png "
            f"--view {view} --lang {language}"
        )
    return "\n".join(lines)


def open_app(hq_url: str, environment: dict[str, str]) -> int:
    print(f"\nOpening Guide Desk signed in as {DEMO_GUIDES[0]} (password {DEMO_PASSWORD}).")
    print("Other guides of this store PC, after 退出登录:", ", ".join(DEMO_GUIDES[1:]), "(same password).\n")
    command = [sys.executable, "-m", "ui.app", "--hq", hq_url, "--login", DEMO_GUIDES[0], "--password-stdin"]
    return subprocess.run(command, input=DEMO_PASSWORD + "\n", text=True, env=environment).returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=Path("demo-data"))
    parser.add_argument("--port", type=int, default=8710)
    parser.add_argument("--customers", type=int, default=2000, help="customers in each guide's book")
    options = parser.parse_args()
    hq_url = f"http://127.0.0.1:{options.port}"
    # Stopped from outside (kill, a CI timeout): still stop HQ on the way out.
    signal.signal(signal.SIGTERM, lambda _signal, _frame: sys.exit(143))
    environment = {**os.environ, "GUIDE_APP_DATA_DIR": str((options.data_dir / "desktop").resolve())}
    seed(options.data_dir)
    hq = serve(options.data_dir, options.port)
    try:
        give_books(hq_url, options.customers, environment)
        print(f"\nHQ serves {hq_url} (API: {hq_url}/docs).")
        if has_display():
            return open_app(hq_url, environment)
        print(screenshot_help())
        print("\nHQ keeps serving until you press Ctrl+C.")
        return hq.wait()
    except KeyboardInterrupt:
        return 130
    finally:
        hq.terminate()
        hq.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
