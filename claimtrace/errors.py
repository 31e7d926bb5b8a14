"""Errors with a shape: the CLI maps each class to one exit code and a one-line message."""


class ClaimtraceError(Exception):
    """Base class for every error claimtrace raises on purpose."""

    exit_code = 1


class InputError(ClaimtraceError):
    """An input cannot be read or decoded (missing, binary, wrong encoding, unsupported)."""

    exit_code = 1


class UsageError(ClaimtraceError):
    """The caller asked for something that does not make sense (bad option, bad format)."""

    exit_code = 2


class MissingExtraError(InputError):
    """An optional dependency (an extra such as `claimtrace[pdf]`) is needed but not installed."""

    def __init__(self, what: str, extra: str, module: str):
        super().__init__(
            f"reading {what} needs the optional package '{module}': pip install 'claimtrace[{extra}]'"
        )
