"""Batches: which inputs a command line names, extracting each (in parallel if asked), the
per-input errors, and the totals a run reports.

Nothing the user gave is silently dropped: a missing path becomes an `InputProblem`, files a
directory walk passes over are counted, and a failing input becomes an `Outcome` with a one-line
error while the rest of the batch goes on. The library never reads stdin: a caller that wants
it passes its bytes.
"""

from __future__ import annotations

import errno
import os
import signal
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any, Callable, Generator, Iterable, Iterator, Sequence

from .errors import ClaimtraceError, UsageError
from .language import ENGLISH
from .ledger import DocumentLedger, Summary
from .defaults import STREAM_FROM
from .pipeline import ExtractOptions, extract_bytes, extract_path, extract_stream
from .readers import DEFAULT_MAX_BYTES, DIRECTORY_EXTENSIONS, file_size, format_for_name, sniff_format
from .scheduler import CONNECT_TIMEOUT, check_address, connect_within, probe

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


def run_batch(inputs: Sequence[str], config: RunConfig = RunConfig(), *, stdin: bytes | None = None) -> Generator[Outcome, None, None]:
    """Each input's `Outcome`, in input order; `config.jobs > 1` spreads them over processes.

    `jobs` is capped at `max_jobs()`. `stdin` holds the bytes of the input named `-`: a pool
    worker's stdin is not the user's. A worker that dies (killed, out of memory) costs only the
    documents it was working on; each gets a one-line error and the batch goes on.
    `engine="dask"` runs the same extraction on a Dask cluster (`run_on_dask`).
    Plain-text files of `stream_from` bytes or more are read in parts in this process
    (`stream_input`), so memory does not grow with them, while the engine goes on with the rest.
    """
    work = jobs_for(inputs, config, stdin=stdin)
    here = {i for i, job in enumerate(work) if streams(job, config.stream_from)}
    others = [job for i, job in enumerate(work) if i not in here]
    workers = min(config.jobs, max_jobs(), len(others))
    if config.engine == "local" and workers > 1:
        yield from _pooled(work, workers, here=here)
        return
    rest = (run_on_dask(others, scheduler=config.scheduler, jobs=config.jobs,
                        connect_timeout=config.connect_timeout) if config.engine == "dask"
            else map(extract_input, others))
    for i, job in enumerate(work):
        yield from stream_input(job) if i in here else [next(rest)]
    yield from rest  # nothing is left; lets a Dask run end (and stop its cluster) in order


# Documents a pool task extracts together: one round trip to a worker costs about as much as a
# short document, so small documents go in groups (a large one alone, for balance).
_TASK_DOCUMENTS = 16
_TASK_BYTES = 1 << 20


def _run_jobs(task: Callable[[Job], Outcome], jobs: Sequence[Job]) -> list[Outcome]:
    """One pool task: `task` over a few jobs, in order."""
    return [task(job) for job in jobs]


def _job_size(job: Job) -> int:
    return len(job.data) if job.data is not None else file_size(job.name) or 0


def _tasks(work: list[Job], local: set[int]) -> list[tuple[list[Job], bool]]:
    """`work` as pool tasks in order: groups of consecutive small jobs, and each job to be read in
    parts here on its own (`True`)."""
    tasks: list[tuple[list[Job], bool]] = []
    size = 0
    for i, job in enumerate(work):
        if i in local:
            tasks.append(([job], True))
            continue
        job_size = _job_size(job)
        last = tasks[-1] if tasks else None
        if last is None or last[1] or len(last[0]) >= _TASK_DOCUMENTS or size + job_size > _TASK_BYTES:
            tasks.append(([job], False))
            size = 0
        else:
            last[0].append(job)
        size += job_size
    return tasks


def _pooled(
    work: list[Job], workers: int, task: Callable[[Job], Outcome] = extract_input, here: Iterable[int] = (),
) -> Iterator[Outcome]:
    """`task` (`extract_input`) over a process pool, in order, with a bounded number of tasks in
    flight (each a few small documents, `_tasks`). The jobs at the indices `here` (documents read
    in parts) run in this process when their turn comes, while the pool works on the tasks after
    them. A worker that dies costs only the document it was on: the jobs of the task it held are
    retried one by one, each in a pool of its own."""
    pending = list(reversed(_tasks(work, set(here))))
    pool: ProcessPoolExecutor | None = None
    in_flight: list[tuple[list[Job], Future[list[Outcome]] | None]] = []
    try:
        while pending or in_flight:
            if pool is None:
                pool = _start_pool(workers)
                if pool is None:  # no process could be started: go on in this one
                    for jobs, future in in_flight:
                        yield from stream_input(jobs[0]) if future is None else _run_jobs(task, jobs)
                    in_flight = []
                    for jobs, local in reversed(pending):
                        yield from stream_input(jobs[0]) if local else _run_jobs(task, jobs)
                    return
                in_flight = [
                    (jobs, done if done is None or (done.done() and done.exception() is None)
                     else _submit(pool, task, jobs))
                    for jobs, done in in_flight
                ]
            while pending and sum(f is not None for _, f in in_flight) < 4 * workers:
                jobs, local = pending.pop()
                in_flight.append((jobs, None if local else _submit(pool, task, jobs)))
            jobs, future = in_flight[0]
            if future is None:  # read in parts here; the pool goes on with what is in flight
                in_flight.pop(0)
                yield from stream_input(jobs[0])
                continue
            try:
                outcomes = future.result()
            except BrokenProcessPool:
                pool.shutdown(wait=False, cancel_futures=True)
                pool = None
                # The pool cannot say which job killed it: retry its jobs one by one, alone.
                in_flight.pop(0)
                for job in jobs:
                    yield _alone(job, task)
                continue
            in_flight.pop(0)
            yield from outcomes
    except BaseException:  # stopped (a signal, a closed pipe): do not wait for running workers
        if pool is not None:
            _stop(pool)
            pool = None
        raise
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


def _submit(pool: ProcessPoolExecutor, task: Callable[[Job], Outcome], jobs: list[Job]) -> Future[list[Outcome]]:
    """`jobs` submitted to `pool`. A worker that died since the last submit (killed, out of
    memory) breaks the pool, and `submit` itself raises: that comes back as a future that
    failed, handled where every other broken-pool result is (the pool is rebuilt)."""
    try:
        return pool.submit(_run_jobs, task, jobs)
    except BrokenProcessPool as exc:
        broken: Future[list[Outcome]] = Future()
        broken.set_exception(exc)
        return broken


def _stop(pool: ProcessPoolExecutor) -> None:
    # The executor has no public way to stop running work; its worker processes are reachable.
    for process in list(getattr(pool, "_processes", {}).values()):
        process.terminate()
    pool.shutdown(wait=False, cancel_futures=True)


def _quiet_worker() -> None:
    """A pool worker leaves stopping to the process that started it: Ctrl-C (sent to the whole
    process group) is ignored, and SIGTERM from `_stop` ends it at once, without running the
    handlers it inherited (which would print a traceback from every worker)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)


def _start_pool(workers: int) -> ProcessPoolExecutor | None:
    try:
        pool = ProcessPoolExecutor(max_workers=workers, initializer=_quiet_worker)
        pool.submit(int).result()  # fork now: a process limit shows here, not mid-batch
        return pool
    except (OSError, BrokenProcessPool):
        return None


def _alone(job: Job, task: Callable[[Job], Outcome]) -> Outcome:
    """Run one job in a pool of its own: if the worker dies again, the job is the cause."""
    pool = _start_pool(1)
    if pool is None:
        return task(job)
    try:
        return pool.submit(task, job).result()
    except BrokenProcessPool:
        return Outcome(job.name, error=f"{job.shown}: the worker process died while extracting it (out of memory or killed)")
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


@dataclass
class BatchTotals:
    """What a batch produced, for the summary lines and the exit code. Local to one run."""

    summary: Summary = field(default_factory=Summary)
    failed: list[str] = field(default_factory=list)
    written: int = 0
    without_list: int = 0  # documents with markers but no reference list
    references: int = 0  # reference-list entries over all documents
    # The document being counted, over its parts so far: its counts and its records' languages.
    document: Summary = field(default_factory=Summary)
    languages: set[str] = field(default_factory=set)

    def add(self, ledger: DocumentLedger, summary: Summary | None = None, languages: Iterable[str] = ()) -> None:
        """Count a document's ledger, or one part of it (`summary` and `languages`: its counts and
        its records' languages, when its records were written elsewhere)."""
        summary = summary or ledger.summary  # computed from the records on each access: once here
        if ledger.part == 0:
            self.document, self.languages = Summary(), set()
        self.document = self.document + summary
        self.languages.update(languages or (r.lang for r in ledger.records))
        self.written += 1
        self.summary = self.summary + summary
        self.references += len(ledger.references)
        if ledger.final and ledger.integrity and not ledger.integrity.reference_list and self.document.markers:
            self.without_list += 1


def counted(n: int, word: str, plural: str | None = None) -> str:
    """`1 claim`, `2 claims` (`plural` when it is not `word` + s)."""
    return f"{n} {word if n == 1 else plural or word + 's'}"


def _verb(n: int, verb: str) -> str:
    """`1 marker cites`, `2 markers cite`."""
    return verb + "s" if n == 1 else verb


def summary_line(total: Summary) -> str:
    """`1 document, 59 sentences, 41 claims (20 cited, 21 uncited), 25 markers`."""
    line = (
        f"{counted(total.documents, 'document')}, {counted(total.sentences, 'sentence')}, "
        f"{counted(total.claims, 'claim')} ({total.cited_claims} cited, {total.uncited_claims} uncited), "
        f"{counted(total.markers, 'marker')}"
    )
    if total.links:
        line += (f", {counted(total.links, 'link')} (claims cited by a marker: {total.marker_cited_claims}, "
                 f"by a link: {total.link_cited_claims})")
    if total.not_english:
        n = total.not_english
        line += f"; {n} sentence{'s' if n != 1 else ''} not in English, not judged"
    return line


def language_line(doc: str, languages: Iterable[str], not_english: int) -> str | None:
    """A warning when part of a document is not English (its sentences are not judged):
    `languages` are its records' languages, `not_english` its `Summary.not_english`."""
    others = sorted(set(languages) - {ENGLISH})
    if not others:
        return None
    n = not_english
    return (f"{doc}: {n} sentence{'s' if n != 1 else ''} in {', '.join(others)}: not judged "
            "(the claim model reads English)")


def _numbers(values: Sequence[int] | Sequence[str], separator: str = ", ") -> str:
    shown = separator.join(map(str, values[:10]))
    return shown + (f" … (+{len(values) - 10})" if len(values) > 10 else "")


def integrity_line(ledger: DocumentLedger, summary: Summary | None = None) -> str | None:
    """One line on how the document's markers and reference list fit, if there is news.

    `summary` is the whole document's when the ledger is the last of its parts."""
    report = ledger.integrity
    summary = summary or ledger.summary
    if report is None or (not ledger.references and not summary.markers):
        return None
    if not report.reference_list:
        works = f" and {counted(len(report.missing_keys), 'work')} by author and year" if report.missing_keys else ""
        return (f"{ledger.doc}: no reference list found; {counted(summary.markers, 'marker')} "
                f"{_verb(summary.markers, 'cite')} {counted(len(report.missing_entries), 'number')}{works}")
    parts = [counted(len(ledger.references), "reference entry", "reference entries")]
    if report.missing_entries:
        parts.append(f"cited but missing: {_numbers(report.missing_entries)}")
    if report.missing_keys:
        parts.append(f"cited works with no entry: {_numbers(report.missing_keys, '; ')}")
    if report.ambiguous_keys:
        parts.append(f"ambiguous (several entries fit): {_numbers(report.ambiguous_keys, '; ')}")
    if report.beyond_list:
        parts.append(f"beyond the list's last entry: {_numbers(report.beyond_list)}")
    if report.uncited_entries:
        parts.append(f"never cited: {_numbers(report.uncited_entries)}")
    if report.duplicate_entries:
        parts.append(f"duplicate entries: {_numbers(report.duplicate_entries)}")
    if summary.claims:
        parts.append(f"{report.uncited_claim_share:.0%} of claims cite nothing")
    if report.link_cited_claims:
        parts.append(f"{counted(report.link_cited_claims, 'claim')} {_verb(report.link_cited_claims, 'cite')} by a link, "
                     f"{report.marker_cited_claims} by a marker")
    return f"{ledger.doc}: " + "; ".join(parts)


def links_line(doc: str, links: int) -> str:
    """For `claimtrace references` on a page that cites only by hyperlink (issue 22: a page with
    30 source links said `0 reference entries` and nothing more): where its sources are."""
    import shlex

    return (f"{doc}: no reference list; its sentences cite {counted(links, 'web link')} instead, "
            f"listed by: claimtrace extract {shlex.quote(doc)} -f jsonl | jq -r '.links[].url'")


# ---------------------------------------------------------------------------------------------
# a cluster: Dask


def _need_dask() -> None:
    try:
        import dask.bag  # noqa: F401
        import distributed  # noqa: F401
    except ImportError:
        raise UsageError("--engine dask needs the optional packages 'dask' and 'distributed': "
                         "pip install 'claimtrace[dask]'") from None


def extract_inputs(jobs: Sequence[Job], index: int = 0) -> list[Outcome]:
    """`extract_input` over a few jobs: one cluster task (`index`: the task's place in the run)."""
    return _run_jobs(extract_input, jobs)


def extract_bag(bag: Any) -> Any:
    """A Dask bag of `Outcome`s from a bag of `Job`s: the per-document extraction mapped over a
    cluster. Build the jobs with `jobs_for(...)`; `.compute()` gives them in the bag's order."""
    return bag.map(extract_input)


def jobs_for(inputs: Sequence[str], config: RunConfig = RunConfig(), *, stdin: bytes | None = None) -> list[Job]:
    """One `Job` per input path (each worker reads its own file: the paths must be readable there);
    the input named `-` carries `stdin`, the bytes the caller read."""
    return [Job(name, config.options, config.input_format, config.encoding, stdin if name == STDIN else None,
                config.max_bytes) for name in inputs]


_PARTITION = 32  # documents a Dask task extracts: large enough to pay for scheduling and transfer


def run_on_dask(
    work: Sequence[Job], *, scheduler: str | None = None, jobs: int = 1,
    task: Callable[[list[Job], int], list[Outcome]] = extract_inputs, connect_timeout: float = CONNECT_TIMEOUT,
) -> Iterator[Outcome]:
    """`extract_input` over a Dask cluster, in input order, a bounded number of partitions in
    flight. `scheduler` is a `distributed` scheduler address (`tcp://host:8786`); without one a
    `LocalCluster` of `jobs` worker processes (one thread each) is started and stopped here.
    `task` runs on a worker with a chunk of jobs and the chunk's index (`extract_inputs`; a
    task that also writes the chunk's rows: `partitioned.extract_part`).

    A `scheduler` address is checked and the scheduler must answer within `connect_timeout`
    seconds (`scheduler.probe`) before anything is sent; every failure is one `UsageError`.
    A scheduler runs the code it is sent: only use a cluster you trust."""
    if scheduler is not None:
        probe(scheduler, connect_timeout)
    _need_dask()
    from distributed import Client, LocalCluster

    if not work:
        return
    cluster = None
    if scheduler is None:
        cluster = LocalCluster(n_workers=max(1, min(jobs, max_jobs())), threads_per_worker=1,
                               processes=True, dashboard_address=None)
    try:
        if scheduler is None:
            client = Client(cluster, timeout=connect_timeout)
        else:  # set_as_default=False: a client left behind by a stalled handshake is nobody's default
            client = connect_within(partial(Client, scheduler, timeout=connect_timeout, set_as_default=False),
                                    scheduler, connect_timeout)
    except UsageError:
        raise
    except Exception as exc:  # whatever `distributed` raises: one line, never a traceback
        if cluster is not None:
            cluster.close()
        raise UsageError(f"cannot reach the Dask scheduler {scheduler}: {exc}") from None
    try:
        # One task a chunk of documents, submitted as the window allows: submitting a chunk
        # sends only its own jobs (a bag's delayed partitions would each carry the whole graph).
        chunks = [list(work[i : i + _PARTITION]) for i in range(0, len(work), _PARTITION)]
        window = 4 * max(1, len(client.scheduler_info().get("workers", {})) or 1)
        futures: list[Any] = []
        for index, chunk in enumerate(chunks):
            futures.append(client.submit(task, chunk, index, pure=False))
            if len(futures) >= window:
                yield from futures.pop(0).result()
        for future in futures:
            yield from future.result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
