"""The licence notices of what the app ships: its Python distributions, Qt, and Python itself.

The distributions are the app's own requirements, followed recursively from the installed
metadata of "guide-desk" (the dev extra left out), so the list is what runs, not what the
developer's venv happens to hold. The bundle carries the dist-info of guide-desk and of each
distribution it ships (where their licence files are); a requirement with no metadata there, as
HQ's own (fastapi, uvicorn), is not shipped and so not listed.
Texts that no dist-info carries (the LGPL and GPL v3 of Qt and PySide6, Python's PSF licence,
OpenSSL's Apache 2.0, SQLite's blessing) are shipped here as resources.
"""

from __future__ import annotations

import logging
import platform
import re
import sqlite3
from dataclasses import dataclass
from enum import Enum
from importlib import metadata, resources

from guide_app.licenses.requirements import canonical_name, parse_requirement

log = logging.getLogger("guide_app.licenses")

PROJECT = "guide-desk"
_LICENCE_FILE = re.compile(r"(LICEN[CS]E|COPYING|NOTICE|AUTHORS)", re.IGNORECASE)
_SHORT_LICENCE = 100  # a License field longer than this (or on several lines) is the text itself
_LGPL_TEXTS = ("LGPL-3.0.txt", "GPL-3.0.txt")  # the LGPL v3 is GPL v3 plus its extra permissions


class Role(Enum):
    """What a component is to the app; the dialog says it in the guide's words."""

    library = "library"  # a Python distribution the app requires
    qt = "qt"  # the Qt libraries inside the PySide6 wheels
    python = "python"  # the Python runtime the bundle carries
    part_of_python = "part_of_python"  # a library Python's own build links in


@dataclass(frozen=True)
class LicenceText:
    title: str  # the file's name, e.g. "LICENSE" or "LGPL-3.0.txt"
    text: str


@dataclass(frozen=True)
class Notice:
    component: str
    version: str
    licence: str  # an SPDX expression or the licence's name; "" when the metadata names none
    role: Role
    texts: tuple[LicenceText, ...] = ()
    home_page: str = ""


def shipped_text(name: str) -> LicenceText:
    """A licence text this package carries, e.g. "LGPL-3.0.txt"."""
    text = resources.files(__name__).joinpath(name).read_text(encoding="utf-8")
    return LicenceText(name, text)


def bundled_notices(qt_version: str | None = None) -> list[Notice]:
    """Qt, Python and the parts of it that carry their own licence, then every required
    distribution by name. `qt_version` is the running Qt's (the core knows no Qt); without it the
    PySide6 wheels' version stands for it, as they ship the Qt of their own version."""
    distributions = [_distribution_notice(dist) for dist in runtime_distributions()]
    pyside = next((n.version for n in distributions if n.component.lower().startswith("pyside6")), "")
    return [
        _qt_notice(qt_version or pyside),
        _python_notice(),
        *_parts_of_python(),
        *sorted(distributions, key=lambda notice: notice.component.lower()),
    ]


def runtime_distributions(project: str = PROJECT) -> list[metadata.Distribution]:
    """The installed distributions `project` requires, directly or not, with the extras asked for
    on the way; `project` itself and its optional extras (dev) are left out."""
    found: dict[str, metadata.Distribution] = {}
    extras_seen: dict[str, frozenset[str]] = {}
    pending: list[tuple[str, frozenset[str]]] = [(project, frozenset())]
    while pending:
        name, extras = pending.pop()
        seen = extras_seen.get(canonical_name(name))
        if seen is not None and extras <= seen:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            # Another platform's requirement, or (for the project itself) a bundle built
            # without its metadata: the notices then name only Qt and Python.
            log.log(logging.WARNING if name == project else logging.DEBUG, "no metadata for %s", name)
            continue
        extras_seen[canonical_name(name)] = (seen or frozenset()) | extras
        found[canonical_name(name)] = dist
        for line in dist.requires or []:
            requirement = parse_requirement(line)
            if requirement is not None and requirement.applies(extras):
                pending.append((requirement.name, requirement.extras))
    found.pop(canonical_name(project), None)
    return list(found.values())


def licence_name(meta: metadata.PackageMetadata) -> str:
    """The licence a distribution declares: its SPDX License-Expression, else a short License
    field, else its trove classifiers' names."""
    expression = _field(meta, "License-Expression")
    if expression:
        return expression
    declared = _field(meta, "License")
    if declared and "\n" not in declared and len(declared) <= _SHORT_LICENCE:
        return declared
    classifiers = [
        classifier.rsplit("::", 1)[-1].strip()
        for classifier in meta.get_all("Classifier") or []
        if classifier.startswith("License ::") and classifier.count("::") > 1
    ]
    return " / ".join(dict.fromkeys(classifiers))


def licence_texts(dist: metadata.Distribution) -> tuple[LicenceText, ...]:
    """The licence files in a distribution's dist-info (PEP 639's licenses/ folder or older
    wheels' LICENSE/COPYING/NOTICE beside METADATA), and a License field that is the text."""
    names: list[str] = []
    for declared in dist.metadata.get_all("License-File") or []:
        names += [f"licenses/{declared}", declared]
    for file in dist.files or []:
        parts = file.parts
        in_dist_info = len(parts) > 1 and parts[0].endswith(".dist-info")
        if in_dist_info and (parts[1] == "licenses" or _LICENCE_FILE.match(parts[-1])):
            names.append("/".join(parts[1:]))
    texts: dict[str, LicenceText] = {}
    for name in dict.fromkeys(names):
        text = dist.read_text(name)
        if text and text not in texts:
            texts[text] = LicenceText(name.removeprefix("licenses/"), text)
    declared = _field(dist.metadata, "License")
    if len(declared) > _SHORT_LICENCE or "\n" in declared:
        texts.setdefault(declared, LicenceText("License", declared))
    return tuple(texts.values())


def _field(meta: metadata.PackageMetadata, name: str) -> str:
    """A header's first value, "" when absent (PackageMetadata promises no `get`)."""
    values = meta.get_all(name) or []
    return str(values[0]).strip() if values else ""


def _distribution_notice(dist: metadata.Distribution) -> Notice:
    meta = dist.metadata
    licence = licence_name(meta)
    texts = licence_texts(dist)
    if not texts and "LGPL-3.0" in licence:  # PySide6 and shiboken6 wheels carry no licence file
        texts = tuple(shipped_text(name) for name in _LGPL_TEXTS)
    return Notice(
        component=meta["Name"],
        version=meta["Version"],
        licence=licence,
        role=Role.library,
        texts=texts,
        home_page=_home_page(meta),
    )


def _home_page(meta: metadata.PackageMetadata) -> str:
    for url in meta.get_all("Project-URL") or []:
        label, _, address = url.partition(",")
        if label.strip().lower() in {"homepage", "home", "source", "repository", "source code"}:
            return address.strip()
    return _field(meta, "Home-page")


def _qt_notice(version: str) -> Notice:
    return Notice(
        component="Qt",
        version=version,
        licence="LGPL-3.0-only",
        role=Role.qt,
        texts=tuple(shipped_text(name) for name in _LGPL_TEXTS),
        home_page="https://download.qt.io/official_releases/qt/",
    )


def _python_notice() -> Notice:
    return Notice(
        component="Python",
        version=platform.python_version(),
        licence="PSF-2.0",
        role=Role.python,
        texts=(shipped_text("PSF-2.0.txt"),),
        home_page="https://www.python.org/",
    )


def _parts_of_python() -> list[Notice]:
    """OpenSSL and SQLite: Python's build links them in and the bundle carries their libraries."""
    import ssl  # here, not at import: the About dialog is the only reader

    parts = [
        Notice(
            component="SQLite",
            version=sqlite3.sqlite_version,
            licence="blessing",
            role=Role.part_of_python,
            texts=(shipped_text("SQLite-blessing.txt"),),
            home_page="https://www.sqlite.org/",
        )
    ]
    words = ssl.OPENSSL_VERSION.split()
    if words[:1] == ["OpenSSL"] and len(words) > 1 and not words[1].startswith(("0.", "1.")):
        # OpenSSL 3 is under the Apache License 2.0 (older ones had their own licence).
        parts.insert(0, _openssl_notice(words[1]))
    return parts


def _openssl_notice(version: str) -> Notice:
    return Notice(
        component="OpenSSL",
        version=version,
        licence="Apache-2.0",
        role=Role.part_of_python,
        texts=(shipped_text("Apache-2.0.txt"),),
        home_page="https://www.openssl.org/",
    )
