"""The bundle's `guide-desk` entry point: the stdlib-only launcher that starts the current version."""

import sys

from guide_app.update.launcher import main

sys.exit(main())
