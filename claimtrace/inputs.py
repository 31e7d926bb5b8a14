"""Which inputs a command line names: files, directories walked in order, and stdin (`-`).

Nothing the user gave is silently dropped: a missing path becomes an `InputProblem`, files a
directory walk passes over are counted, and a folder that cannot be read, or a file-system
loop, is a problem, reported. The library never reads stdin: a caller that wants it passes its
bytes.
"""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from .errors import UsageError
from .readers import DIRECTORY_EXTENSIONS

STDIN = "-"
STDIN_NAME = "<stdin>"


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


def _walk(directory: Path) -> tuple[list[str], int, list[InputProblem]]:
    """Input files under `directory`, in sorted order, without recursion (any depth works).

    Hidden folders (.git, .venv) are not entered and symlinked folders are not followed (no
    loops); hidden files, other extensions and non-regular files (FIFOs, sockets) are counted as
    skipped; a folder that cannot be read is a problem, reported, never silently passed over.
    So is a file-system loop, as ripgrep reports one: a symbolic link that leads back to itself
    (`a -> b -> a`) or to a folder that holds it (`docs/up -> ..`).
    """
    found: list[str] = []
    problems: list[InputProblem] = []
    skipped = 0
    stack = [directory]
    while stack:
        folder = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            problems.append(InputProblem(str(folder), f"{folder}: cannot read directory ({exc.strerror})"))
            continue
        subfolders = []
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    if not entry.name.startswith("."):
                        subfolders.append(Path(entry.path))
                elif (entry.is_file() and not entry.name.startswith(".")
                      and Path(entry.name).suffix.lower() in DIRECTORY_EXTENSIONS):
                    found.append(entry.path)
                elif _loops_back(entry, folder):
                    problems.append(InputProblem(entry.path, f"{entry.path}: file system loop: links to a folder that holds it; not followed"))
                else:
                    skipped += 1
            except OSError as exc:
                if exc.errno != errno.ELOOP:
                    skipped += 1
                else:
                    problems.append(InputProblem(entry.path, f"{entry.path}: file system loop: a symbolic link that leads back to itself"))
        # Files of a folder before its subfolders, subfolders in name order (as os.walk does).
        stack.extend(reversed(subfolders))
    return found, skipped, problems


def _loops_back(entry: os.DirEntry[str], folder: Path) -> bool:
    """Whether `entry` is a symbolic link to `folder` or a folder above it."""
    if not entry.is_symlink() or entry.name.startswith("."):
        return False
    target = os.path.realpath(entry.path)
    here = os.path.realpath(folder)
    return os.path.isdir(target) and (here == target or here.startswith(target.rstrip(os.sep) + os.sep))


def plan_inputs(names: Iterable[str]) -> InputPlan:
    """Expand the command line's inputs; no names means stdin (`-`), which may appear once."""
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
            found, passed, unreadable = _walk(path)
            skipped += passed
            problems.extend(unreadable)
            if found:
                inputs.extend(found)
            elif not unreadable:
                exts = ", ".join(DIRECTORY_EXTENSIONS)
                problems.append(InputProblem(name, f"{name}: directory has no input files ({exts})"))
        elif path.exists():
            inputs.append(name)
        else:
            problems.append(InputProblem(name, f"{name}: no such file or directory"))
    return InputPlan(tuple(inputs), tuple(problems), skipped)
