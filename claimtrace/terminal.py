"""The rich consoles everything shown on a terminal goes through: messages on stderr, the
`-f table` ledger and the diff's table. One place decides what they do with a closed pipe and
how wide they are."""

from __future__ import annotations

import shutil
from typing import Any

from rich.console import Console


class _Console(Console):
    def on_broken_pipe(self) -> None:
        # rich's own would point stdout at /dev/null and exit 1, which reads as a finding (diff)
        # or as a failed run; and a closed stderr is not a closed output. The caller decides.
        raise BrokenPipeError


def console(**options: Any) -> Console:
    """A rich `Console` (`options` as rich takes them) that is never 0 columns wide.

    rich takes its width from `COLUMNS` when that is all digits, and a console 0 columns wide
    prints nothing at all: with `COLUMNS=0` every message and the whole `-f table` ledger
    vanished. Such a width is taken as unset (the terminal's, else 80, as `shutil` decides).
    """
    made = _Console(**options)
    if made.width < 1:
        made.width = shutil.get_terminal_size().columns
    return made
