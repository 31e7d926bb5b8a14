"""A batch: every input's outcomes in input order, on the engine the run asks for.

`run_batch` plans nothing and prints nothing: the inputs come from `inputs.plan_inputs`, each
is extracted as a `jobs.Job` (never raising: its document's events, or an `InputProblem` with a
one-line error), in this process, the process pool (`pool`) or a Dask cluster (`dask_engine`),
and the caller counts (`totals`) and writes the events as they come.
"""

from __future__ import annotations

from typing import Generator, Iterable, Iterator, Sequence

from .dask_engine import extract_bag, run_on_dask
from .inputs import STDIN, STDIN_NAME, InputPlan, InputProblem, plan_inputs
from .jobs import Job, Outcome, RunConfig, extract_input, jobs_for, max_jobs, stream_input, streams
from .ledger import DocumentEnd, DocumentLedger, DocumentStart, Event, Records, collect
from .pool import run_pooled

__all__ = [
    "STDIN", "STDIN_NAME", "InputPlan", "InputProblem", "Job", "Outcome", "RunConfig", "documents", "extract_bag",
    "extract_input", "jobs_for", "max_jobs", "plan_inputs", "run_batch", "run_on_dask",
]


def run_batch(inputs: Sequence[str], config: RunConfig = RunConfig(), *, stdin: bytes | None = None) -> Generator[Outcome, None, None]:
    """Each input's outcomes, in input order: its document's events (`ledger.Event`), or an
    `InputProblem`; `config.jobs > 1` spreads the inputs over processes.

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
        yield from run_pooled(work, workers, here=here)
        return
    rest = (run_on_dask(others, scheduler=config.scheduler, jobs=config.jobs,
                        connect_timeout=config.connect_timeout) if config.engine == "dask"
            else map(extract_input, others))
    for i, job in enumerate(work):
        yield from stream_input(job) if i in here else next(rest)
    for _ in rest:  # nothing is left; lets a Dask run end (and stop its cluster) in order
        pass


def documents(outcomes: Iterable[Outcome]) -> Iterator[DocumentLedger | InputProblem]:
    """A run's outcomes as whole documents (each document's events collected) and the inputs
    that failed; a document that failed after its first records is its `InputProblem`."""
    held: list[Event] = []
    for outcome in outcomes:
        if isinstance(outcome, InputProblem):
            yield outcome
            continue
        if not isinstance(outcome, (DocumentStart, Records, DocumentEnd)):
            continue  # not a document's (a dataset part's `PartWritten`)
        held.append(outcome)
        if isinstance(outcome, DocumentEnd):
            ledger = collect(held)
            held = []
            yield ledger if outcome.error is None else InputProblem(ledger.doc, outcome.error)
