"""The `claimtrace` command: a thin layer that parses options, calls the library, maps errors.

Exit codes: 0 success (also when nothing is found), 1 an input failed (the others are still
processed), 2 usage error, 3 `--fail-on-uncited` found claims that cite nothing, 141 the output
pipe was closed early.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Iterator, List, Optional

import typer
from rich.console import Console

from . import __version__
from .errors import ClaimtraceError, InputError, UsageError
from .inputs import STDIN, plan_inputs
from .ledger import DocumentLedger, Summary
from .pipeline import STDIN_NAME, ExtractOptions, build_pipeline, extract_bytes, extract_path
from .readers import DIRECTORY_EXTENSIONS, INPUT_FORMATS
from .scoring import DEFAULT_MODEL, load_scorer
from .writers import LEDGER, REFERENCES, Format, Table, format_for_path, make_writer

EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_UNCITED = 0, 1, 2, 3
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, what the shell reports for `yes | head`

app = typer.Typer(
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    help="Turn articles, reports and papers into a claim ledger: claims, citations, sources.",
    epilog=(
        "Exit codes: 0 success (also when nothing is found); 1 an input could not be read (the "
        "others are still processed); 2 usage error; 3 --fail-on-uncited found uncited claims; "
        "141 the output pipe was closed (| head)."
    ),
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


def _extract_one(args) -> tuple[str, DocumentLedger | None, str | None]:
    """Worker: one input to a ledger, or to a one-line error. Runs in a pool process too.

    stdin arrives as bytes read by the parent: a pool worker's stdin is not the user's.
    """
    name, options, input_format, encoding, data = args
    shown = STDIN_NAME if name == STDIN else name
    try:
        if data is not None:
            return name, extract_bytes(shown, data, options, input_format or "text", encoding), None
        return name, extract_path(name, options, input_format, encoding), None
    except ClaimtraceError as exc:
        return name, None, str(exc)
    except Exception as exc:  # a bug must not stop the batch; say which input and what
        return name, None, f"{shown}: internal error ({type(exc).__name__}: {exc})"


def _results(inputs, options, input_format, encoding, jobs):
    stdin = sys.stdin.buffer.read() if STDIN in inputs else None
    work = [(name, options, input_format, encoding, stdin if name == STDIN else None) for name in inputs]
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


def _numbers(values) -> str:
    values = list(values)
    shown = ", ".join(map(str, values[:10]))
    return shown + (f" … (+{len(values) - 10})" if len(values) > 10 else "")


def integrity_line(ledger: DocumentLedger) -> str | None:
    """One stderr line on how the document's markers and reference list fit, if there is news."""
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


@dataclass
class RunResult:
    """What a batch run produced, for the summary and the exit code."""

    total: Summary = field(default_factory=Summary)
    failed: list[str] = field(default_factory=list)
    written: int = 0
    without_list: int = 0  # documents with markers but no reference list
    references: int = 0  # reference-list entries over all documents


def _check_usage(input_format: Optional[str], encoding: str, model: str) -> None:
    """Reject bad options before any input is read (exit 2, not one error per input)."""
    try:
        build_pipeline(model)  # cached: the batch reuses it
    except InputError as exc:  # a --model file that is not a model
        raise UsageError(str(exc)) from None
    if input_format is not None and input_format not in INPUT_FORMATS:
        raise UsageError(f"--input-format must be one of: {', '.join(INPUT_FORMATS)}")
    try:
        "".encode(encoding)
    except LookupError:
        raise UsageError(f"unknown encoding '{encoding}'") from None


def _run(
    err: Console, inputs: Optional[List[str]], table: Table, fmt: Optional[Format],
    output: Optional[Path], options: ExtractOptions, input_format: Optional[str], encoding: str,
    jobs: int, quiet: bool, include_all: bool = False,
) -> RunResult:
    """Read every input, extract, write `table` rows as each document is done; report on stderr."""
    _check_usage(input_format, encoding, options.model)
    out_format = _resolve_format(fmt, output)
    plan = plan_inputs(inputs or [])
    result = RunResult(failed=[p.message for p in plan.problems])
    for message in result.failed:
        _error(err, message)
    try:
        with _output(output) as stream:
            writer = make_writer(out_format, stream, include_all=include_all, table=table)
            results = _results(plan.inputs, options, input_format, encoding, jobs)
            for name, ledger, problem in _progress(err, results, len(plan.inputs), quiet):
                if problem is not None:
                    result.failed.append(problem)
                    _error(err, problem)
                    continue
                if not result.written:
                    writer.begin()  # lazily: a batch where every input failed prints nothing
                result.written += 1
                writer.document(ledger)
                result.total = result.total + ledger.summary
                result.references += len(ledger.references)
                if ledger.integrity and not ledger.integrity.reference_list and ledger.summary.markers:
                    result.without_list += 1
                line = None if quiet else integrity_line(ledger)
                # In a batch, "no reference list" is counted once at the end, not per document.
                if line and (len(plan.inputs) == 1 or ledger.integrity.reference_list):
                    err.print(f"claimtrace: {line}", markup=False)
            if not result.written and result.failed:
                raise _NothingWritten()
            if not result.written:
                writer.begin()  # empty input: a valid, empty output (CSV header, JSON object)
            writer.end(result.total)
    except _NothingWritten:
        pass  # the temp file is removed: no empty or partial output is left behind
    except BrokenPipeError:
        # `| head` closed the pipe: stop quietly (click would turn this into exit 1).
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(EXIT_BROKEN_PIPE) from None
    if not quiet:
        if plan.skipped:
            err.print(f"claimtrace: skipped {plan.skipped} file(s) in directories (hidden, or not {', '.join(DIRECTORY_EXTENSIONS)})", markup=False)
        if len(plan.inputs) > 1 and result.without_list:
            err.print(f"claimtrace: {result.without_list} document(s) cite numbers but have no reference list", markup=False)
        failed = f"; {len(result.failed)} input(s) failed" if result.failed else ""
        if table is REFERENCES:
            docs = result.total.documents
            line = f"{docs} document{'s' if docs != 1 else ''}, {result.references} reference entries"
        else:
            if result.written and result.total.sentences == 0:
                err.print("claimtrace: no sentences found", markup=False)
            line = _summary_line(result.total)
        err.print(f"claimtrace: {line}{failed}", markup=False)
    return result


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
    if fail_on_uncited and result.total.uncited_claims:
        err.print(f"claimtrace: {result.total.uncited_claims} claim(s) cite nothing", markup=False)
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
    from .training import build_shipped_model

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
    from .evaluation import evaluate_scorer
    from .training import load_labelled

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
    try:
        app()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(EXIT_BROKEN_PIPE)
