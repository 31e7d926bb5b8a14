"""A ledger written as a partitioned Parquet dataset by the workers that extract it.

With `--engine dask -f parquet -o DIR/`, each Dask task extracts a chunk of documents and writes
their rows to `DIR/part-NNNNN.parquet` itself (`extract_part`), in parallel on every worker;
only each document's counts, references and integrity report travel back to the client, which
prints the summary. The workers must see DIR at the same path (a shared file system). Parts are
numbered by chunk, so the dataset read in file-name order is the ledger in input order.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Generator, Sequence

from .dask_engine import extract_inputs, run_on_dask
from .jobs import Job, Outcome
from .ledger import Records
from .scheduler import CONNECT_TIMEOUT
from .output import atomic_path
from .writers import LEDGER
from .writers.parquet import PartWritten, part_name, write_part


def extract_part(jobs: list[Job], index: int, directory: str,
                 include_all: bool = False) -> list[list[Outcome | PartWritten]]:
    """One cluster task: extract `jobs`, write their rows to the `index`-th part of `directory`
    (written beside it and renamed, so a part is whole or absent) and return each job's
    outcomes without their `Records` (each `DocumentEnd` has the document's counts); after the
    last, the `PartWritten` when the part replaced lone surrogates (the writer counts them)."""
    outcomes = extract_inputs(jobs, index)
    with atomic_path(Path(directory) / part_name(index)) as tmp:
        replaced = write_part(tmp, (o for one in outcomes for o in one), LEDGER, include_all)
    light: list[list[Outcome | PartWritten]] = [[o for o in one if not isinstance(o, Records)] for one in outcomes]
    if replaced and light:
        light[-1].append(PartWritten(index, replaced))
    return light


def run_partitioned(
    work: Sequence[Job], directory: Path, *, scheduler: str | None = None, jobs: int = 1, include_all: bool = False,
    connect_timeout: float = CONNECT_TIMEOUT,
) -> Generator[Outcome | PartWritten, None, None]:
    """`run_on_dask` with every task writing its part of the dataset in `directory`: each
    document's start and end, the inputs that failed, and the parts that replaced lone
    surrogates (`PartWritten`, for `ParquetDirectoryWriter` to count)."""
    task = partial(extract_part, directory=str(directory), include_all=include_all)
    for outcomes in run_on_dask(work, scheduler=scheduler, jobs=jobs, task=task, connect_timeout=connect_timeout):
        yield from outcomes
