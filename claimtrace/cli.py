"""The `claimtrace` command: a thin layer that parses options, calls the library, maps errors.

Everything a run does is in the library (`claimtrace.batch`, `claimtrace.pipeline`,
`claimtrace.writers`); here are option parsing, the choice of writer, stderr messages and exit
codes (defined in `claimtrace.errors`). The CLI, not the library, reads stdin and sets logging.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Annotated, Iterator, List, Optional

import typer
from rich.console import Console

from .batch import STDIN, BatchTotals, integrity_line, plan_inputs, run_batch, summary_line
from .errors import (
    EXIT_BROKEN_PIPE, EXIT_CODES_HELP, EXIT_INPUT, EXIT_UNCITED, EXIT_USAGE, ClaimtraceError,
    InputError, UsageError,
)
from .pipeline import ExtractOptions, claim_judge
from .readers import DIRECTORY_EXTENSIONS, INPUT_FORMATS
from .scoring import DEFAULT_MODEL, load_scorer
from .version import __version__
from .writers import LEDGER, REFERENCES, Format, Table, format_for_path, make_writer

app = typer.Typer(
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    help="Turn articles, reports and papers into a claim ledger: claims, citations, sources.",
    epilog=EXIT_CODES_HELP,
)


def _stderr() -> Console:
    # rich honours NO_COLOR itself; messages never go to stdout.
    return Console(stderr=True, highlight=False, soft_wrap=True)


def _error(err: Console, message: object) -> None:
    """The one-line error every failure is reported with."""
    err.print(f"claimtrace: error: {message}", markup=False)


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
def _atomic_path(path: Path) -> Iterator[str]:
    """A temporary path beside `path`, renamed onto it only if the block succeeds."""
    directory = path.resolve().parent
    if not directory.is_dir():
        raise UsageError(f"{path}: directory {directory} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    os.close(fd)
    try:
        yield tmp
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; the user expects a normal file
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


@contextmanager
def _output(path: Optional[Path]) -> Iterator:
    """stdout, or a file written atomically: a temp file renamed into place on success only."""
    if path is None:
        yield sys.stdout
        return
    with _atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8", newline="") as stream:
        yield stream


def _resolve_format(fmt: Optional[Format], output: Optional[Path]) -> Format:
    if fmt is not None:
        return fmt
    if output is not None:
        implied = format_for_path(str(output))
        if implied is None:
            raise UsageError(f"cannot tell the format from '{output.name}'; pass --format")
        return implied
    return Format.table if sys.stdout.isatty() else Format.csv


# Options shared by every command that reads documents (one definition, reused).
InputsArg = Annotated[Optional[List[str]], typer.Argument(help="Files or directories (recursive); '-' or nothing reads stdin.", show_default=False)]
FormatOpt = Annotated[Optional[Format], typer.Option("--format", "-f", help="Output format. Default: from -o's extension; else table on a terminal, csv in a pipe.", case_sensitive=False)]
OutputOpt = Annotated[Optional[Path], typer.Option("--output", "-o", help="Write to this file (atomically) instead of stdout.", dir_okay=False)]
InputFormatOpt = Annotated[Optional[str], typer.Option("--input-format", help=f"Read every input as this format ({', '.join(INPUT_FORMATS)}). Default: from the extension.")]
EncodingOpt = Annotated[str, typer.Option("--encoding", help="Text encoding of text inputs (UTF-8 with or without BOM by default).")]
ThresholdOpt = Annotated[Optional[float], typer.Option("--threshold", min=0.0, max=1.0, help="Claim score at or above which a sentence is a claim. Default: the model's.")]
ModelOpt = Annotated[str, typer.Option("--model", help="Claim scorer: 'claimbuster' (the shipped trained model), 'rules' (transparent rule-based), or a model file from `claimtrace train`.")]
JobsOpt = Annotated[int, typer.Option("--jobs", "-j", min=1, help="Worker processes for a batch.")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No summary, integrity report or progress on stderr (errors still).")]


def _check_usage(input_format: Optional[str], encoding: str, model: str) -> None:
    """Reject bad options before any input is read (exit 2, not one error per input)."""
    try:
        claim_judge(ExtractOptions(model=model))
    except InputError as exc:  # a --model file that is not a model
        raise UsageError(str(exc)) from None
    if input_format is not None and input_format not in INPUT_FORMATS:
        raise UsageError(f"--input-format must be one of: {', '.join(INPUT_FORMATS)}")
    try:
        "".encode(encoding)
    except LookupError:
        raise UsageError(f"unknown encoding '{encoding}'") from None


def _read_stdin(inputs: tuple[str, ...]) -> bytes | None:
    """stdin's bytes when `-` is an input: read here, once, so that workers never touch it."""
    return sys.stdin.buffer.read() if STDIN in inputs else None


def _write_outcomes(
    err: Console, stream: IO[str], out_format: Format, table: Table, outcomes, count: int,
    totals: BatchTotals, quiet: bool, include_all: bool,
) -> None:
    """Write each document's rows as soon as it is done; one stderr line per failed input."""
    writer = make_writer(out_format, stream, include_all=include_all, table=table)
    for outcome in _progress(err, outcomes, count, quiet):
        if outcome.ledger is None:
            totals.failed.append(outcome.error)
            _error(err, outcome.error)
            continue
        if not totals.written:
            writer.begin()  # lazily: a batch where every input failed prints nothing
        writer.document(outcome.ledger)
        totals.add(outcome.ledger)
        line = None if quiet else integrity_line(outcome.ledger)
        # In a batch, "no reference list" is counted once at the end, not per document.
        if line and (count == 1 or outcome.ledger.integrity.reference_list):
            err.print(f"claimtrace: {line}", markup=False)
    if not totals.written and totals.failed:
        raise _NothingWritten()
    if not totals.written:
        writer.begin()  # empty input: a valid, empty output (CSV header, JSON object)
    writer.end(totals.summary)


def _report(err: Console, totals: BatchTotals, table: Table, inputs: int, skipped: int) -> None:
    """The closing stderr lines of a run: what was skipped, and the summary."""
    if skipped:
        err.print(f"claimtrace: skipped {skipped} file(s) in directories (hidden, or not {', '.join(DIRECTORY_EXTENSIONS)})", markup=False)
    if inputs > 1 and totals.without_list:
        err.print(f"claimtrace: {totals.without_list} document(s) cite numbers but have no reference list", markup=False)
    failed = f"; {len(totals.failed)} input(s) failed" if totals.failed else ""
    if table is REFERENCES:
        docs = totals.summary.documents
        line = f"{docs} document{'s' if docs != 1 else ''}, {totals.references} reference entries"
    else:
        if totals.written and totals.summary.sentences == 0:
            err.print("claimtrace: no sentences found", markup=False)
        line = summary_line(totals.summary)
    err.print(f"claimtrace: {line}{failed}", markup=False)


def _run(
    err: Console, inputs: Optional[List[str]], table: Table, fmt: Optional[Format],
    output: Optional[Path], options: ExtractOptions, input_format: Optional[str], encoding: str,
    jobs: int, quiet: bool, include_all: bool = False,
) -> BatchTotals:
    """Read every input, extract, write `table` rows as each document is done; report on stderr."""
    _check_usage(input_format, encoding, options.model)
    out_format = _resolve_format(fmt, output)
    plan = plan_inputs(inputs or [])
    totals = BatchTotals(failed=[p.message for p in plan.problems])
    for message in totals.failed:
        _error(err, message)
    outcomes = run_batch(plan.inputs, options, input_format, encoding, jobs, _read_stdin(plan.inputs))
    try:
        with _output(output) as stream:
            _write_outcomes(err, stream, out_format, table, outcomes, len(plan.inputs), totals, quiet, include_all)
    except _NothingWritten:
        pass  # the temp file is removed: no empty or partial output is left behind
    except BrokenPipeError:
        # `| head` closed the pipe: stop quietly (click would turn this into exit 1).
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(EXIT_BROKEN_PIPE) from None
    if not quiet:
        _report(err, totals, table, len(plan.inputs), plan.skipped)
    return totals


@app.command()
def extract(
    inputs: InputsArg = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    all_rows: Annotated[bool, typer.Option("--all", help="Every sentence and heading, not only claims and cited sentences.")] = False,
    input_format: InputFormatOpt = None,
    encoding: EncodingOpt = "utf-8",
    threshold: ThresholdOpt = None,
    model: ModelOpt = DEFAULT_MODEL,
    include_text: Annotated[bool, typer.Option("--include-text", help="JSON: include each document's text, so every offset can be checked.")] = False,
    fail_on_uncited: Annotated[bool, typer.Option("--fail-on-uncited", help="Exit 3 when any claim cites nothing.")] = False,
    jobs: JobsOpt = 1,
    quiet: QuietOpt = False,
) -> None:
    """Extract the claim ledger of each input: one row a sentence."""
    err = _stderr()
    options = ExtractOptions(model=model, threshold=threshold, include_text=include_text)
    try:
        if include_text and (fmt or (output and format_for_path(str(output)))) not in (Format.json, None):
            raise UsageError("--include-text needs --format json")
        result = _run(err, inputs, LEDGER, fmt, output, options, input_format, encoding, jobs, quiet, all_rows)
    except UsageError as exc:
        _error(err, exc)
        raise typer.Exit(EXIT_USAGE)
    if result.failed:
        raise typer.Exit(EXIT_INPUT)
    if fail_on_uncited and result.summary.uncited_claims:
        err.print(f"claimtrace: {result.summary.uncited_claims} claim(s) cite nothing", markup=False)
        raise typer.Exit(EXIT_UNCITED)


@app.command()
def references(
    inputs: InputsArg = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    input_format: InputFormatOpt = None,
    encoding: EncodingOpt = "utf-8",
    threshold: ThresholdOpt = None,
    model: ModelOpt = DEFAULT_MODEL,
    jobs: JobsOpt = 1,
    quiet: QuietOpt = False,
) -> None:
    """Write each input's reference list: one row an entry, with how many sentences and claims cite it."""
    err = _stderr()
    options = ExtractOptions(model=model, threshold=threshold)
    if fmt is Format.table:
        _error(err, "the table format shows the claim ledger only; choose csv, tsv, jsonl or json")
        raise typer.Exit(EXIT_USAGE)
    try:
        result = _run(err, inputs, REFERENCES, fmt or (None if output else Format.csv), output, options, input_format, encoding, jobs, quiet)
    except UsageError as exc:
        _error(err, exc)
        raise typer.Exit(EXIT_USAGE)
    if result.failed:
        raise typer.Exit(EXIT_INPUT)


@app.command()
def train(
    data: Annotated[Path, typer.Argument(help="Folder with ClaimBuster's train.jsonl (and optionally ct24-devtest.jsonl, reported on only).", exists=False)],
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write the model file (.npz).")] = Path("claim_model.npz"),
    seed: Annotated[int, typer.Option("--seed", help="Seed of the dev split, the solver and the threshold bootstrap.")] = 13,
) -> None:
    """Rebuild the claim model from the data (the shipped one: `-o claimtrace/models/claim_model.npz`).

    Prints the measured metrics (dev split, ct24-devtest, TF-IDF+LR baseline) as JSON on stdout.
    """
    from .training.recipe import build_shipped_model

    err = _stderr()
    if not (data / "train.jsonl").is_file():
        _error(err, f"{data}: no train.jsonl in this folder")
        raise typer.Exit(EXIT_INPUT)
    err.print(f"claimtrace: training on {data / 'train.jsonl'} (seed {seed}) …", markup=False)
    try:
        with _atomic_path(output) as tmp:  # a failed run leaves no half-written model
            result = build_shipped_model(data, tmp, seed=seed)
    except ClaimtraceError as exc:
        _error(err, exc)
        raise typer.Exit(exc.exit_code)
    typer.echo(json.dumps(result, indent=1))
    dev = result["model"]["dev"]
    err.print(f"claimtrace: wrote {output}: dev F1 {dev['f1']:.3f} at threshold {result['threshold']}", markup=False)


@app.command()
def evaluate(
    data: Annotated[Path, typer.Argument(help="JSONL with one {\"text\": …, \"label\": 0|1} object a line.")],
    model: ModelOpt = DEFAULT_MODEL,
    threshold: ThresholdOpt = None,
) -> None:
    """Precision, recall and F1 of the claim class, and macro F1, of a claim scorer on labelled data.

    Scores each text as the ledger would (questions are never claims); prints JSON on stdout.
    """
    from .training.data import load_labelled
    from .training.metrics import evaluate_scorer

    err = _stderr()
    try:
        scorer = load_scorer(model)
        rows = load_labelled(data)
    except UsageError as exc:
        _error(err, exc)
        raise typer.Exit(EXIT_USAGE)
    except ClaimtraceError as exc:
        _error(err, exc)
        raise typer.Exit(EXIT_INPUT)
    if not rows:
        _error(err, f"{data}: no labelled rows")
        raise typer.Exit(EXIT_INPUT)
    result = evaluate_scorer(scorer, rows, threshold)
    typer.echo(json.dumps({"data": str(data), "model": model, **result}, indent=1))
    err.print(
        f"claimtrace: {result['n']} rows ({result['positives']} claims): precision {result['precision']:.3f}, "
        f"recall {result['recall']:.3f}, F1 {result['f1']:.3f}, macro F1 {result['macro_f1']:.3f} "
        f"at threshold {result['threshold']}",
        markup=False,
    )


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
    """Console-script entry point; a closed pipe (`| head`) ends quietly with 141, like
    other tools killed by SIGPIPE (not 1, which means an input failed)."""
    # pypdf logs its repairs of damaged files ("EOF marker not found") to stderr; the user gets
    # claimtrace's one line instead. Logging is the application's choice, not the library's.
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    try:
        app()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(EXIT_BROKEN_PIPE)
