"""A run on a Dask cluster (`--engine dask`): chunks of jobs submitted as a window allows, their
outcomes in input order; a local cluster of `-j` workers unless a scheduler is named.
"""

from __future__ import annotations

from functools import partial
from typing import Any, Callable, Iterator, Sequence

from .errors import UsageError
from .jobs import Job, Outcome, extract_input, max_jobs, run_jobs
from .scheduler import CONNECT_TIMEOUT, connect_within, probe


def _need_dask() -> None:
    try:
        import dask.bag  # noqa: F401
        import distributed  # noqa: F401
    except ImportError:
        raise UsageError("--engine dask needs the optional packages 'dask' and 'distributed': "
                         "pip install 'claimtrace[dask]'") from None


def extract_inputs(jobs: Sequence[Job], index: int = 0) -> list[list[Outcome]]:
    """`extract_input` over a few jobs, each job's outcomes: one cluster task (`index`: the
    task's place in the run)."""
    return run_jobs(extract_input, jobs)


def extract_bag(bag: Any) -> Any:
    """A Dask bag of each job's outcomes (its document's events, or its `InputProblem`) from a
    bag of `Job`s: the per-document extraction mapped over a cluster. Build the jobs with
    `jobs_for(...)`; `.compute()` gives them in the bag's order (`batch.documents` collects
    them into ledgers)."""
    return bag.map(extract_input)


_PARTITION = 32  # documents a Dask task extracts: large enough to pay for scheduling and transfer


def run_on_dask(
    work: Sequence[Job], *, scheduler: str | None = None, jobs: int = 1,
    task: Callable[[list[Job], int], list[list[Any]]] = extract_inputs, connect_timeout: float = CONNECT_TIMEOUT,
) -> Iterator[list[Any]]:
    """`extract_input` over a Dask cluster, each job's outcomes in input order, a bounded number of partitions in
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
