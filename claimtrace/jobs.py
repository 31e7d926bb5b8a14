"""One input's extraction, as a worker does it: the run's configuration (`RunConfig`), a `Job`
(everything a worker needs, picklable) and its outcomes (the document's events, or a one-line
error; never an exception, so one bad input cannot stop a batch). Engines (`pool`, `dask_engine`) map
`extract_input` over jobs; `batch.run_batch` chooses the engine.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Callable, Iterator, Sequence, Union

from .defaults import STREAM_FROM, STREAM_LINES
from .errors import ClaimtraceError, UsageError
from .inputs import STDIN, STDIN_NAME, InputProblem
from .ledger import DocumentEnd, DocumentStart, Records, Tally
from .pipeline import ExtractOptions, bytes_source, extract_events, extract_stream, path_source
from .readers import DEFAULT_MAX_BYTES, file_size, format_for_name, has_lines, sniff_format
from .scheduler import CONNECT_TIMEOUT, check_address


# What a run yields: each document's events (`ledger.Event`: a `DocumentStart`, its `Records`, a
# `DocumentEnd`), and for an input that gave no document, an `InputProblem` with the reason.
Outcome = Union[DocumentStart, Records, DocumentEnd, InputProblem]


ENGINES = ("local", "dask")


@dataclass(frozen=True)
class RunConfig:
    """How a run reads and extracts its inputs: built once (by the command line, from its
    options) and handed to every stage by keyword, checked here once."""

    options: ExtractOptions = ExtractOptions()
    input_format: str | None = None  # None: each input's own (its extension, or sniffed)
    encoding: str | None = None  # None: each input's own declaration
    max_bytes: int | None = DEFAULT_MAX_BYTES  # None: no limit
    jobs: int = 1  # worker processes (capped at `max_jobs()`) or a local Dask cluster's workers
    engine: str = "local"  # "local" (this machine) or "dask" (`run_on_dask`)
    scheduler: str | None = None  # a Dask scheduler's address; None: a local cluster
    stream_from: int | None = STREAM_FROM  # plain-text files this large are read in parts (None/0: never)
    connect_timeout: float = CONNECT_TIMEOUT  # seconds a Dask scheduler has to answer

    def __post_init__(self) -> None:
        if self.engine not in ENGINES:
            raise UsageError(f"unknown engine '{self.engine}' (choose from: {', '.join(ENGINES)})")
        if self.scheduler is not None and self.engine != "dask":
            raise UsageError("--scheduler needs --engine dask")
        if self.scheduler is not None:
            check_address(self.scheduler)  # before any input is read; the connection comes later


@dataclass(frozen=True)
class Job:
    """Everything one worker needs to extract one input; picklable for a process pool."""

    name: str
    options: ExtractOptions
    input_format: str | None
    encoding: str | None  # None: each input's own declaration
    data: bytes | None = None  # stdin's bytes, read by the caller
    max_bytes: int | None = DEFAULT_MAX_BYTES

    @property
    def shown(self) -> str:
        """The input's name in the ledger and in messages (`<stdin>` for `-`)."""
        return STDIN_NAME if self.name == STDIN else self.name


def extract_input(job: Job) -> list[Outcome]:
    """One input's events, or its `InputProblem`; never raises, so one bad input cannot stop a
    batch."""
    try:
        if job.data is not None:
            fmt = job.input_format or sniff_format(job.data)  # stdin has no name to tell it by
            source = bytes_source(job.shown, job.data, job.options, fmt, job.encoding)
        else:
            source = path_source(job.name, job.options, job.input_format, job.encoding, job.max_bytes)
        return list(extract_events(source, job.options))
    except Exception as exc:  # a bug must not stop the batch either
        return [_failed(job, exc)]


def _failed(job: Job, exc: Exception) -> InputProblem:
    """The one-line error of a job that raised: the library's own message, or for a bug, which
    input and what."""
    if isinstance(exc, ClaimtraceError):
        return InputProblem(job.name, str(exc))
    return InputProblem(job.name, f"{job.shown}: internal error ({type(exc).__name__}: {exc})")


def streams(job: Job, stream_from: int | None) -> bool:
    """Whether the job's input is read in parts: a plain-text file of `stream_from` bytes or more,
    or of `STREAM_LINES` lines or more (None or 0: never), unless its text is asked for. Both
    ways give the same ledger (`tests/test_streaming.py`); in parts costs about a quarter more time on
    many short lines and a fifth of the memory."""
    if not stream_from or job.data is not None or job.options.include_text:
        return False
    if (job.input_format or format_for_name(job.name)) != "text":
        return False
    size = file_size(job.name)
    if size is None:
        return False
    return size >= stream_from or (size >= STREAM_LINES and has_lines(job.name, STREAM_LINES))


def stream_input(job: Job) -> Iterator[Outcome]:
    """One input read in parts (`pipeline.extract_stream`), its events as they come; never raises
    (see `extract_input`). A document that fails after its first records (the file changed
    while it was read) is ended here, with a `DocumentEnd` that says why, so that whatever
    consumes the events always sees whole documents."""
    tally: Tally | None = None  # the open document's counts so far
    try:
        for event in extract_stream(job.name, job.options, job.encoding, job.max_bytes, input_format=job.input_format):
            if isinstance(event, DocumentStart):
                tally = Tally()
            elif isinstance(event, Records) and tally is not None:
                tally.add(event)
            elif isinstance(event, DocumentEnd):
                tally = None
            yield event
    except Exception as exc:
        failed = _failed(job, exc)
        yield failed if tally is None else tally.end(error=failed.message)


def max_jobs() -> int:
    """The most worker processes a batch uses: one per CPU this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def run_jobs(task: Callable[[Job], list[Outcome]], jobs: Sequence[Job]) -> list[list[Outcome]]:
    """`task` over a few jobs, in order, each job's outcomes: one task of a pool or a cluster."""
    return [task(job) for job in jobs]


def jobs_for(inputs: Sequence[str], config: RunConfig = RunConfig(), *, stdin: bytes | None = None) -> list[Job]:
    """One `Job` per input path (each worker reads its own file: the paths must be readable there);
    the input named `-` carries `stdin`, the bytes the caller read."""
    return [Job(name, config.options, config.input_format, config.encoding, stdin if name == STDIN else None,
                config.max_bytes) for name in inputs]
