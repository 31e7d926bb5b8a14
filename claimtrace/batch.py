"""Batches: which inputs a command line names, extracting each (in parallel if asked), the
per-input errors, and the totals a run reports.

Nothing the user gave is silently dropped: a missing path becomes an `InputProblem`, files a
directory walk passes over are counted, and a failing input becomes an `Outcome` with a one-line
error while the rest of the batch goes on. The library never reads stdin: a caller that wants
it passes its bytes.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from .errors import ClaimtraceError, UsageError
from .ledger import DocumentLedger, Summary
from .pipeline import ExtractOptions, extract_bytes, extract_path
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


@dataclass(frozen=True)
class Outcome:
    """One input's result: its ledger, or the one-line reason it has none."""

    name: str
    ledger: DocumentLedger | None = None
    error: str | None = None


@dataclass(frozen=True)
class Job:
    """Everything one worker needs to extract one input; picklable for a process pool."""

    name: str
    options: ExtractOptions
    input_format: str | None
    encoding: str
    data: bytes | None = None  # stdin's bytes, read by the caller


def extract_input(job: Job) -> Outcome:
    """One input to an `Outcome`; never raises, so one bad input cannot stop a batch."""
    shown = STDIN_NAME if job.name == STDIN else job.name
    try:
        if job.data is not None:
            ledger = extract_bytes(shown, job.data, job.options, job.input_format or "text", job.encoding)
        else:
            ledger = extract_path(job.name, job.options, job.input_format, job.encoding)
        return Outcome(job.name, ledger)
    except ClaimtraceError as exc:
        return Outcome(job.name, error=str(exc))
    except Exception as exc:  # a bug must not stop the batch; say which input and what
        return Outcome(job.name, error=f"{shown}: internal error ({type(exc).__name__}: {exc})")


def run_batch(
    inputs: Sequence[str], options: ExtractOptions = ExtractOptions(), input_format: str | None = None,
    encoding: str = "utf-8", jobs: int = 1, stdin: bytes | None = None,
) -> Iterator[Outcome]:
    """Each input's `Outcome`, in input order; `jobs > 1` spreads them over processes.

    `stdin` holds the bytes of the input named `-`: a pool worker's stdin is not the user's.
    """
    work = [Job(name, options, input_format, encoding, stdin if name == STDIN else None) for name in inputs]
    if jobs > 1 and len(work) > 1:
        with ProcessPoolExecutor(max_workers=min(jobs, len(work))) as pool:
            yield from pool.map(extract_input, work)
    else:
        yield from map(extract_input, work)


@dataclass
class BatchTotals:
    """What a batch produced, for the summary lines and the exit code. Local to one run."""

    summary: Summary = field(default_factory=Summary)
    failed: list[str] = field(default_factory=list)
    written: int = 0
    without_list: int = 0  # documents with markers but no reference list
    references: int = 0  # reference-list entries over all documents

    def add(self, ledger: DocumentLedger) -> None:
        self.written += 1
        self.summary = self.summary + ledger.summary
        self.references += len(ledger.references)
        if ledger.integrity and not ledger.integrity.reference_list and ledger.summary.markers:
            self.without_list += 1


def summary_line(total: Summary) -> str:
    """`1 document, 59 sentences, 41 claims (20 cited, 21 uncited), 25 markers`."""
    docs = f"{total.documents} document{'s' if total.documents != 1 else ''}"
    return (
        f"{docs}, {total.sentences} sentences, {total.claims} claims "
        f"({total.cited_claims} cited, {total.uncited_claims} uncited), {total.markers} markers"
    )


def _numbers(values: Sequence[int]) -> str:
    shown = ", ".join(map(str, values[:10]))
    return shown + (f" … (+{len(values) - 10})" if len(values) > 10 else "")


def integrity_line(ledger: DocumentLedger) -> str | None:
    """One line on how the document's markers and reference list fit, if there is news."""
    report = ledger.integrity
    if report is None or (not ledger.references and not ledger.summary.markers):
        return None
    if not report.reference_list:
        return f"{ledger.doc}: no reference list found; {ledger.summary.markers} markers cite {len(report.missing_entries)} numbers"
    parts = [f"{len(ledger.references)} reference entries"]
    if report.missing_entries:
        parts.append(f"cited but missing: {_numbers(report.missing_entries)}")
    if report.uncited_entries:
        parts.append(f"never cited: {_numbers(report.uncited_entries)}")
    if report.duplicate_entries:
        parts.append(f"duplicate entries: {_numbers(report.duplicate_entries)}")
    if ledger.summary.claims:
        parts.append(f"{report.uncited_claim_share:.0%} of claims cite nothing")
    return f"{ledger.doc}: " + "; ".join(parts)
