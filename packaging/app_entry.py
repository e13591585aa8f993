"""The bundle's `guide-app` entry point: the desktop app of ui/app.py (PyInstaller runs this file)."""

import sys

from ui.app import main

sys.exit(main())
