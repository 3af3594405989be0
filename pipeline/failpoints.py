"""Named points where a test can make the process die with SIGKILL, to prove crash safety.

Set BRIEFINGS_FAILPOINT=<name> (optionally <name>:<n> to die at the n-th pass). Unset, a
failpoint is one dictionary lookup.
"""

from __future__ import annotations

import os
import signal

_passes: dict[str, int] = {}


def failpoint(name: str) -> None:
    wanted = os.environ.get("BRIEFINGS_FAILPOINT")
    if not wanted:
        return
    point, _, count = wanted.partition(":")
    if point != name:
        return
    _passes[name] = _passes.get(name, 0) + 1
    if _passes[name] >= int(count or 1):
        os.kill(os.getpid(), signal.SIGKILL)
