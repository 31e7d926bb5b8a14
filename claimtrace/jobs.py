"""One input's extraction, as a worker does it: the run's configuration (`RunConfig`), a `Job`
(everything a worker needs, picklable) and its `Outcome` (a ledger, or a one-line error; never
an exception, so one bad input cannot stop a batch). Engines (`pool`, `dask_engine`) map
`extract_input` over jobs; `batch.run_batch` chooses the engine.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from typing import Callable, Iterator, Sequence

from .defaults import STREAM_FROM
from .errors import ClaimtraceError, UsageError
from .inputs import STDIN, STDIN_NAME
from .ledger import DocumentLedger, Summary
from .pipeline import ExtractOptions, extract_bytes, extract_path, extract_stream
from .readers import DEFAULT_MAX_BYTES, file_size, format_for_name, sniff_format
from .scheduler import CONNECT_TIMEOUT, check_address


@dataclass(frozen=True)
class Outcome:
    """One input's result: its ledger, or the one-line reason it has none.

    A document read in parts (`pipeline.extract_stream`) gives one outcome a part; only the
    last part's ledger is `final`, and an error may follow parts already given.
    """

    name: str
    ledger: DocumentLedger | None = None
    error: str | None = None
    # A ledger whose rows were written where it was extracted (a Parquet part written by a Dask
    # worker) comes back without its records: their counts and languages come instead.
    summary: Summary | None = None
    languages: frozenset[str] = frozenset()
    replaced: int = 0  # lone surrogates written as U+FFFD where the rows were written

    def without_records(self) -> "Outcome":
        """This outcome with its ledger's records replaced by their counts and languages."""
        if self.ledger is None:
            return self
        return replace(self, ledger=replace(self.ledger, records=()), summary=self.ledger.summary,
                       languages=frozenset(r.lang for r in self.ledger.records))


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


def extract_input(job: Job) -> Outcome:
    """One input to an `Outcome`; never raises, so one bad input cannot stop a batch."""
    shown = job.shown
    try:
        if job.data is not None:
            fmt = job.input_format or sniff_format(job.data)  # stdin has no name to tell it by
            ledger = extract_bytes(shown, job.data, job.options, fmt, job.encoding)
        else:
            ledger = extract_path(job.name, job.options, job.input_format, job.encoding, job.max_bytes)
        return Outcome(job.name, ledger)
    except Exception as exc:  # a bug must not stop the batch either
        return _failed(job, exc)


def _failed(job: Job, exc: Exception) -> Outcome:
    """The one-line error of a job that raised: the library's own message, or for a bug, which
    input and what."""
    if isinstance(exc, ClaimtraceError):
        return Outcome(job.name, error=str(exc))
    return Outcome(job.name, error=f"{job.shown}: internal error ({type(exc).__name__}: {exc})")


def streams(job: Job, stream_from: int | None) -> bool:
    """Whether the job's input is read in parts: a plain-text file of `stream_from` bytes or more
    (None or 0: never), unless its text is asked for."""
    if not stream_from or job.data is not None or job.options.include_text:
        return False
    if (job.input_format or format_for_name(job.name)) != "text":
        return False
    size = file_size(job.name)
    return size is not None and size >= stream_from


def stream_input(job: Job) -> Iterator[Outcome]:
    """One input read in parts, an `Outcome` a part; never raises (see `extract_input`)."""
    try:
        for part in extract_stream(job.name, job.options, job.encoding, job.max_bytes):
            yield Outcome(job.name, part)
    except Exception as exc:
        yield _failed(job, exc)


def max_jobs() -> int:
    """The most worker processes a batch uses: one per CPU this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def run_jobs(task: Callable[[Job], Outcome], jobs: Sequence[Job]) -> list[Outcome]:
    """`task` over a few jobs, in order: one task of a pool or a cluster."""
    return [task(job) for job in jobs]


def jobs_for(inputs: Sequence[str], config: RunConfig = RunConfig(), *, stdin: bytes | None = None) -> list[Job]:
    """One `Job` per input path (each worker reads its own file: the paths must be readable there);
    the input named `-` carries `stdin`, the bytes the caller read."""
    return [Job(name, config.options, config.input_format, config.encoding, stdin if name == STDIN else None,
                config.max_bytes) for name in inputs]
