"""Which inputs a command line names: files, directories (walked recursively) and stdin.

Nothing the user gave is silently dropped: a missing path becomes an `InputProblem` that the
batch reports, and files a directory walk passes over are counted.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from .errors import UsageError
from .readers import DIRECTORY_EXTENSIONS

STDIN = "-"


@dataclass(frozen=True)
class InputProblem:
    """A named input that cannot be processed at all, with the one-line reason."""

    name: str
    message: str


@dataclass(frozen=True)
class InputPlan:
    """The ordered inputs to process, the problems found while listing them, files passed over."""

    inputs: tuple[str, ...]
    problems: tuple[InputProblem, ...]
    skipped: int


def _walk(directory: Path) -> tuple[list[str], int]:
    found, skipped = [], 0
    for root, dirs, files in os.walk(directory):
        # Hidden folders (.git, .venv) are not documents; hidden files are counted as skipped.
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and Path(name).suffix.lower() in DIRECTORY_EXTENSIONS:
                found.append(str(Path(root) / name))
            else:
                skipped += 1
    return found, skipped


def plan_inputs(names: Iterable[str]) -> InputPlan:
    """Expand the command line's inputs; no names means stdin."""
    names = list(names) or [STDIN]
    inputs: list[str] = []
    problems: list[InputProblem] = []
    skipped = 0
    for name in names:
        path = Path(name)
        if name == STDIN:
            if STDIN in inputs:
                raise UsageError("'-' (stdin) can be given only once")
            inputs.append(STDIN)
        elif path.is_dir():
            found, passed = _walk(path)
            skipped += passed
            if found:
                inputs.extend(found)
            else:
                exts = ", ".join(DIRECTORY_EXTENSIONS)
                problems.append(InputProblem(name, f"{name}: directory has no input files ({exts})"))
        elif path.exists():
            inputs.append(name)
        else:
            problems.append(InputProblem(name, f"{name}: no such file or directory"))
    return InputPlan(tuple(inputs), tuple(problems), skipped)
