"""packaging/build.py (what `make package` runs) loaded as a module, for the bundle's test and benchmark.

It cannot be imported by name: `packaging` is also a PyPI library's, installed in the venv.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

BUILD_SCRIPT = Path(__file__).resolve().parents[2] / "packaging" / "build.py"
MODULE_NAME = "guide_desk_build"


def load_build_script() -> ModuleType:
    if MODULE_NAME in sys.modules:
        return sys.modules[MODULE_NAME]
    spec = importlib.util.spec_from_file_location(MODULE_NAME, BUILD_SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[MODULE_NAME] = module  # its dataclasses look their module up while being made
    spec.loader.exec_module(module)
    return module
