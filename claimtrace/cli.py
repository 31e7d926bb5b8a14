"""The `claimtrace` command: a thin layer that parses options, calls the library, maps errors.

Everything a run does is in the library (`claimtrace.batch`, `claimtrace.pipeline`,
`claimtrace.writers`, `claimtrace.output`); here are option parsing, the choice of writer,
stderr messages and exit codes (defined in `claimtrace.errors`). The CLI, not the library,
reads stdin, sets logging and handles signals.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import sys
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Iterator, List, Optional

import typer
from rich.console import Console

from .defaults import CONNECT_TIMEOUT, DEFAULT_MAX_BYTES, DEFAULT_MODEL, INPUT_FORMATS, STREAM_FROM, STREAM_LINES, Format
from .errors import (
    EXIT_BROKEN_PIPE, EXIT_CODES_HELP, EXIT_DIFF_LOST_SOURCE, EXIT_INPUT, EXIT_OUTPUT, EXIT_SIGNAL_BASE, EXIT_UNCITED,
    EXIT_USAGE, ClaimtraceError, InputError, UsageError,
)
from .terminal import console
from .text import printable
from .version import __version__

if TYPE_CHECKING:
    from .jobs import RunConfig
    from .ledger import DocumentEnd
    from .totals import BatchTotals
    from .writers import Table, WriteOptions, Writer


class _OnFirstUse:
    """A module of this package imported on first use: `claimtrace --help` needs none of the
    library (typer and rich alone take most of the 0.15 s a help screen may take). mypy sees the
    modules themselves (below), so every call through `lib` and `say` is type-checked."""

    def __init__(self, module: str):
        self._module = module

    def __getattr__(self, name: str) -> Any:
        from importlib import import_module

        found = getattr(import_module(self._module, __package__), name)
        setattr(self, name, found)
        return found


if TYPE_CHECKING:
    from . import library as lib
    from . import messages as say
else:
    lib = _OnFirstUse(".library")  # every library name the command line calls
    say = _OnFirstUse(".messages")  # the sentences it prints on stderr

app = typer.Typer(
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain help: typer's rich panels cost a tenth of a second to import and draw, and `--help`
    # must answer in under 0.15 s (issue 12).
    rich_markup_mode=None,
    # `-h` as well as `--help`, in every command (click's contexts inherit this from the group).
    context_settings={"help_option_names": ["-h", "--help"]},
    help="Turn articles, reports and papers into a claim ledger: claims, citations, sources.",
    epilog=EXIT_CODES_HELP,
)


def _stderr() -> Console:
    # rich honours NO_COLOR itself; messages never go to stdout. A closed stderr raises
    # BrokenPipeError (`terminal.console`), which `_say` takes and goes on.
    return console(stderr=True, highlight=False, soft_wrap=True)


def _say(err: Console, message: object) -> None:
    """One `claimtrace:` line on stderr; control characters (from file names or document text)
    are escaped so that nothing reaches the terminal as an escape sequence.

    Best effort: a stderr that cannot be written (`2>/dev/full`, a pipe closed early) costs the
    messages, never the ledger or its exit code."""
    try:
        err.print(f"claimtrace: {printable(str(message))}", markup=False)
    except (OSError, ValueError):
        _stderr_gone()


def _stderr_gone() -> None:
    """stderr failed: point it at /dev/null, so that later messages (and the interpreter's own
    flush at exit, which would turn a failure into exit 120) go nowhere quietly."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), 2)
    except OSError:
        pass


def _write_stderr(text: str) -> None:
    """`text` on stderr, best effort (see `_say`)."""
    try:
        if sys.stderr is not None:
            sys.stderr.write(text)
            sys.stderr.flush()
    except (OSError, ValueError):
        _stderr_gone()


def _error(err: Console, message: object) -> None:
    """The one-line error every failure is reported with."""
    _say(err, f"error: {message}")


@contextmanager
def _exits(err: Console) -> Iterator[None]:
    """Library errors become one line and their exit code; a closed pipe ends quietly (141)."""
    try:
        yield
        if sys.stdout is not None:
            sys.stdout.flush()  # a full disk behind stdout shows here, not at interpreter exit
    except ClaimtraceError as exc:
        _error(err, exc)
        raise typer.Exit(exc.exit_code) from None
    except BrokenPipeError:
        # `| head` closed the pipe: stop quietly (click would turn this into exit 1).
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(EXIT_BROKEN_PIPE) from None
    except OSError as exc:  # writing to stdout failed (/dev/full, a closed descriptor)
        _error(err, f"cannot write to stdout ({exc.strerror or exc})")
        raise typer.Exit(EXIT_OUTPUT) from None


@contextmanager
def _trouble_is_2(err: Console) -> Iterator[None]:
    """`diff`: exit 1 means "a sentence lost a source", so anything unforeseen must not end as
    Python's exit 1 with a traceback, which CI would read as a finding: one line, exit 2."""
    try:
        yield
    except typer.Exit:
        raise
    except Exception as exc:
        _error(err, f"internal error ({type(exc).__name__}: {exc})")
        raise typer.Exit(EXIT_USAGE) from None


def _version(value: bool) -> None:
    if value:
        typer.echo(f"claimtrace {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version and exit."),
) -> None:
    """claimtrace: which statements are claims, and which sources back them."""


def _resolve_format(fmt: Optional[Format], output: Optional[Path]) -> Format:
    if fmt is not None:
        return fmt
    if output is not None and not _is_stream(output):
        implied = lib.format_for_path(str(output))
        if implied is None:
            raise UsageError(f"cannot tell the format from '{output.name}'; pass --format")
        return implied
    if output is not None:
        return Format.csv
    return Format.table if sys.stdout is not None and sys.stdout.isatty() else Format.csv


def _is_stream(output: Path) -> bool:
    """`-o /dev/stdout`, `/dev/stderr`, `/dev/null`, `/dev/fd/N`: a stream, whose format defaults to csv."""
    name = str(output)
    return name in ("/dev/stdout", "/dev/stderr", "/dev/null") or name.startswith("/dev/fd/")


def _check_binary(out_format: Format, output: Optional[Path]) -> None:
    """A binary format (xlsx) goes to a file or a pipe, never to a terminal."""
    if lib.writer_class(out_format).binary and output is None and sys.stdout is not None and sys.stdout.isatty():
        raise UsageError(f"{out_format.value} is a binary format; write it with -o FILE or into a pipe")


# Options shared by every command that reads documents (one definition, reused).
InputsArg = Annotated[Optional[List[str]], typer.Argument(metavar="INPUTS", help="Files or directories (recursive); '-' or nothing reads stdin.", show_default=False)]
FormatOpt = Annotated[Optional[Format], typer.Option("--format", "-f", help="Output format. Default: from -o's extension; else table on a terminal, csv in a pipe.", case_sensitive=False)]
# `extract -o` keeps the name as typed: a trailing `/` asks for a directory (a Parquet dataset).
ExtractOutputOpt = Annotated[Optional[str], typer.Option("--output", "-o", metavar="PATH", help="Write to this file (atomically; a symlink is written through) instead of stdout. An input, a FIFO or a device other than /dev/null or /dev/stdout is refused. With -f parquet, a name ending in / (or an empty directory) gets a partitioned dataset of part-NNNNN.parquet files.")]


def _file_name(value: str) -> Path:
    """`-o` of a command that writes one file: a name ending in `/` asks for a directory, which
    `Path` would quietly turn into a file of that name."""
    if value.endswith(("/", os.sep)):
        raise typer.BadParameter(f"{value}: names a directory; -o takes a file name")
    return Path(value)


OutputOpt = Annotated[Optional[Path], typer.Option("--output", "-o", metavar="FILE", help="Write to this file (atomically; a symlink is written through) instead of stdout. An input, a FIFO or a device other than /dev/null or /dev/stdout is refused.", parser=_file_name)]
InputFormatOpt = Annotated[Optional[str], typer.Option("--input-format", metavar="FORMAT", help=f"Read every input as this format ({', '.join(INPUT_FORMATS)}). Default: from the extension.")]
KeepBoilerplateOpt = Annotated[bool, typer.Option(
    "--keep-boilerplate", help="Web pages: keep every block of the article area that the boilerplate judgement would drop (bylines, share bars, related stories, comments). Navigation, <footer> and <aside> elements are always dropped.")]
EncodingOpt = Annotated[Optional[str], typer.Option(
    "--encoding", metavar="NAME", help="Text encoding of all text inputs. Default: each file's own (its BOM, its HTML meta charset or XML declaration, else UTF-8).")]
ThresholdOpt = Annotated[Optional[float], typer.Option("--threshold", metavar="SCORE", min=0.0, max=1.0, help="Claim score at or above which a sentence is a claim. Default: the model's.")]
ModelOpt = Annotated[str, typer.Option("--model", metavar="NAME", help="Claim scorer: 'default' (the shipped trained model; 'claimbuster' is its former name), 'rules' (transparent rule-based), or a model file from `claimtrace train`.")]
JobsOpt = Annotated[int, typer.Option("--jobs", "-j", metavar="N", min=1, help="Worker processes for a batch; at most one per CPU.")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No summary, integrity report or progress on stderr (errors still).")]
ExcelOpt = Annotated[bool, typer.Option(
    "--excel", "--bom", help="CSV/TSV: start with a UTF-8 byte-order mark, so Excel and LibreOffice read non-ASCII text right when the file is opened.")]
WideOpt = Annotated[bool, typer.Option(
    "--wide", help="Table: every column (section, why, sources, flags) and the whole text, at least 160 columns wide.")]
EngineOpt = Annotated[str, typer.Option(
    "--engine", metavar="local|dask", help="Where documents are extracted: 'local' (this machine, -j processes) or 'dask' (a Dask cluster; pip install 'claimtrace[dask]').")]
SchedulerOpt = Annotated[Optional[str], typer.Option(
    "--scheduler", metavar="ADDRESS", help="With --engine dask: the scheduler's address (tcp://host:8786; tcp only). Default: a local cluster of -j workers. A scheduler runs the code it is sent: only use a cluster you trust.")]
ConnectTimeoutOpt = Annotated[float, typer.Option(
    "--connect-timeout", metavar="SECONDS", min=0.001, max=3600, help="With --scheduler: how long the scheduler may take to answer before the run stops (exit 2).")]
RawCellsOpt = Annotated[bool, typer.Option("--raw-cells", help="CSV/TSV: write cells as they are, without the leading ' that stops spreadsheets from running =, +, -, @ cells as formulas.")]
StreamFromOpt = Annotated[int, typer.Option("--stream-from", metavar="BYTES", min=0, help=f"Read plain-text files this large (or of {STREAM_LINES:,} lines or more) in parts, a window of paragraphs at a time, so memory does not grow with the file (0: never; html output reads whole documents). Default: {STREAM_FROM:,} (16 MiB).")]
MaxBytesOpt = Annotated[int, typer.Option("--max-bytes", metavar="BYTES", min=0, help=f"Refuse inputs larger than this many bytes (0: no limit). Default: {DEFAULT_MAX_BYTES:,} (256 MiB).")]


def _check_usage(input_format: Optional[str], encoding: Optional[str], model: str) -> None:
    """Reject bad options before any input is read (exit 2, not one error per input)."""
    try:
        lib.claim_judge(lib.ExtractOptions(model=model))
    except InputError as exc:  # a --model file that is not a model
        raise UsageError(str(exc)) from None
    if input_format is not None and input_format not in INPUT_FORMATS:
        raise UsageError(f"--input-format must be one of: {', '.join(INPUT_FORMATS)}")  # defaults.READERS
    if encoding is not None:
        lib.check_encoding(encoding)


def _read_stdin(inputs: tuple[str, ...], max_bytes: int | None) -> tuple[bytes | None, str | None]:
    """stdin's bytes when `-` is an input, read here once (workers never touch it), or the
    one-line reason it cannot be read."""
    if lib.STDIN not in inputs:
        return None, None
    if sys.stdin is None:
        return None, f"{lib.STDIN_NAME}: stdin is closed"
    limit = lib.byte_limit(max_bytes)
    try:
        data = sys.stdin.buffer.read(limit + 1 if limit else -1)
    except (OSError, ValueError) as exc:
        return None, f"{lib.STDIN_NAME}: cannot read ({getattr(exc, 'strerror', None) or exc})"
    if limit and len(data) > limit:
        return None, f"{lib.STDIN_NAME}: more than {limit:,} bytes (raise the limit with --max-bytes)"
    return data, None


def _write_outcomes(err: Console, writer: Writer, outcomes, count: int, totals: BatchTotals, quiet: bool) -> None:
    """Write each document's events as they come (a document read in parts: each window's
    records as it is done); one stderr line per failed input."""
    for outcome in _progress(err, outcomes, count, quiet):
        if isinstance(outcome, lib.InputProblem):
            totals.add(outcome)
            _error(err, outcome.message)
            continue
        if not totals.written and isinstance(outcome, lib.DocumentStart):
            writer.begin()  # lazily: a batch where every input failed prints nothing
        totals.add(outcome)
        writer.write(outcome)  # (a `PartWritten` too: the dataset's writer counts its surrogates)
        if not isinstance(outcome, lib.DocumentEnd):
            continue
        if outcome.error is not None:  # it failed after some of its rows were written
            _error(err, outcome.error)
        elif not quiet and totals.document is not None:
            _document_lines(err, writer.table, totals.document.doc, outcome, count)
    if not totals.written and totals.failed:
        raise _NothingWritten()
    if not totals.written:
        writer.begin()  # empty input: a valid, empty output (CSV header, JSON object)
    writer.end(totals.summary)
    _say_replaced(err, writer.replaced)


def _document_lines(err: Console, table: Table, doc: str, end: DocumentEnd, count: int) -> None:
    """What a person needs to know of a document, once it ended: no sentences, where its web
    sources are, how its markers and list fit, what it has that is not English."""
    if table.is_ledger and not end.summary.sentences:
        _say(err, f"{doc}: no sentences found")
    if not table.is_ledger and not end.references and end.summary.links:
        _say(err, say.links_line(doc, end.summary.links))
    line = say.integrity_line(doc, end)
    # In a batch, "no reference list" is counted once at the end, not per document.
    if line and (count == 1 or (end.integrity is not None and end.integrity.reference_list)):
        _say(err, line)
    warning = say.language_line(doc, end.languages, end.summary.not_english)
    if warning:
        _say(err, warning)


def _say_replaced(err: Console, replaced: int) -> None:
    """Say that lone surrogates (text that is not Unicode) were written as U+FFFD, if any were."""
    if replaced:
        _say(err, f"{replaced} lone surrogate(s) (not Unicode text; from --encoding unicode_escape?) written as U+FFFD")


def _names_directory(output: Optional[str]) -> bool:
    """Whether `-o` names a directory: one that exists, or a name ending in `/`."""
    return output is not None and (output.endswith(("/", os.sep)) or Path(output).is_dir())


@contextmanager
def _writer_at(out_format: Format, output: Optional[Path], dataset: bool, table: Table,
               write: WriteOptions) -> Iterator[tuple[Writer, Optional[Path]]]:
    """The writer for the run, writing where `-o` says: stdout, a file written atomically, or
    (`-f parquet -o DIR/`) a partitioned dataset written into a temporary directory moved onto DIR
    at the end; with the dataset's directory, where tasks may write their own parts."""
    if not dataset:
        with lib.open_output(output, binary=lib.writer_class(out_format).binary) as stream:
            writer = lib.make_writer(out_format, stream, table, write)
            try:
                yield writer, None
            finally:
                writer.close()  # its temporary files, also when the run failed or was stopped
        return
    from .writers.parquet import ParquetDirectoryWriter

    ParquetDirectoryWriter.check(table)
    assert output is not None
    with lib.atomic_directory(output) as directory:
        yield ParquetDirectoryWriter(directory, table, write), directory


def _report(err: Console, totals: BatchTotals, table: Table, inputs: int, skipped: int) -> None:
    """The closing stderr lines of a run: what was skipped, and the summary."""
    if skipped:
        _say(err, f"skipped {say.counted(skipped, 'file')} in directories (hidden, not {', '.join(lib.DIRECTORY_EXTENSIONS)}, or not regular files)")
    if inputs > 1 and totals.without_list:
        n = totals.without_list
        _say(err, f"{say.counted(n, 'document')} {'cites' if n == 1 else 'cite'} numbers but {'has' if n == 1 else 'have'} no reference list")
    failed = f"; {say.counted(len(totals.failed), 'input')} failed" if totals.failed else ""
    if not table.is_ledger:
        docs = totals.summary.documents
        line = f"{say.counted(docs, 'document')}, {say.counted(totals.references, 'reference entry', 'reference entries')}"
    else:
        line = say.summary_line(totals.summary)
    _say(err, f"{line}{failed}")


@dataclass(frozen=True)
class _Output:
    """What a run writes and where: built once by a command from its options."""

    table: Table  # the claim ledger or the reference table
    fmt: Optional[Format]  # None: from -o's extension, else table on a terminal, csv in a pipe
    path: Optional[Path]  # -o; None: stdout
    write: WriteOptions
    quiet: bool = False
    dataset: bool = False  # -o names a directory: a partitioned Parquet dataset


def _run(err: Console, inputs: Optional[List[str]], *, config: RunConfig, out: _Output) -> BatchTotals:
    """Read every input, extract, write `out.table` rows as each document is done; report on stderr."""
    _check_usage(config.input_format, config.encoding, config.options.model)
    output, table, write = out.path, out.table, out.write
    out_format = _resolve_format(out.fmt, output)
    _check_binary(out_format, output)
    plan = lib.plan_inputs(inputs or [])
    if out.dataset and out_format is not Format.parquet:
        raise UsageError(f"{output}/: only -f parquet writes a directory (a partitioned dataset); -o takes a file name")
    dataset = out.dataset and output is not None
    if dataset and output is not None:
        lib.check_output_directory(output)
    elif output is not None:
        lib.check_output(output, [name for name in plan.inputs if name != lib.STDIN])
    totals = lib.BatchTotals(failed=[p.message for p in plan.problems])
    for message in totals.failed:
        _error(err, message)
    stdin, stdin_problem = _read_stdin(plan.inputs, config.max_bytes)
    names = plan.inputs
    if stdin_problem is not None:
        totals.failed.append(stdin_problem)
        _error(err, stdin_problem)
        names = tuple(name for name in names if name != lib.STDIN)
    # A writer that needs documents whole gets them read whole (a dataset's writer does not).
    if not dataset and lib.writer_class(out_format).whole_documents:
        config = replace(config, stream_from=0)
    try:
        with _writer_at(out_format, output, dataset, table, write) as (writer, directory):
            if directory is not None and config.engine == "dask" and table.is_ledger:
                # On Dask each task writes its own part of the dataset.
                outcomes = lib.run_partitioned(lib.jobs_for(names, config, stdin=stdin), directory, scheduler=config.scheduler,
                                               jobs=config.jobs, include_all=write.include_all,
                                               connect_timeout=config.connect_timeout)
            else:
                outcomes = lib.run_batch(names, config, stdin=stdin)
            try:
                _write_outcomes(err, writer, outcomes, len(names), totals, out.quiet)
            finally:
                outcomes.close()  # stopped early (a closed pipe, a signal): stop the workers now
    except _NothingWritten:
        pass  # the temporary file or directory is removed: no empty or partial output is left
    if not out.quiet:
        _report(err, totals, table, len(names), plan.skipped)
    return totals


@app.command()
def extract(
    inputs: InputsArg = None,
    fmt: FormatOpt = None,
    output: ExtractOutputOpt = None,
    all_rows: Annotated[bool, typer.Option("--all", help="Every sentence and heading. Default: claims, and every other sentence that cites a source or is flagged.")] = False,
    input_format: InputFormatOpt = None,
    encoding: EncodingOpt = None,
    keep_boilerplate: KeepBoilerplateOpt = False,
    threshold: ThresholdOpt = None,
    model: ModelOpt = DEFAULT_MODEL,
    include_text: Annotated[bool, typer.Option("--include-text", help="JSON: include each document's text, so every offset can be checked.")] = False,
    fail_on_uncited: Annotated[bool, typer.Option("--fail-on-uncited", help="Exit 3 when any claim cites nothing.")] = False,
    jobs: JobsOpt = 1,
    quiet: QuietOpt = False,
    max_bytes: MaxBytesOpt = DEFAULT_MAX_BYTES,
    raw_cells: RawCellsOpt = False,
    excel: ExcelOpt = False,
    wide: WideOpt = False,
    engine: EngineOpt = "local",
    scheduler: SchedulerOpt = None,
    connect_timeout: ConnectTimeoutOpt = CONNECT_TIMEOUT,
    stream_from: StreamFromOpt = STREAM_FROM,
) -> None:
    """Extract the claim ledger of each input: one row a claim, or a sentence that cites a source
    or carries an editor's flag (--all: one row every sentence and heading)."""
    err = _stderr()
    with _exits(err):
        options = lib.ExtractOptions(model=model, threshold=threshold, include_text=include_text, keep_boilerplate=keep_boilerplate)
        if include_text and _resolve_format(fmt, Path(output) if output else None) is not Format.json:
            raise UsageError("--include-text needs --format json")
        write = lib.WriteOptions(include_all=all_rows, raw_cells=raw_cells, bom=excel, wide=wide)
        config = lib.RunConfig(options=options, input_format=input_format, encoding=encoding, max_bytes=max_bytes or None,
                               jobs=jobs, engine=engine, scheduler=scheduler, stream_from=stream_from,
                               connect_timeout=connect_timeout)
        out = _Output(table=lib.LEDGER, fmt=fmt, path=Path(output) if output else None, write=write, quiet=quiet,
                      dataset=_names_directory(output))
        result = _run(err, inputs, config=config, out=out)
    if result.failed:
        raise typer.Exit(EXIT_INPUT)
    if fail_on_uncited and result.summary.uncited_claims:
        n = result.summary.uncited_claims
        _say(err, f"{say.counted(n, 'claim')} {'cites' if n == 1 else 'cite'} nothing")
        raise typer.Exit(EXIT_UNCITED)


@app.command(short_help="Write each input's reference list, one row an entry.")
def references(
    inputs: InputsArg = None,
    fmt: FormatOpt = None,
    output: ExtractOutputOpt = None,
    input_format: InputFormatOpt = None,
    encoding: EncodingOpt = None,
    keep_boilerplate: KeepBoilerplateOpt = False,
    threshold: ThresholdOpt = None,
    model: ModelOpt = DEFAULT_MODEL,
    jobs: JobsOpt = 1,
    quiet: QuietOpt = False,
    max_bytes: MaxBytesOpt = DEFAULT_MAX_BYTES,
    raw_cells: RawCellsOpt = False,
    excel: ExcelOpt = False,
    stream_from: StreamFromOpt = STREAM_FROM,
) -> None:
    """Write each input's reference list: one row an entry, with how many sentences and claims cite it."""
    err = _stderr()
    with _exits(err):
        options = lib.ExtractOptions(model=model, threshold=threshold, keep_boilerplate=keep_boilerplate)
        write = lib.WriteOptions(raw_cells=raw_cells, bom=excel)
        config = lib.RunConfig(options=options, input_format=input_format, encoding=encoding, max_bytes=max_bytes or None,
                               jobs=jobs, stream_from=stream_from)
        out = _Output(table=lib.REFERENCES, fmt=fmt or (None if output else Format.csv), path=Path(output) if output else None,
                      write=write, quiet=quiet, dataset=_names_directory(output))
        result = _run(err, inputs, config=config, out=out)
    if result.failed:
        raise typer.Exit(EXIT_INPUT)


@app.command(short_help="Write a self-contained HTML review report.")
def report(
    inputs: InputsArg = None,
    output: OutputOpt = None,
    input_format: InputFormatOpt = None,
    encoding: EncodingOpt = None,
    keep_boilerplate: KeepBoilerplateOpt = False,
    threshold: ThresholdOpt = None,
    model: ModelOpt = DEFAULT_MODEL,
    jobs: JobsOpt = 1,
    quiet: QuietOpt = False,
    max_bytes: MaxBytesOpt = DEFAULT_MAX_BYTES,
) -> None:
    """Write a review report: one self-contained HTML page with every document's text, claims
    highlighted (cited, uncited, flagged), markers linked to their entries, filters and a summary."""
    err = _stderr()
    with _exits(err):
        options = lib.ExtractOptions(model=model, threshold=threshold, keep_boilerplate=keep_boilerplate)
        write = lib.WriteOptions(include_all=True)
        config = lib.RunConfig(options=options, input_format=input_format, encoding=encoding, max_bytes=max_bytes or None,
                               jobs=jobs)
        out = _Output(table=lib.LEDGER, fmt=Format.html, path=output, write=write, quiet=quiet)
        result = _run(err, inputs, config=config, out=out)
    if result.failed:
        raise typer.Exit(EXIT_INPUT)


@app.command(short_help="Compare two versions of a document, sentence by sentence.")
def diff(
    old: Annotated[str, typer.Argument(metavar="OLD", help="The earlier version of the document (any input format).")],
    new: Annotated[str, typer.Argument(metavar="NEW", help="The later version.")],
    fmt: Annotated[Optional[Format], typer.Option("--format", "-f", help="Output format: every one extract writes (html: a page with the changed words marked). Default: from -o's extension; else table on a terminal, csv in a pipe.", case_sensitive=False)] = None,
    output: OutputOpt = None,
    input_format: InputFormatOpt = None,
    encoding: EncodingOpt = None,
    keep_boilerplate: KeepBoilerplateOpt = False,
    threshold: ThresholdOpt = None,
    model: ModelOpt = DEFAULT_MODEL,
    raw_cells: RawCellsOpt = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary line on stderr (errors still).")] = False,
) -> None:
    """Compare two versions of a document, sentence by sentence: claims added, removed or changed,
    sources dropped or added. Exit 1 when a sentence lost a source (for CI), 0 otherwise."""
    from .diff import diff_ledgers
    from .pipeline import extract_path
    from .writers.diff import BINARY as DIFF_BINARY
    from .writers.diff import write_diff

    err = _stderr()
    with _trouble_is_2(err), _exits(err):
        _check_usage(input_format, encoding, model)
        if lib.STDIN in (old, new):  # both sides are read as files (a `-` was reported as "no such file")
            raise UsageError("diff compares two files and does not read stdin ('-'); save that version to a file")
        options = lib.ExtractOptions(model=model, threshold=threshold, keep_boilerplate=keep_boilerplate)
        out_format = _resolve_format(fmt, output)
        binary = out_format in DIFF_BINARY
        if binary and output is None and sys.stdout is not None and sys.stdout.isatty():
            raise UsageError(f"{out_format.value} is a binary format; write it with -o FILE or into a pipe")
        if output is not None:
            lib.check_output(output, [old, new])
        try:
            ledgers = [extract_path(path, options, input_format, encoding) for path in (old, new)]
        except ClaimtraceError as exc:
            _error(err, exc)
            raise typer.Exit(EXIT_USAGE) from None  # as `diff` does: 2 is trouble, 1 is "differs"
        result = diff_ledgers(*ledgers)
        with lib.open_output(output, binary=binary) as stream:
            _say_replaced(err, write_diff(result, out_format, stream, raw_cells))
        counts = result.counts()
        lost = counts["sentences_that_lost_a_source"]
        if not quiet:
            _say(err, f"{old} → {new}: {counts['added']} added, {counts['removed']} removed, {counts['changed']} changed; "
                      f"claims +{counts['claims_added']} −{counts['claims_removed']}; "
                      f"{say.counted(lost, 'sentence')} lost a source")
    if result.dropped_sources:
        raise typer.Exit(EXIT_DIFF_LOST_SOURCE)


@app.command(short_help="Rebuild the claim model from labelled data.")
def train(
    data: Annotated[Path, typer.Argument(metavar="DATA_DIR", help="The datasets folder (claimbuster/ and claims-domains/ in it: the shipped recipe), or a folder with ClaimBuster's train.jsonl alone (and optionally ct24-devtest.jsonl, reported on only).", exists=False)],
    extra: Annotated[Optional[List[Path]], typer.Argument(metavar="EXTRA", help="More labelled sets, each a folder with train.jsonl and dev.jsonl (the shipped model: data/plain-claims).", show_default=False)] = None,
    output: Annotated[Path, typer.Option("--output", "-o", metavar="FILE", help="Where to write the model file (.npz).")] = Path("claim_model.npz"),
    seed: Annotated[int, typer.Option("--seed", metavar="N", min=0, max=2**32 - 1, help="Seed of the dev split, the solver and the threshold bootstrap.")] = 13,
) -> None:
    """Rebuild the claim model from the data (the shipped one: `claimtrace train ../shared/datasets data/plain-claims -o claimtrace/models/claim_model.npz`).

    Prints the measured metrics (dev split, ct24-devtest, TF-IDF+LR baseline) as JSON on stdout.
    """
    from .training.recipe import build_shipped_model

    err = _stderr()
    with _exits(err):
        source = next((p for p in (data / "claimbuster" / "train.jsonl", data / "train.jsonl") if p.is_file()), None)
        if source is None:
            raise InputError(f"{data}: neither claimbuster/train.jsonl nor train.jsonl in this folder")
        lib.check_output(output, [str(source)])
        _say(err, f"training on {data} (seed {seed}) …")
        with lib.atomic_path(output) as tmp:  # a failed run leaves no half-written model
            result = build_shipped_model(data, tmp, seed=seed, extra=extra or ())
        typer.echo(json.dumps(result, indent=1))
    dev = result["model"]["dev"]
    _say(err, f"wrote {output}: dev F1 {dev['f1']:.3f} at threshold {result['threshold']}")


@app.command(short_help="Measure the claim judgement on labelled sentences.")
def evaluate(
    data: Annotated[Path, typer.Argument(metavar="DATA", help="JSONL with one {\"text\": …, \"label\": 0|1} object a line.")],
    model: ModelOpt = DEFAULT_MODEL,
    threshold: ThresholdOpt = None,
) -> None:
    """Precision, recall and F1 of the claim class, and macro F1, of a claim scorer on labelled data.

    Scores each text as the ledger would (questions are never claims); prints JSON on stdout,
    with a `domains` breakdown when the rows carry a `domain` field.
    """
    from .training.data import load_domains, load_labelled
    from .training.metrics import evaluate_by_domain, evaluate_scorer

    err = _stderr()
    with _exits(err):
        try:
            scorer = lib.load_scorer(model)
        except InputError as exc:  # a --model file that is not a model: a usage error, as in extract
            raise UsageError(str(exc)) from None
        rows = load_labelled(data)
        if not rows:
            raise InputError(f"{data}: no labelled rows")
        result = evaluate_scorer(scorer, rows, threshold)
        domains = evaluate_by_domain(scorer, rows, load_domains(data), threshold)
        report = {"data": str(data), "model": model, **result, **({"domains": domains} if domains else {})}
        typer.echo(json.dumps(report, indent=1))
    _say(
        err,
        f"{result['n']} rows ({result['positives']} claims): precision {result['precision']:.3f}, "
        f"recall {result['recall']:.3f}, F1 {result['f1']:.3f}, macro F1 {result['macro_f1']:.3f} "
        f"at threshold {result['threshold']}",
    )


class _NothingWritten(Exception):
    """Raised inside the output context so that it discards the file."""


def _progress(err: Console, results, count: int, quiet: bool):
    """A rich progress bar on stderr for batches, only when stderr is a terminal."""
    if quiet or count < 2 or not err.is_terminal:
        yield from results
        return
    import time

    from rich.markup import escape
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    # documents done / total, the bar, chars/s so far, time left, and the document just done
    columns = (TextColumn("extracting"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]}"),
               TimeRemainingColumn(), TextColumn("[dim]{task.fields[current]}"))
    with Progress(*columns, console=err, redirect_stdout=False, redirect_stderr=False, transient=True) as bar:
        task = bar.add_task("extracting", total=count, rate="", current="")
        start, chars, name, text = time.perf_counter(), 0, "", False
        for item in results:
            if isinstance(item, lib.DocumentStart):
                name, text = item.doc, item.text is not None
                chars += len(item.text) if item.text is not None else 0
            elif isinstance(item, lib.Records) and not text:
                chars += sum(r.end - r.start for r in item.records)
            elif isinstance(item, lib.InputProblem):
                name = item.name
            rate = chars / max(time.perf_counter() - start, 1e-9)
            done = isinstance(item, (lib.DocumentEnd, lib.InputProblem))  # read whole or in parts: done at its end
            bar.update(task, advance=int(done), rate=f"{rate / 1e3:,.0f}k chars/s",
                       current=escape(printable(name)[-40:]))
            yield item


class _Stopped(BaseException):
    """A termination signal, raised where the program is so that every `finally` (the removal
    of a temporary output file) runs. A BaseException, so that no `except Exception` hides it."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _on_signal(signum: int, frame: object) -> None:
    raise _Stopped(signum)


def main() -> None:
    """Console-script entry point. A closed pipe (`| head`) ends quietly with 141, like other
    tools killed by SIGPIPE; SIGINT, SIGTERM and SIGHUP end with 128 + the signal's number after
    the temporary output file is removed."""
    # pypdf logs its repairs of damaged files ("EOF marker not found") to stderr; the user gets
    # claimtrace's one line instead. Logging is the application's choice, not the library's.
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    for name in ("SIGINT", "SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _on_signal)
    try:
        code = app(standalone_mode=False)
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        _exit_stopped(EXIT_BROKEN_PIPE)
    except _Stopped as stop:
        _write_stderr(f"claimtrace: stopped by {signal.Signals(stop.signum).name}\n")
        _exit_stopped(EXIT_SIGNAL_BASE + stop.signum)
    except Exception as exc:
        sys.exit(_usage_error(exc))
    code = code if isinstance(code, int) else 0
    if code == EXIT_BROKEN_PIPE:
        _exit_stopped(code)
    sys.exit(code)


def _exit_stopped(code: int) -> None:
    """End a stopped run (a closed pipe, a signal) now. Its temporary output is already removed
    and its workers stopped; Python's own exit would wait for the process pool's manager thread,
    which can hang forever on a worker stopped mid-message (a CPython limitation)."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError, AttributeError):
            pass
    os._exit(code)


def _usage_error(exc: Exception) -> int:
    """A command-line usage error (an unknown option, a value out of range) as one line and its
    exit code, instead of the framework's boxed block. Anything else is a bug: re-raised."""
    message, code = getattr(exc, "format_message", None), getattr(exc, "exit_code", None)
    if message is None or not isinstance(code, int):
        raise exc
    if type(exc).__name__ == "NoArgsIsHelpError":  # `claimtrace` alone: the help, on stderr (not data)
        _write_stderr(message() + "\n")
    else:
        _write_stderr(f"claimtrace: error: {printable(message())}\n")
    return code
