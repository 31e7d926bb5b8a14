import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_c6909b873426236a.txt"
SHARED = ROOT.parent / "shared"
HANG_GUARD = 120  # seconds: a hang, not a slow run


def cli(*args: str, timeout: float = HANG_GUARD, **kwargs) -> subprocess.CompletedProcess:
    """The real command line in its own process, as a user runs it (stdout and stderr piped
    unless the test says otherwise)."""
    kwargs.setdefault("stdout", subprocess.PIPE)
    kwargs.setdefault("stderr", subprocess.PIPE)
    return subprocess.run([sys.executable, "-m", "claimtrace", *args], timeout=timeout, **kwargs)


def one_error_line(stderr: bytes | str) -> str:
    """The one `claimtrace: error:` line of a run that failed cleanly (no traceback)."""
    text = stderr.decode() if isinstance(stderr, bytes) else stderr
    errors = [line for line in text.splitlines() if line.startswith("claimtrace: error: ")]
    assert len(errors) == 1 and "Traceback" not in text, text
    return errors[0]


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_ledger(seed_text):
    from claimtrace import extract

    return extract(seed_text, doc="seed")
