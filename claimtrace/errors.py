"""Errors with a shape, and the exit codes they map to: the only place exit codes live."""

from __future__ import annotations

EXIT_OK = 0
EXIT_INPUT = 1  # an input could not be read; the others were still processed
EXIT_USAGE = 2  # the command line asks for something that does not make sense
EXIT_UNCITED = 3  # --fail-on-uncited found claims that cite nothing
EXIT_DIFF_LOST_SOURCE = 1  # `claimtrace diff`: a sentence lost a source (as `diff` exits 1 when files differ)
EXIT_OUTPUT = 4  # the output could not be written (disk full, read-only, closed stdout)
EXIT_SIGNAL_BASE = 128  # stopped by signal N: 128 + N, as shells report it
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE: the output pipe was closed (`| head`)

EXIT_CODES_HELP = (
    f"Exit codes: {EXIT_OK} success (also when nothing is found); {EXIT_INPUT} an input could "
    f"not be read (the others are still processed); {EXIT_USAGE} usage error; {EXIT_UNCITED} "
    f"--fail-on-uncited found uncited claims; {EXIT_OUTPUT} the output could not be written; "
    f"{EXIT_BROKEN_PIPE} the output pipe was closed (| head); 130, 143, 129 stopped by SIGINT, "
    f"SIGTERM, SIGHUP (no partial output file is left)."
)


class ClaimtraceError(Exception):
    """Base class for every error claimtrace raises on purpose."""

    exit_code = EXIT_INPUT


class InputError(ClaimtraceError):
    """An input cannot be read or decoded (missing, binary, wrong encoding, unsupported)."""

    exit_code = EXIT_INPUT


class UsageError(ClaimtraceError, ValueError):
    """The caller asked for something that does not make sense (bad option, bad format).

    Also a `ValueError`, so that library callers can catch it as the bad value it is."""

    exit_code = EXIT_USAGE


class OutputError(ClaimtraceError):
    """The output cannot be written (read-only folder, disk full, closed stdout)."""

    exit_code = EXIT_OUTPUT


class MissingExtraError(InputError):
    """An optional dependency (an extra such as `claimtrace[pdf]`) is needed but not installed."""

    def __init__(self, what: str, extra: str, module: str):
        super().__init__(
            f"reading {what} needs the optional package '{module}': pip install 'claimtrace[{extra}]'"
        )
