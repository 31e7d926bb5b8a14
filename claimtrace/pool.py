"""The process pool of a local run (`-j N`): jobs in order over worker processes, a bounded
number of tasks in flight, documents read in parts run here meanwhile, and a worker that dies
(killed, out of memory) costs only the documents it was on (the pool is rebuilt).
"""

from __future__ import annotations

import signal
from concurrent.futures import Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Callable, Iterable, Iterator

from .inputs import InputProblem
from .jobs import Job, Outcome, extract_input, run_jobs, stream_input
from .readers import file_size


# Documents a pool task extracts together: one round trip to a worker costs about as much as a
# short document, so small documents go in groups (a large one alone, for balance).
_TASK_DOCUMENTS = 16
_TASK_BYTES = 1 << 20


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


def run_pooled(
    work: list[Job], workers: int, task: Callable[[Job], list[Outcome]] = extract_input, here: Iterable[int] = (),
) -> Iterator[Outcome]:
    """`task` (`extract_input`) over a process pool, every job's outcomes in order, with a bounded number of tasks in
    flight (each a few small documents, `_tasks`). The jobs at the indices `here` (documents read
    in parts) run in this process when their turn comes, while the pool works on the tasks after
    them. A worker that dies costs only the document it was on: the jobs of the task it held are
    retried one by one, each in a pool of its own."""
    pending = list(reversed(_tasks(work, set(here))))
    pool: ProcessPoolExecutor | None = None
    in_flight: list[tuple[list[Job], Future[list[list[Outcome]]] | None]] = []
    try:
        while pending or in_flight:
            if pool is None:
                pool = _start_pool(workers)
                if pool is None:  # no process could be started: go on in this one
                    for jobs, future in in_flight:
                        yield from stream_input(jobs[0]) if future is None else _flat(run_jobs(task, jobs))
                    in_flight = []
                    for jobs, local in reversed(pending):
                        yield from stream_input(jobs[0]) if local else _flat(run_jobs(task, jobs))
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
                outcomes = _result(pool, future)
            except BrokenProcessPool:
                _stop(pool)  # the other workers may wait forever on the dead one's lock
                pool = None
                # The pool cannot say which job killed it: retry its jobs one by one, alone.
                in_flight.pop(0)
                for job in jobs:
                    yield from _alone(job, task)
                continue
            in_flight.pop(0)
            yield from _flat(outcomes)
    except BaseException:  # stopped (a signal, a closed pipe): do not wait for running workers
        if pool is not None:
            _stop(pool)
            pool = None
        raise
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


def _flat(outcomes: list[list[Outcome]]) -> Iterator[Outcome]:
    for one in outcomes:
        yield from one


def _submit(pool: ProcessPoolExecutor, task: Callable[[Job], list[Outcome]], jobs: list[Job]) -> Future[list[list[Outcome]]]:
    """`jobs` submitted to `pool`. A worker that died since the last submit (killed, out of
    memory) breaks the pool, and `submit` itself raises: that comes back as a future that
    failed, handled where every other broken-pool result is (the pool is rebuilt)."""
    try:
        return pool.submit(run_jobs, task, jobs)
    except BrokenProcessPool as exc:
        broken: Future[list[list[Outcome]]] = Future()
        broken.set_exception(exc)
        return broken


# Seconds between looks at the workers while a result is awaited (`_result`).
_LOOK_EVERY = 0.2


def _result(pool: ProcessPoolExecutor, future: Future[list[list[Outcome]]]) -> list[list[Outcome]]:
    """`future.result()`, except that a worker found dead while it is awaited breaks the pool.

    A worker killed (SIGKILL, the OOM killer) while it was sending a result leaves the pool
    waiting forever: CPython's executor blocks reading the half-sent result, and the other
    workers wait on the result queue's lock the dead one held (`extract DIR -j 2` hung until
    killed). The executor never notices; its worker processes say they exited."""
    while True:
        done, _ = wait([future], timeout=_LOOK_EVERY)
        if done:
            return future.result()
        if _a_worker_died(pool):
            raise BrokenProcessPool("a worker process died")


def _a_worker_died(pool: ProcessPoolExecutor) -> bool:
    """Whether one of the pool's worker processes has exited (they live as long as the pool)."""
    return any(process.exitcode is not None for process in _workers(pool))


def _workers(pool: ProcessPoolExecutor) -> list:
    """The pool's worker processes. The executor has no public way to reach them: its table of
    them is private, emptied (None) once it shuts down, and changed by its own thread."""
    try:
        return list((getattr(pool, "_processes", None) or {}).values())
    except RuntimeError:  # changed meanwhile: none seen this time (the caller looks again)
        return []


def _stop(pool: ProcessPoolExecutor) -> None:
    # The executor has no public way to stop running work; its worker processes are reachable.
    for process in _workers(pool):
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


def _alone(job: Job, task: Callable[[Job], list[Outcome]]) -> list[Outcome]:
    """Run one job in a pool of its own: if the worker dies again, the job is the cause."""
    pool = _start_pool(1)
    if pool is None:
        return task(job)
    try:
        return _result(pool, pool.submit(run_jobs, task, [job]))[0]
    except BrokenProcessPool:
        _stop(pool)
        return [InputProblem(job.name, f"{job.shown}: the worker process died while extracting it (out of memory or killed)")]
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
