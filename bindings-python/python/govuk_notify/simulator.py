"""The ``govuk-notify-simulator`` command: a local GOV.UK Notify API server for tests and demos.

Installed with the wheel, so a Python team can run it without a Rust toolchain::

    govuk-notify-simulator --port 6011          # or: python -m govuk_notify.simulator --port 6011
    govuk-notify-simulator --port 0 --json      # any free port; one JSON line with URL and keys

``--help`` lists the flags. It runs until Ctrl-C (SIGINT) or SIGTERM.
"""

from __future__ import annotations

import signal
import sys
from typing import List, Optional

from govuk_notify import _native

__all__ = ["main"]


def main(argv: Optional[List[str]] = None) -> None:
    """Runs the simulator with ``argv`` (default: the command line) and exits with its status."""
    # The server handles SIGINT itself (a clean shutdown, status 0); Python's own handler would
    # also see it and turn the clean exit into a KeyboardInterrupt.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    raise SystemExit(_native.run_simulator(list(sys.argv[1:] if argv is None else argv)))


if __name__ == "__main__":
    main()
