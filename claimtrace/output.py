"""Where a run's output goes: stdout, a stream device, a file written atomically, or (a
partitioned Parquet dataset) a directory written atomically.

An output is never destroyed and never half-written: a file is written to a temporary file
beside its real target and renamed onto it only when everything succeeded; `-o` naming one of
the inputs, a FIFO or a device other than a stream (`/dev/null`, `/dev/stdout`) is refused;
a symlink is written through to its target; any failure is one `OutputError` line.
"""

from __future__ import annotations

import errno
import io
import os
import secrets
import shutil
import stat
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Callable, Iterator, Sequence

from .errors import OutputError, UsageError

# Streams: writing to them directly is what the user means. `/dev/stdout` may be a pipe, a file
# or a terminal, whatever the shell connected; `/dev/null` and `/dev/tty` are devices.
_STREAMS = ("/dev/stdout", "/dev/stderr")
_STREAM_DEVICES = ("/dev/null", "/dev/tty")


def _is_stream_device(path: Path, mode: int) -> bool:
    name = str(path)
    if name in _STREAMS or name.startswith("/dev/fd/"):
        return True
    return stat.S_ISCHR(mode) and name in _STREAM_DEVICES


def check_output(path: Path, inputs: Sequence[str] = ()) -> None:
    """Refuse an `-o` that would destroy something: an input, a FIFO, a device, a directory."""
    try:
        info = os.stat(path)  # follows symlinks: what matters is what would be written
    except FileNotFoundError:
        parent = Path(os.path.realpath(path)).parent
        if not parent.is_dir():
            raise UsageError(f"{path}: directory {parent} does not exist") from None
        return
    except OSError as exc:
        raise OutputError(f"{path}: cannot write ({exc.strerror})") from None
    if stat.S_ISDIR(info.st_mode):
        raise UsageError(f"{path}: is a directory; -o takes a file name")
    if _is_stream_device(path, info.st_mode):
        return
    if not stat.S_ISREG(info.st_mode):
        raise UsageError(f"{path}: not a regular file (a FIFO, socket or device); write to stdout and redirect instead")
    for name in inputs:
        try:
            if os.path.samefile(name, path):
                raise UsageError(f"{path}: is also an input; refusing to overwrite it")
        except OSError:
            continue


def stdout_is_open() -> bool:
    """False when the process was started with stdout closed (`>&-`)."""
    if sys.stdout is None:
        return False
    try:
        fd = sys.stdout.fileno()
    except (io.UnsupportedOperation, AttributeError):
        return True  # a Python stream without a descriptor (a test harness, a notebook)
    except ValueError:  # closed
        return False
    try:
        os.fstat(fd)
    except OSError:
        return False
    return True


@contextmanager
def atomic_path(path: Path) -> Iterator[str]:
    """A temporary path beside the real target of `path`, renamed onto it if the block succeeds.

    For writers that take a path (the model file of `claimtrace train`); `open_output` is the
    same for streams.
    """
    target = Path(os.path.realpath(path))  # a symlink is written through to its target
    with _beside(path, target, _new_file, os.unlink) as tmp:
        try:
            yield tmp
            os.chmod(tmp, _mode_for(target))
            _replace(tmp, target)
        except OSError as exc:
            raise OutputError(f"{path}: cannot write ({exc.strerror or exc})") from None


def _new_file(name: str) -> None:
    os.close(os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600))


@contextmanager
def _beside(path: Path, target: Path, make: Callable[[str], None], remove: Callable[[str], None]) -> Iterator[str]:
    """A new temporary file or directory beside `target` (`make` creates one, exclusively, as
    mkstemp and mkdtemp do), removed when the block ends if it is still there. Its name is
    chosen before it is made, so that a signal at any moment, even inside the call that makes
    it, leaves nothing behind (mkstemp could be stopped after making the file and before
    returning its name)."""
    for _ in range(100):
        name = str(target.parent / f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            make(name)
        except FileExistsError:
            continue  # not ours: another name
        except OSError as exc:
            raise OutputError(f"{path}: cannot write ({exc.strerror})") from None
        except BaseException:  # stopped while it was made: it may be there, and it is ours
            _remove_if_made(name, remove)
            raise
        try:
            yield name
            return
        finally:
            _remove_if_made(name, remove)
    raise OutputError(f"{path}: cannot write (no free temporary name beside it)")


def _remove_if_made(name: str, remove: Callable[[str], None]) -> None:
    if os.path.lexists(name):
        remove(name)


def _open(path: str | Path, binary: bool) -> IO:
    if binary:
        return open(path, "wb")
    return open(path, "w", encoding="utf-8", newline="")


@contextmanager
def _atomic_file(path: Path, binary: bool) -> Iterator[IO]:
    with atomic_path(path) as tmp, _open(tmp, binary) as stream:
        yield stream


def _mode_for(target: Path) -> int:
    """The permissions the new file gets: those of the file it replaces (a private 0600 ledger
    stays private), else the usual ones for a new file (mkstemp's own are 0600)."""
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        return 0o666 & ~_umask()


def _replace(tmp: str, target: Path) -> None:
    try:
        os.replace(tmp, target)
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            raise
        # Across file systems (a bind mount, an odd overlay): copy beside the target, then rename.
        beside = f"{tmp}.copy"
        shutil.copyfile(tmp, beside)
        os.replace(beside, target)


def check_output_directory(path: Path) -> None:
    """Refuse a directory target that would mix old files with new ones or cannot be made."""
    target = Path(os.path.realpath(path))
    if target.exists():
        if not target.is_dir():
            raise UsageError(f"{path}: exists and is not a directory")
        if any(target.iterdir()):
            raise UsageError(f"{path}: directory is not empty; a dataset is written into a new or empty directory")
    elif not target.parent.is_dir():
        raise UsageError(f"{path}: directory {target.parent} does not exist")


@contextmanager
def atomic_directory(path: Path) -> Iterator[Path]:
    """A temporary directory beside `path` for a dataset's files, which go to `path` only if the
    block succeeds: a new directory is the temporary one renamed; an existing (empty) one keeps
    its inode, owner and mode and gets the files moved in, each by a rename. On failure the
    temporary directory is removed: a dataset is there whole or not at all."""
    target = Path(os.path.realpath(path))
    with _beside(path, target, lambda name: os.mkdir(name, 0o700),
                 lambda name: shutil.rmtree(name, ignore_errors=True)) as name:
        tmp = Path(name)
        try:
            yield tmp
            if target.is_dir():
                for item in sorted(tmp.iterdir()):
                    os.replace(item, target / item.name)
            else:
                os.chmod(tmp, 0o777 & ~_umask())
                os.replace(tmp, target)
        except OSError as exc:
            raise OutputError(f"{path}: cannot write ({exc.strerror or exc})") from None


def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


@contextmanager
def open_output(path: Path | None, binary: bool = False) -> Iterator[IO]:
    """stdout, a stream device, or a file written atomically (see the module docstring)."""
    if path is None:
        if not stdout_is_open():
            raise OutputError("stdout is closed; use -o FILE")
        yield sys.stdout.buffer if binary else sys.stdout
        return
    try:
        mode = os.stat(path).st_mode
    except OSError:
        mode = 0
    if _is_stream_device(path, mode):
        try:
            with _open(path, binary) as stream:
                yield stream
        except OSError as exc:
            raise OutputError(f"{path}: cannot write ({exc.strerror or exc})") from None
        return
    with _atomic_file(path, binary) as stream:
        yield stream
