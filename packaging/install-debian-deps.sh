#!/usr/bin/env bash
# Installs the Debian packages the test suite and the demo need, only those missing.
#   CJK fonts      fonts-wqy-microhei   demo posters and Qt screens draw Chinese text
#   Latin font     fonts-dejavu-core    a test proves a Latin-only font is not taken for a Chinese one
#   PostgreSQL     postgresql           tests start throw-away clusters with initdb/pg_ctl
#   LibreOffice    libreoffice-calc-nogui  tests open exported xlsx as a manager's Excel/WPS would
#   PulseAudio lib libpulse0            Qt Multimedia loads it (video previews), even without sound
#   NSIS           nsis                 tests compile the Windows installer script with makensis
#   binutils       binutils             PyInstaller reads the bundle's libraries with objdump
#   Qt on X11      libxcb-cursor0 …    only for `make demo`: Qt's xcb platform plugin (a real window)
#                                       loads these; PyPI's PySide6 wheel does not bring them
# Debian keeps initdb/pg_ctl in /usr/lib/postgresql/N/bin, off PATH; tests look there.
set -euo pipefail

missing=()
# grep reads all of fc-list's output: with -q it stops at the first match, fc-list dies of SIGPIPE,
# and pipefail then reported the font missing (and reinstalled it) now and then.
have_font() { fc-list 2>/dev/null | grep -iE 'wqy|noto sans cjk|source han' >/dev/null; }
have_pg() { command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; }

have_font || missing+=(fonts-wqy-microhei fontconfig)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
have_pg || missing+=(postgresql)
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-calc-nogui)
# Qt Multimedia (a video's first frame and duration) links against PulseAudio's client library.
ldconfig -p 2>/dev/null | grep "libpulse.so.0" >/dev/null || missing+=(libpulse0)
command -v makensis >/dev/null 2>&1 || missing+=(nsis)
command -v objdump >/dev/null 2>&1 || missing+=(binutils)
# `install-debian-deps.sh demo` (make demo) adds what a real window needs; the suite runs offscreen.
# library the xcb plugin loads -> its Debian package
[ "${1:-}" != "demo" ] || for pair in libxcb-cursor.so.0:libxcb-cursor0 libxcb-icccm.so.4:libxcb-icccm4 \
  libxcb-keysyms.so.1:libxcb-keysyms1 libxkbcommon-x11.so.0:libxkbcommon-x11-0 \
  libxcb-image.so.0:libxcb-image0 libxcb-render-util.so.0:libxcb-render-util0 \
  libxcb-shape.so.0:libxcb-shape0 libxcb-randr.so.0:libxcb-randr0 libxcb-xkb.so.1:libxcb-xkb1; do
  ldconfig -p 2>/dev/null | grep -q "${pair%%:*}" || missing+=("${pair##*:}")
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-debian-deps: not a Debian system; please install: ${missing[*]}" >&2
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "install-debian-deps: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# The package starts a cluster of its own on 5432; the tests use their own clusters.
if command -v pg_ctlcluster >/dev/null 2>&1; then
  for cluster in /etc/postgresql/*/main; do
    [ -d "$cluster" ] || continue
    version=$(basename "$(dirname "$cluster")")
    $SUDO pg_ctlcluster "$version" main stop >/dev/null 2>&1 || true
  done
fi
