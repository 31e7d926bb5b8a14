"""`python -m claimtrace` and the `claimtrace` command.

`claimtrace --version` is answered here, before the command line (typer, rich, the pipeline)
is imported: printing a version should not take a quarter of a second.
"""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        from .version import __version__

        print(f"claimtrace {__version__}")
        return
    from .cli import main as cli_main

    cli_main()


if __name__ == "__main__":
    main()
