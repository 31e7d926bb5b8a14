"""The `claimtrace` command: a thin layer that parses options, calls the library, maps errors.

Exit codes: 0 success (also when nothing is found), 1 an input failed (the others are still
processed), 2 usage error, 3 `--fail-on-uncited` found claims that cite nothing.
"""

from __future__ import annotations

import os
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, List, Optional

import typer
from rich.console import Console

from . import __version__
from .errors import ClaimtraceError, UsageError
from .inputs import STDIN, plan_inputs
from .ledger import DocumentLedger, Summary
from .pipeline import ExtractOptions, extract_path
from .readers import INPUT_FORMATS
from .writers import Format, format_for_path, make_writer

EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_UNCITED = 0, 1, 2, 3

app = typer.Typer(
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    help="Turn articles, reports and papers into a claim ledger: claims, citations, sources.",
)


def _stderr() -> Console:
    # rich honours NO_COLOR itself; messages never go to stdout.
    return Console(stderr=True, highlight=False, soft_wrap=True)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"claimtrace {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version and exit."),
) -> None:
    """claimtrace: which statements are claims, and which sources back them."""


@contextmanager
def _output(path: Optional[Path]) -> Iterator:
    """stdout, or a file written atomically: a temp file renamed into place on success only."""
    if path is None:
        yield sys.stdout
        return
    directory = path.resolve().parent
    if not directory.is_dir():
        raise UsageError(f"{path}: directory {directory} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as stream:
            yield stream
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _resolve_format(fmt: Optional[Format], output: Optional[Path]) -> Format:
    if fmt is not None:
        return fmt
    if output is not None:
        implied = format_for_path(str(output))
        if implied is None:
            raise UsageError(f"cannot tell the format from '{output.name}'; pass --format")
        return implied
    return Format.table if sys.stdout.isatty() else Format.csv


def _extract_one(args) -> tuple[str, DocumentLedger | None, str | None]:
    """Worker: one input to a ledger, or to a one-line error. Runs in a pool process too."""
    name, options, input_format, encoding = args
    try:
        return name, extract_path(name, options, input_format, encoding), None
    except ClaimtraceError as exc:
        return name, None, str(exc)
    except Exception as exc:  # a bug must not stop the batch; say which file and what
        return name, None, f"{name}: internal error ({type(exc).__name__}: {exc})"


def _results(inputs, options, input_format, encoding, jobs):
    work = [(name, options, input_format, encoding) for name in inputs]
    if jobs > 1 and len(work) > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            yield from pool.map(_extract_one, work)
    else:
        yield from map(_extract_one, work)


def _summary_line(total: Summary) -> str:
    docs = f"{total.documents} document{'s' if total.documents != 1 else ''}"
    return (
        f"{docs}, {total.sentences} sentences, {total.claims} claims "
        f"({total.cited_claims} cited, {total.uncited_claims} uncited), {total.markers} markers"
    )


@app.command()
def extract(
    inputs: List[str] = typer.Argument(None, help="Files or directories (recursive); '-' or nothing reads stdin.", show_default=False),
    fmt: Optional[Format] = typer.Option(None, "--format", "-f", help="Output format. Default: from -o's extension; else table on a terminal, csv in a pipe.", case_sensitive=False),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write to this file (atomically) instead of stdout.", dir_okay=False),
    all_rows: bool = typer.Option(False, "--all", help="Every sentence and heading, not only claims and cited sentences."),
    input_format: Optional[str] = typer.Option(None, "--input-format", help=f"Read every input as this format ({', '.join(INPUT_FORMATS)}). Default: from the extension."),
    encoding: str = typer.Option("utf-8", "--encoding", help="Text encoding of the inputs (UTF-8 with or without BOM by default)."),
    threshold: Optional[float] = typer.Option(None, "--threshold", min=0.0, max=1.0, help="Claim score at or above which a sentence is a claim. Default: the model's."),
    model: str = typer.Option("rules", "--model", help="Claim scorer: 'rules' (transparent rule-based)."),
    include_text: bool = typer.Option(False, "--include-text", help="JSON: include each document's text, so every offset can be checked."),
    fail_on_uncited: bool = typer.Option(False, "--fail-on-uncited", help="Exit 3 when any claim cites nothing."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="Worker processes for a batch."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No summary or progress on stderr (errors still)."),
) -> None:
    """Extract the claim ledger of each input."""
    err = _stderr()
    try:
        if input_format is not None and input_format not in INPUT_FORMATS:
            raise UsageError(f"--input-format must be one of: {', '.join(INPUT_FORMATS)}")
        "".encode(encoding)  # unknown encodings are a usage error, caught before any work
    except LookupError:
        err.print(f"claimtrace: error: unknown encoding '{encoding}'", markup=False)
        raise typer.Exit(EXIT_USAGE)
    except UsageError as exc:
        err.print(f"claimtrace: error: {exc}", markup=False)
        raise typer.Exit(EXIT_USAGE)
    plan = plan_inputs(inputs or [])
    options = ExtractOptions(model=model, threshold=threshold, include_text=include_text)
    failed = [p.message for p in plan.problems]
    for message in failed:
        err.print(f"claimtrace: error: {message}", markup=False)
    total = Summary()
    written = 0
    try:
        out_format = _resolve_format(fmt, output)
        with _output(output) as stream:
            writer = make_writer(out_format, stream, include_all=all_rows)
            results = _results(plan.inputs, options, input_format, encoding, jobs)
            for name, ledger, problem in _progress(err, results, len(plan.inputs), quiet):
                if problem is not None:
                    failed.append(problem)
                    err.print(f"claimtrace: error: {problem}", markup=False)
                    continue
                if not written:
                    writer.begin()  # lazily: a batch where every input failed prints nothing
                written += 1
                writer.document(ledger)
                total = total + ledger.summary
            if not written and failed:
                raise _NothingWritten()
            if not written:
                writer.begin()  # empty input: a valid, empty output (CSV header, JSON object)
            writer.end(total)
    except _NothingWritten:
        pass  # the temp file is removed: no empty or partial output is left behind
    except UsageError as exc:
        err.print(f"claimtrace: error: {exc}", markup=False)
        raise typer.Exit(EXIT_USAGE)
    if not quiet:
        if plan.skipped:
            err.print(f"claimtrace: skipped {plan.skipped} file(s) with other extensions in directories", markup=False)
        if written and total.sentences == 0:
            err.print("claimtrace: no sentences found", markup=False)
        err.print(f"claimtrace: {_summary_line(total)}" + (f"; {len(failed)} input(s) failed" if failed else ""), markup=False)
    if failed:
        raise typer.Exit(EXIT_INPUT)
    if fail_on_uncited and total.uncited_claims:
        err.print(f"claimtrace: {total.uncited_claims} claim(s) cite nothing", markup=False)
        raise typer.Exit(EXIT_UNCITED)


class _NothingWritten(Exception):
    """Raised inside the output context so that it discards the file."""


def _progress(err: Console, results, count: int, quiet: bool):
    """A rich progress bar on stderr for batches, only when stderr is a terminal."""
    if quiet or count < 2 or not err.is_terminal:
        yield from results
        return
    from rich.progress import Progress

    with Progress(console=err, redirect_stdout=False, redirect_stderr=False, transient=True) as bar:
        task = bar.add_task("extracting", total=count)
        for item in results:
            bar.advance(task)
            yield item


def main() -> None:
    """Console-script entry point; a closed pipe (`| head`) ends quietly."""
    try:
        app()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(EXIT_INPUT)
