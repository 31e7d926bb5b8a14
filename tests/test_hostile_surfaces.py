"""Hostile inputs on the surfaces added after the first hostile round (issue 21): the report,
xlsx, diff, Parquet, Dask, charset labels, stderr, the process pool, streamed parts.

As in `test_hostile.py`: one line and a documented exit code, never a traceback, a hang or a
silently lost record. Sockets are local (127.0.0.1) only; speed is measured in
`benchmarks/bench_hostile.py`, not here.
"""

from __future__ import annotations

import csv
import io
import json
import os
import select
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

import claimtrace
from claimtrace.batch import documents
from claimtrace.inputs import InputProblem
from claimtrace.jobs import Job, Outcome, extract_input, max_jobs
from claimtrace.pool import run_pooled
from claimtrace.cli import app
from claimtrace.errors import UsageError
from claimtrace.pipeline import ExtractOptions
from claimtrace.text import to_superscript
from claimtrace.writers import Format, WriteOptions, make_writer
from conftest import HANG_GUARD, cli, one_error_line

CLAIM = "Unemployment fell to 4.1 percent in 2019 across the country.[1]\n"
SURROGATE_TEXT = "Taxes rose 5% in 2020 \ud800 here.[1]\n\nReferences\n\n1. Smith (2020). A paper \udfff.\n"


@pytest.fixture()
def runner():
    return CliRunner()


# --- 1. lone surrogates: every writer replaces them (U+FFFD) and says so ---------------------

WRITER_FORMATS = ["csv", "tsv", "jsonl", "json", "xlsx", "parquet", "html", "table"]


def _read_back(fmt: str, path: Path) -> str:
    if fmt == "xlsx":
        openpyxl = pytest.importorskip("openpyxl")
        book = openpyxl.load_workbook(path)
        return "\n".join(str(c.value) for sheet in book for row in sheet.iter_rows() for c in row if c.value)
    if fmt == "parquet":
        pq = pytest.importorskip("pyarrow.parquet")
        return json.dumps(pq.read_table(path).to_pylist(), ensure_ascii=False)
    return path.read_text(encoding="utf-8")  # strict: a surrogate would not have been written


@pytest.mark.parametrize("fmt", WRITER_FORMATS)
def test_every_writer_replaces_lone_surrogates(tmp_path, fmt):
    if fmt == "parquet":
        pytest.importorskip("pyarrow")
    ledger = claimtrace.extract(SURROGATE_TEXT, doc="doc\ud800.txt", options=ExtractOptions(model="rules"))
    path = tmp_path / f"out.{fmt}"
    writer_format = Format(fmt)
    binary = fmt in ("xlsx", "parquet")
    with open(path, "wb") if binary else open(path, "w", encoding="utf-8", newline="") as stream:
        writer = make_writer(writer_format, stream, options=WriteOptions(include_all=True))
        writer.begin()
        writer.document(ledger)
        writer.end(ledger.summary)
    assert writer.replaced >= 2 or fmt == "table"  # the table shows it escaped, as any control character
    text = _read_back(fmt, path)
    assert "\ufffd" in text or (fmt == "table" and "\\ud800" in text)
    assert "Taxes rose 5% in 2020" in text


def test_cli_says_how_many_surrogates_were_replaced(tmp_path):
    (tmp_path / "s.txt").write_text("Taxes rose 5% in 2020 \\ud800 here.[1]\n")
    for fmt in ("xlsx", "parquet", "html", "csv"):
        if fmt == "parquet":
            pytest.importorskip("pyarrow")
        out = tmp_path / f"out.{fmt}"
        result = cli("extract", str(tmp_path / "s.txt"), "--encoding", "unicode_escape", "-o", str(out))
        err = result.stderr.decode()
        assert result.returncode == 0 and "Traceback" not in err and "Exception ignored" not in err, err
        assert "1 lone surrogate(s)" in err and out.stat().st_size > 0


def test_diff_with_surrogates_and_diff_trouble(tmp_path, runner, monkeypatch):
    (tmp_path / "old.txt").write_text("Taxes rose 5% in 2020 \\ud800 here.[1]\n")
    (tmp_path / "new.txt").write_text("Taxes rose 6% in 2020 \\ud800 here.[1]\n")
    result = cli("diff", str(tmp_path / "old.txt"), str(tmp_path / "new.txt"), "--encoding", "unicode_escape", "-f", "csv")
    assert result.returncode == 0 and "Traceback" not in result.stderr.decode(), result.stderr
    assert "\ufffd" in result.stdout.decode("utf-8") and b"lone surrogate" in result.stderr

    import claimtrace.diff

    def broken(*args):
        raise RuntimeError("boom")

    monkeypatch.setattr(claimtrace.diff, "diff_ledgers", broken)
    crashed = runner.invoke(app, ["diff", str(tmp_path / "old.txt"), str(tmp_path / "new.txt"), "-f", "csv"])
    assert crashed.exit_code == 2 and "internal error (RuntimeError: boom)" in one_error_line(crashed.stderr)


def test_diff_and_report_take_a_file_name_not_a_directory_or_stdin(tmp_path, runner):
    """`-o NAME/` wrote a file called NAME (the `/` lost in `Path`), where `extract` refuses it;
    `diff - new.txt` said "-: no such file"."""
    (tmp_path / "old.txt").write_text(CLAIM)
    (tmp_path / "new.txt").write_text(CLAIM.replace("[1]", ""))
    old, new = str(tmp_path / "old.txt"), str(tmp_path / "new.txt")
    for args in (["diff", old, new, "-f", "csv"], ["diff", old, new, "-f", "parquet"], ["report", old]):
        result = cli(*args, "-o", str(tmp_path / "out") + "/")
        assert result.returncode == 2 and "names a directory" in one_error_line(result.stderr), args
        assert not (tmp_path / "out").exists()
    for pair in (["-", new], [old, "-"]):
        result = runner.invoke(app, ["diff", *pair], input=CLAIM)
        assert result.exit_code == 2 and "does not read stdin" in one_error_line(result.stderr)
    assert runner.invoke(app, ["diff", old, new, "-o", str(tmp_path / "d.csv")]).exit_code == 1  # lost a source
    assert (tmp_path / "d.csv").read_text().startswith("change,")


# --- 2. Dask scheduler addresses: checked, bounded, one line, exit 2 -------------------------


@pytest.mark.parametrize("address, message", [
    ("", "--scheduler is empty"),
    ("   ", "--scheduler is empty"),
    ("tls://127.0.0.1:8786", "tcp:// only, not tls://"),
    ("ucx://127.0.0.1:8786", "tcp:// only, not ucx://"),
    ("inproc://x", "tcp:// only"),
    ("tcp://127.0.0.1:99999", "from 1 to 65535"),
    ("127.0.0.1:-5", "from 1 to 65535"),
    ("tcp://127.0.0.1:0", "from 1 to 65535"),
    ("tcp://127.0.0.1:８７", "from 1 to 65535"),
    ("tcp://:8786", "no host name"),
    ("tcp://a b:8786", "no host name"),
    ("tcp://host:8786/path", "from 1 to 65535"),
    ("tcp://[::1:8786", "IPv6 host goes in brackets"),
])
def test_bad_scheduler_addresses(address, message):
    from claimtrace.scheduler import check_address

    with pytest.raises(UsageError, match=message.replace("/", "/").replace("[", r"\[")):
        check_address(address)


def test_good_scheduler_addresses():
    from claimtrace.scheduler import check_address

    assert check_address("tcp://127.0.0.1:8786") == ("127.0.0.1", 8786)
    assert check_address("TCP://host") == ("host", 8786)
    assert check_address("host:1") == ("host", 1)
    assert check_address("tcp://[::1]:65535") == ("::1", 65535)


def _listening(on_connect) -> tuple[socket.socket, int]:
    """A local server that accepts every connection, keeps it open and hands it to `on_connect`."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    held = []

    def serve():
        while True:
            try:
                conn, _ = server.accept()
            except OSError:
                return
            held.append(conn)
            on_connect(conn)

    threading.Thread(target=serve, daemon=True).start()
    return server, server.getsockname()[1]


def _server(answer: bytes | None) -> tuple[socket.socket, int]:
    """A local server that accepts and then never speaks (`answer` None) or answers `answer`."""

    def reply(conn):
        if answer is not None:
            try:
                conn.sendall(answer)
            except OSError:
                pass

    return _listening(reply)


@pytest.mark.parametrize("answer, message", [
    (None, "no answer within 1 s"),
    (b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n", "not a Dask scheduler"),
    (b"\x10\x00\x00\x00\x00\x00\x00\x00abc", "no answer within 1 s"),  # a hello that stops short
])
def test_a_peer_that_is_not_a_scheduler_fails_fast(answer, message):
    from claimtrace.scheduler import probe

    server, port = _server(answer)
    try:
        started = time.monotonic()
        with pytest.raises(UsageError, match=message):
            probe(f"tcp://127.0.0.1:{port}", timeout=1.0)
        assert time.monotonic() - started < 5
    finally:
        server.close()


def test_cli_refuses_bad_schedulers_in_one_line(tmp_path):
    pytest.importorskip("distributed")
    (tmp_path / "a.txt").write_text(CLAIM)
    silent, silent_port = _server(None)
    junk, junk_port = _server(b"HTTP/1.1 200 OK\r\n\r\n<html>")
    try:
        for address, message in ((f"tcp://127.0.0.1:{silent_port}", "no answer within 3 s"),
                                 (f"127.0.0.1:{junk_port}", "not a Dask scheduler"),
                                 ("", "--scheduler is empty"), ("tls://127.0.0.1:1", "tcp:// only"),
                                 ("tcp://127.0.0.1:99999", "1 to 65535")):
            started = time.monotonic()
            result = cli("extract", str(tmp_path / "a.txt"), "--engine", "dask", "--scheduler", address, timeout=60)
            assert result.returncode == 2 and message in one_error_line(result.stderr), (address, result.stderr)
            # the bound: the connect timeout (3 s) plus the interpreter's start on a busy machine
            assert time.monotonic() - started < 30
        quick = cli("extract", str(tmp_path / "a.txt"), "--engine", "dask", "--scheduler",
                    f"tcp://127.0.0.1:{silent_port}", "--connect-timeout", "0.5", timeout=60)
        assert quick.returncode == 2 and "no answer within 0.5 s" in one_error_line(quick.stderr)
    finally:
        silent.close()
        junk.close()


def _greets_then_stalls() -> tuple[socket.socket, int]:
    """A peer that passes `probe` and then stalls inside `distributed`'s own handshake: a client
    that waits to be greeted (the probe) gets a well-formed hello (an 8-byte length, then that
    many bytes); one that speaks first (`distributed`, which writes its handshake before reading
    the scheduler's) gets nothing, ever. Not a real scheduler's hello: `distributed` never reads it."""

    def greet_the_silent(conn):
        if not select.select([conn], [], [], 0.3)[0]:
            hello = b"\x81\xa2op\xa5hello"
            conn.sendall(len(hello).to_bytes(8, "little") + hello)

    return _listening(greet_the_silent)


def test_a_stalled_distributed_handshake_is_bounded():
    distributed = pytest.importorskip("distributed")
    from functools import partial

    from claimtrace.scheduler import connect_within, probe

    server, port = _greets_then_stalls()
    address = f"tcp://127.0.0.1:{port}"
    try:
        probe(address, timeout=1.0)  # the hello passes
        started = time.monotonic()
        with pytest.raises(UsageError, match="handshake did not finish within 1 s"):
            connect_within(partial(distributed.Client, address, timeout=1.0, set_as_default=False), address, 1.0)
        assert time.monotonic() - started < 5
    finally:
        server.close()


def test_cli_bounds_a_stalled_distributed_handshake(tmp_path):
    pytest.importorskip("distributed")
    (tmp_path / "a.txt").write_text(CLAIM)
    server, port = _greets_then_stalls()
    try:
        result = cli("extract", str(tmp_path / "a.txt"), "--engine", "dask", "--scheduler",
                     f"tcp://127.0.0.1:{port}", "--connect-timeout", "1", timeout=60)
        assert result.returncode == 2, result.stderr
        assert "handshake did not finish within 1 s (--connect-timeout)" in one_error_line(result.stderr)
    finally:
        server.close()


def test_a_host_name_that_does_not_resolve_in_time_is_bounded(monkeypatch):
    """`getaddrinfo` has no timeout: a DNS server that never answers held the probe."""
    from claimtrace.scheduler import probe

    def silent_dns(*args, **kwargs):
        time.sleep(8)
        raise socket.gaierror(-3, "Temporary failure in name resolution")

    monkeypatch.setattr(socket, "getaddrinfo", silent_dns)
    started = time.monotonic()
    with pytest.raises(UsageError, match="no answer within 1 s"):
        probe("tcp://scheduler.invalid:8786", timeout=1.0)
    assert time.monotonic() - started < 5


def test_the_probe_tries_each_address_a_name_has(monkeypatch):
    """As `socket.create_connection`: the first address that accepts is used."""
    from claimtrace.scheduler import probe

    refused = socket.socket()
    refused.bind(("127.0.0.1", 0))  # bound, not listening: refuses
    server, port = _server(b"\x03\x00\x00\x00\x00\x00\x00\x00abc")
    addresses = [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", refused.getsockname()[1])),
                 (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]
    monkeypatch.setattr(socket, "getaddrinfo", lambda *args, **kwargs: addresses)
    try:
        probe("tcp://two-addresses.invalid:8786", timeout=2.0)  # the second one says hello
    finally:
        server.close()
        refused.close()


def test_connect_within_hands_back_the_result_or_the_error():
    from claimtrace.scheduler import connect_within

    assert connect_within(lambda: 42, "tcp://h:1", 1.0) == 42
    with pytest.raises(ZeroDivisionError):
        connect_within(lambda: 1 / 0, "tcp://h:1", 1.0)


# --- 3. stderr that cannot be written: the ledger is still written, the exit code is its -------


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_stderr_on_a_full_disk(tmp_path):
    (tmp_path / "a.txt").write_text(CLAIM)
    out = tmp_path / "out.csv"
    with open("/dev/full", "w") as full:
        result = cli("extract", str(tmp_path / "a.txt"), "-o", str(out), stderr=full)
        assert result.returncode == 0 and out.read_text().startswith("doc,id,")
        failing = cli("extract", str(tmp_path / "a.txt"), str(tmp_path / "missing.txt"), "-o", str(out), stderr=full)
        assert failing.returncode == 1 and out.read_text().startswith("doc,id,")
        usage = cli("extract", str(tmp_path / "a.txt"), "--bogus", stderr=full)
        assert usage.returncode == 2


def test_stderr_closed_early(tmp_path):
    (tmp_path / "a.txt").write_text(CLAIM)
    out = tmp_path / "out.csv"
    for extra, code in (((), 0), ((str(tmp_path / "missing.txt"),), 1)):
        process = subprocess.Popen([sys.executable, "-m", "claimtrace", "extract", str(tmp_path / "a.txt"), *extra,
                                    "-o", str(out)], stderr=subprocess.PIPE)
        process.stderr.close()  # like `2>&1 | head -0`
        assert process.wait(timeout=HANG_GUARD) == code
        assert out.read_text().startswith("doc,id,")
        out.unlink()
    stdout = subprocess.Popen([sys.executable, "-m", "claimtrace", "extract", str(tmp_path / "a.txt"), "-f", "jsonl"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    stdout.stderr.close()
    assert json.loads(stdout.stdout.read())["citations"] == [1] and stdout.wait(timeout=HANG_GUARD) == 0


@pytest.mark.parametrize("columns", ["0", "00"])
def test_a_terminal_width_of_zero_hides_nothing(tmp_path, columns):
    """rich takes `COLUMNS` as the width, and a console 0 wide printed nothing: every message and
    the whole `-f table` ledger were lost, with the exit codes as if all had been said."""
    (tmp_path / "a.txt").write_text(CLAIM)
    env = {**os.environ, "COLUMNS": columns}
    failing = cli("extract", str(tmp_path / "missing.txt"), "-o", str(tmp_path / "x.csv"), env=env)
    assert failing.returncode == 1
    assert "missing.txt" in one_error_line(failing.stderr) and b"1 input failed" in failing.stderr
    table = cli("extract", str(tmp_path / "a.txt"), "-f", "table", env=env)
    assert table.returncode == 0 and b"Unemployment" in table.stdout and b"1 document" in table.stderr
    changed = tmp_path / "b.txt"
    changed.write_text(CLAIM.replace("[1]", ""))
    diff = cli("diff", str(tmp_path / "a.txt"), str(changed), "-f", "table", env=env)
    assert diff.returncode == 1 and diff.stdout.strip() and diff.stderr.strip()


def _temporary_folder_full(monkeypatch) -> None:
    """Every temporary file that would reach the disk fails as on a full TMPDIR."""
    import errno
    import tempfile

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(tempfile, "TemporaryFile", full)  # a spool rolling over to disk calls it too


@pytest.mark.parametrize("fmt, spool", [("xlsx", "claimtrace.writers.xlsx.WorkbookWriter.SPOOL"),
                                        ("json", "claimtrace.writers.JsonWriter.SPOOL")])
def test_a_full_temporary_folder_is_named_not_the_output(tmp_path, runner, monkeypatch, fmt, spool):
    """The workbook and the JSON document keep rows in temporary files: a full TMPDIR was
    reported as `out.xlsx: cannot write (No space left on device)`, blaming the output's disk."""
    (tmp_path / "a.txt").write_text(CLAIM * 50)
    monkeypatch.setattr(spool, 10)  # bytes held in memory: the rows go to a file at once
    _temporary_folder_full(monkeypatch)
    out = tmp_path / f"out.{fmt}"
    result = runner.invoke(app, ["extract", str(tmp_path / "a.txt"), "--all", "-o", str(out)])
    line = one_error_line(result.stderr)
    assert result.exit_code == 4 and "temporary folder" in line and "set TMPDIR" in line, line
    assert str(out) not in line and not out.exists() and list(tmp_path.iterdir()) == [tmp_path / "a.txt"]


def test_language_identification_without_a_writable_temporary_folder(monkeypatch):
    """py3langid unpacks its model through a file in TMPDIR: with that folder full, every
    document that needed it failed as an internal error. Unpacked in memory instead, the same
    identifier."""
    from claimtrace import language

    german = "Die Regierung hat gestern angekündigt, dass die Steuern im nächsten Jahr deutlich steigen werden."
    language._identifier.cache_clear()
    try:
        expected = language._identifier().classify(german)
        language._identifier.cache_clear()
        _temporary_folder_full(monkeypatch)
        assert language._identifier().classify(german) == expected
        assert language.language_of(german) == "de"
    finally:
        language._identifier.cache_clear()


# --- 4. a worker killed while the batch runs --------------------------------------------------


def _dies_on_b(job: Job) -> list[Outcome]:
    if job.name.endswith("b.txt"):
        os._exit(9)  # as if killed by the OOM killer
    return extract_input(job)


def test_a_worker_killed_between_submits(tmp_path, monkeypatch):
    """The pool breaks while the caller is busy with an earlier outcome: the next submit used to
    raise `BrokenProcessPool` as a traceback."""
    import claimtrace.pool as pool

    monkeypatch.setattr(pool, "_TASK_DOCUMENTS", 1)  # one document a task: many submits
    names = []
    for name in "abcdefghijkl":
        (tmp_path / f"{name}.txt").write_text(CLAIM)
        names.append(str(tmp_path / f"{name}.txt"))
    work = [Job(n, ExtractOptions(model="rules"), None, "utf-8") for n in names]
    outcomes = []
    for outcome in documents(run_pooled(work, 1, task=_dies_on_b)):
        outcomes.append(outcome)
        time.sleep(0.3)  # the worker dies meanwhile
    assert [Path(getattr(o, "doc", None) or o.name).name for o in outcomes] == [f"{n}.txt" for n in "abcdefghijkl"]
    assert [isinstance(o, InputProblem) for o in outcomes] == [n == "b" for n in "abcdefghijkl"]
    assert "worker process died" in outcomes[1].message


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs /proc")
@pytest.mark.skipif(max_jobs() < 2, reason="needs two CPUs: on one, -j 2 runs in-process and there is no worker to kill")
def test_kill_minus_9_on_a_worker(tmp_path):
    for i in range(300):
        (tmp_path / f"{i:03d}.txt").write_text(CLAIM * 40)
    out = tmp_path / "out.jsonl"
    process = subprocess.Popen([sys.executable, "-m", "claimtrace", "extract", str(tmp_path), "-j", "2",
                                "--model", "rules", "-o", str(out)], stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    killed = False
    while time.monotonic() < deadline and process.poll() is None and not killed:
        workers = _children(process.pid)
        if len(workers) >= 2:
            time.sleep(0.3)
            os.kill(workers[-1], signal.SIGKILL)
            killed = True
        time.sleep(0.05)
    _, stderr = process.communicate(timeout=HANG_GUARD)
    err = stderr.decode()
    assert killed and "Traceback" not in err, err
    errors = [line for line in err.splitlines() if line.startswith("claimtrace: error: ")]
    assert process.returncode == (1 if errors else 0), err
    assert all("worker process died" in line for line in errors), err
    docs = {json.loads(line)["doc"] for line in out.read_text().splitlines()}
    assert len(docs) + len(errors) == 300


def test_a_dead_worker_breaks_the_pool_while_its_result_is_awaited():
    """Seen twice in this suite: `extract DIR -j 2` hung after `kill -9` on a worker, the main
    process waiting on a result for ever (the executor blocked reading the dead worker's
    half-sent result, the other worker waiting on the result queue's lock it held). The executor
    never noticed; its processes said one had exited. Now the wait looks at them."""
    from concurrent.futures import Future
    from concurrent.futures.process import BrokenProcessPool

    from claimtrace import pool as pool_module

    class Exited:
        exitcode = -9

    class Alive:
        exitcode = None

    class Pool:  # what the executor shows of itself: its table of worker processes
        _processes = {1: Alive(), 2: Exited()}

    never: Future = Future()  # the result that never comes
    started = time.monotonic()
    with pytest.raises(BrokenProcessPool):
        pool_module._result(Pool(), never)  # type: ignore[arg-type]
    assert time.monotonic() - started < 5
    Pool._processes = {1: Alive(), 2: Alive()}
    done: Future = Future()
    done.set_result([["an outcome"]])
    assert pool_module._result(Pool(), done) == [["an outcome"]]  # type: ignore[arg-type]


# --- 5. xlsx: well-formed links, no row lost past Excel's last row, only web links --------------


def _workbook(tmp_path: Path, *ledgers) -> Path:
    pytest.importorskip("xlsxwriter")
    path = tmp_path / "out.xlsx"
    with open(path, "wb") as stream:
        writer = make_writer(Format.xlsx, stream, options=WriteOptions(include_all=True))
        writer.begin()
        for ledger in ledgers:
            writer.document(ledger)
        writer.end(ledgers[0].summary)
    return path


def test_xlsx_link_with_control_characters_opens(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    page = ("<html><body><article><p>Taxes rose 5% in 2020, as <a href='https://example.com/a&#1;b&#8;c'>the "
            "office</a> said.</p><p>Prices rose 3% in 2021, as <a href='https://example.org/ok'>the bank</a> said."
            "</p></article></body></html>")
    ledger = claimtrace.extract_bytes("page.html", page.encode(), options=ExtractOptions(model="rules"))
    assert any("\x01" in link.url for r in ledger.records for link in r.links)
    book = openpyxl.load_workbook(_workbook(tmp_path, ledger))  # XMLSyntaxError before
    links = [c for row in book["Claims"].iter_rows() for c in row if c.hyperlink is not None]
    assert [c.hyperlink.target for c in links] == ["https://example.org/ok"]


def test_xlsx_never_rewrites_a_file_url(tmp_path, runner):
    openpyxl = pytest.importorskip("openpyxl")
    (tmp_path / "f.txt").write_text("Taxes rose 5% in 2020.[1]\n\nReferences\n\n1. Smith (2020). A paper. file:///etc/shadow\n"
                                    "2. Doe (2019). Other. //example.org/paper\n")
    refs = runner.invoke(app, ["references", str(tmp_path / "f.txt"), "-f", "jsonl"])
    rows = [json.loads(line) for line in refs.stdout.splitlines()]
    assert [r["urls"] for r in rows] == [[], ["https://example.org/paper"]]
    assert runner.invoke(app, ["references", str(tmp_path / "f.txt"), "-o", str(tmp_path / "r.xlsx")]).exit_code == 0
    sheet = openpyxl.load_workbook(tmp_path / "r.xlsx")["References"]
    targets = [c.hyperlink.target for row in sheet.iter_rows() for c in row if c.hyperlink is not None]
    assert targets == ["https://example.org/paper"]
    assert any("file:///etc/shadow" in str(c.value) for row in sheet.iter_rows() for c in row)


def test_xlsx_past_the_last_row_goes_on_in_a_new_sheet(tmp_path, monkeypatch):
    """Excel holds 1,048,576 rows a sheet; the same mechanism is tested with 5 (a real million
    rows take minutes): no record is lost, each sheet has the header, links find their rows."""
    openpyxl = pytest.importorskip("openpyxl")
    from claimtrace.writers.xlsx import WorkbookWriter

    monkeypatch.setattr(WorkbookWriter, "ROWS_A_SHEET", 5)
    text = "".join(f"Claim {i} rose 5% in 2020.[{i % 6 + 1}]\n" for i in range(12))
    text += "\nReferences\n\n" + "".join(f"{n}. Author{n} (2001). Title {n}.\n" for n in range(1, 7))
    ledger = claimtrace.extract(text, options=ExtractOptions(model="rules"))
    assert len(ledger.records) >= 12
    book = openpyxl.load_workbook(_workbook(tmp_path, ledger))
    claims = [name for name in book.sheetnames if name.startswith("Claims")]
    assert claims == ["Claims", "Claims (2)", "Claims (3)", "Claims (4)"][: len(claims)] and len(claims) >= 3
    header = [c.value for c in book["Claims"][1]]
    text, citations = header.index("text"), header.index("citations")
    rows = [row for name in claims for row in book[name].iter_rows(min_row=2, values_only=True)]
    assert [r[text] for r in rows] == [r.text for r in ledger.records]
    assert all(book[name]["A1"].value == book[name.split(" (")[0]]["A1"].value for name in book.sheetnames)
    refs = [name for name in book.sheetnames if name.startswith("References")]
    assert refs == ["References", "References (2)"]
    checked = set()
    for name in claims:
        for row in book[name].iter_rows(min_row=2):
            link = row[citations].hyperlink
            if link is not None:  # internal:'References (2)'!A3 -> that row holds the cited entry
                sheet_name, cell = link.location.rsplit("!", 1)
                sheet = book[sheet_name.strip("'")]
                number = [c.value for c in sheet[1]].index("number")
                entry = sheet[int(cell.lstrip("A"))][number].value
                assert str(entry) == str(row[citations].value).split(";")[0]
                checked.add(sheet_name.strip("'"))
    assert checked == {"References", "References (2)"}


# --- 6. charset labels: the WHATWG Encoding Standard's, as browsers read them ------------------


def _page(meta: str, body: str = "<p>Taxes rose 5% in 2020 in the Café district.[1]</p>") -> bytes:
    return f"<html><head>{meta}</head><body><article>{body}</article></body></html>".encode("utf-8")


@pytest.mark.parametrize("label", ["utf-7", "unicode_escape", "rot-13", "rot13", "base64", "cp037", "undefined",
                                   "hex", "zlib", "raw_unicode_escape", "utf-32", "no-such-thing"])
def test_labels_browsers_do_not_know_are_not_honoured(label, runner, tmp_path):
    (tmp_path / "p.html").write_bytes(_page(f'<meta charset="{label}">'))
    result = runner.invoke(app, ["extract", str(tmp_path / "p.html"), "-f", "jsonl", "--model", "rules"])
    assert result.exit_code == 0, result.stderr
    assert [json.loads(line)["text"] for line in result.stdout.splitlines()] == [
        "Taxes rose 5% in 2020 in the Café district.[1]"]


def test_utf7_comment_trick_keeps_the_sentence(runner, tmp_path):
    """`+ADw-!-- … --+AD4-` is `<!-- … -->` only in UTF-7, which no browser decodes: the cited
    sentence between them is what every reader of the page sees."""
    page = _page('<meta charset="utf-7">', "<p>First claim rose 5% in 2020.[1]</p>+ADw-!--<p>Hidden claim rose 7% in 2021.[2]</p>--+AD4-")
    (tmp_path / "p.html").write_bytes(page)
    result = runner.invoke(app, ["extract", str(tmp_path / "p.html"), "-f", "jsonl", "--model", "rules"])
    texts = [json.loads(line)["text"] for line in result.stdout.splitlines()]
    assert any("Hidden claim rose 7%" in t for t in texts), texts


@pytest.mark.parametrize("label, codec", [
    ("iso-8859-1", "cp1252"), ("latin1", "cp1252"), ("US-ASCII", "cp1252"), ("windows-1251", "cp1251"),
    (" KOI8-R ", "koi8_r"), ("shift_jis", "cp932"), ("euc-kr", "cp949"), ("gbk", "gb18030"), ("big5", "big5hkscs"),
    ("iso-8859-8-i", "iso8859_8"), ("x-user-defined", "cp1252"), ("utf-16", "utf-8-sig"), ("macintosh", "mac_roman"),
])
def test_whatwg_labels_are_honoured(label, codec):
    import codecs

    from claimtrace.readers import declared_encoding

    found = declared_encoding(_page(f'<meta charset="{label}">'), "html")
    assert found is not None and codecs.lookup(found).name == codecs.lookup(codec).name


def test_replacement_labels_name_the_page(runner, tmp_path):
    (tmp_path / "kr.html").write_bytes(_page('<meta charset="iso-2022-kr">'))
    result = runner.invoke(app, ["extract", str(tmp_path / "kr.html")])
    line = one_error_line(result.stderr)
    assert result.exit_code == 1 and "kr.html: declares a charset that browsers do not decode" in line


def test_meta_charset_inside_a_comment_is_ignored(runner, tmp_path):
    body = "<p>Taxes rose 5% in 2020 in the Café district.[1]</p>"
    for head in ('<!-- <meta charset="koi8-r"> -->', '<!--[if IE]><meta charset="koi8-r"><![endif]-->',
                 '<!-- <meta charset="koi8-r"> --><meta charset="utf-8">'):
        (tmp_path / "c.html").write_bytes(_page(head, body))
        result = runner.invoke(app, ["extract", str(tmp_path / "c.html"), "-f", "jsonl", "--model", "rules"])
        assert "Café" in json.loads(result.stdout.splitlines()[0])["text"], head
    (tmp_path / "k.html").write_bytes(_page('<meta charset="koi8-r">', body))
    koi = runner.invoke(app, ["extract", str(tmp_path / "k.html"), "-f", "jsonl", "--model", "rules"])
    assert "Caf" in koi.stdout and "Café" not in koi.stdout  # a real label outside a comment is honoured


# --- 7. the CSV formula guard: every sign form, every text cell --------------------------------


@pytest.mark.parametrize("cell", [
    "＝HYPERLINK(\"http://evil/\",\"x\")", "＠SUM(1)", "﹦5+5", "＋cmd|' /C calc'!A0", "－1+1", "﹢1", "﹣1", "﹫x",
    " =1+1", "  @SUM(1)", "\u3000=1", "\u00a0+1", "=1", "+1+", "-x", "@x", "\tx", "\rx",
])
def test_formula_guard_forms(cell):
    from claimtrace.writers import safe_cell

    assert safe_cell(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["-0.5", "+3", "1e5", "Plain text", "", "’quote", "5 = 5", "a=b"])
def test_formula_guard_leaves_plain_cells(cell):
    from claimtrace.writers import safe_cell

    assert safe_cell(cell) == cell


def test_a_row_is_guarded_cell_by_cell_as_safe_cell_guards_one():
    """The CSV writer's row guard skips the call for cells that cannot start a formula; it must
    not skip any that can (a `str` subclass, such as a `str` enum, included)."""
    from enum import Enum

    from claimtrace.writers import safe_cell, safe_cells

    class Sign(str, Enum):
        EQUALS = "=1+1"

    row = [0, 1.5, None, True, "", "plain", "=1+1", " =1+1", "\u3000=1", "＝HYPERLINK(1)", "-0.5", "-x", Sign.EQUALS]
    assert safe_cells(row) == [safe_cell(v) for v in row]
    assert safe_cells([Sign.EQUALS]) == ["'=1+1"]


def test_formula_guard_covers_doc_and_id(tmp_path, runner):
    name = tmp_path / " =HYPERLINK(1).txt"
    name.write_text("＝HYPERLINK(\"http://evil/\") was said in 2020.[1]\n")
    result = runner.invoke(app, ["extract", str(name), "-f", "csv", "--all", "--model", "rules"])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows
    for row in rows:
        for key in ("doc", "id", "text"):
            value = row[key]
            head = value.lstrip()
            assert value.startswith("'") or not head[:1] in "=+-@＝＋－＠", (key, value)


# --- 8. a text file changed while it is read in parts ------------------------------------------


def _big_text(path: Path, lines: int = 4000) -> None:
    path.write_text("".join(f"Claim {i} rose {i % 90 + 1}% in 2020.[1]\n\n" for i in range(lines))
                    + "References\n\n1. Smith (2020). A paper.\n")


def test_truncated_while_read_in_parts(tmp_path):
    from claimtrace.errors import InputError
    from claimtrace.pipeline import extract_stream

    path = tmp_path / "big.txt"
    _big_text(path)
    parts = extract_stream(path, ExtractOptions(model="rules"), window=8192)
    next(parts)  # the third pass has begun
    with open(path, "r+b") as handle:
        handle.truncate(path.stat().st_size // 2)
    with pytest.raises(InputError, match="changed while it was read in parts"):
        list(parts)


def test_rewritten_between_passes(tmp_path, monkeypatch):
    import claimtrace.pipeline as pipeline

    path = tmp_path / "big.txt"
    _big_text(path)
    survey = pipeline._survey

    def survey_then_rewrite(chunks):
        result = survey(chunks)
        _big_text(path, 1000)  # shorter: the next passes would disagree with this one
        return result

    monkeypatch.setattr(pipeline, "_survey", survey_then_rewrite)
    result = CliRunner().invoke(app, ["extract", str(path), "--stream-from", "1", "-f", "jsonl", "--model", "rules"])
    assert result.exit_code == 1 and "changed while it was read in parts" in one_error_line(result.stderr)


def test_unchanged_file_read_in_parts_is_whole(tmp_path, runner):
    path = tmp_path / "big.txt"
    _big_text(path, 500)
    parts = runner.invoke(app, ["extract", str(path), "--stream-from", "1", "-f", "jsonl", "--model", "rules"])
    whole = runner.invoke(app, ["extract", str(path), "--stream-from", "0", "-f", "jsonl", "--model", "rules"])
    assert parts.exit_code == 0 and parts.stdout == whole.stdout


# --- 10. a symbolic link loop inside an input folder ------------------------------------------


def test_symlink_loops_are_named(tmp_path, runner):
    folder = tmp_path / "docs"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text(CLAIM)
    (folder / "sub" / "b.txt").write_text(CLAIM)
    os.symlink("loop2.txt", folder / "loop1.txt")
    os.symlink("loop1.txt", folder / "loop2.txt")
    os.symlink("self.md", folder / "sub" / "self.md")
    os.symlink("..", folder / "sub" / "up")
    os.symlink(str(tmp_path), folder / "top")
    result = runner.invoke(app, ["extract", str(folder), "-f", "jsonl", "--model", "rules"])
    assert result.exit_code == 1
    assert sorted(Path(json.loads(line)["doc"]).name for line in result.stdout.splitlines()) == ["a.txt", "b.txt"]
    errors = [line for line in result.stderr.splitlines() if line.startswith("claimtrace: error: ")]
    assert len(errors) == 5 and all("file system loop" in line for line in errors), result.stderr
    named = " ".join(errors)
    for name in ("loop1.txt", "loop2.txt", "self.md", "up", "top"):
        assert f"{name}: file system loop" in named


# --- 11. pages too large for the boilerplate judgement's time ----------------------------------


def test_pages_beyond_judgement_are_read_whole():
    """trafilatura's time grows with the square of an element's children and fast with a page's
    size; such pages are not judged (their timings: benchmarks/bench_hostile.py)."""
    from selectolax.lexbor import LexborHTMLParser

    from claimtrace.readers.html import JUDGED_CHILDREN, JUDGED_ELEMENTS, beyond_judgement

    def page(body: str) -> object:
        return LexborHTMLParser(f"<html><body>{body}</body></html>")

    assert not beyond_judgement(page("<article><p>One claim.</p></article>" * 50))
    assert beyond_judgement(page("<p>" + "<a href='#'>x</a>" * (JUDGED_CHILDREN + 1) + "</p>"))
    assert beyond_judgement(page("<p>" + " <a href='#'>x</a>" * (JUDGED_CHILDREN // 2 + 1) + "</p>"))  # text counts
    assert not beyond_judgement(page("<p>" + "<a href='#'>x</a>" * (JUDGED_CHILDREN - 10) + "</p>"))
    assert beyond_judgement(page(("<div>" + "<p>x</p>" * 50 + "</div>") * (JUDGED_ELEMENTS // 50)))


def test_the_judgement_does_not_search_the_text_for_the_page_date(monkeypatch):
    """trafilatura's metadata are asked for the title only; htmldate's extensive date search ran
    dateparser on every date-like text (4 sections of 990 `<div>`s with "in 2020": 16 s)."""
    dateparser = pytest.importorskip("dateparser")
    from claimtrace.readers.html import main_content_filter

    calls = []
    parse = dateparser.date.DateDataParser.get_date_data
    monkeypatch.setattr(dateparser.date.DateDataParser, "get_date_data",
                        lambda self, *a, **k: calls.append(a) or parse(self, *a, **k))
    page = "<html><head><title>Rates</title></head><body>" + "".join(
        "<section>" + "".join(f"<div>Claim {s}-{i} rose 5% in 2020.</div>" for i in range(40))
        + "</section>" for s in range(3)) + "</body></html>"
    is_content = main_content_filter(page)
    assert is_content is not None and is_content("Claim 1-7 rose 5% in 2020.")
    assert calls == []


def test_a_page_of_many_links_and_one_of_many_divs_finish(tmp_path):
    links = "<html><body><article><p>Taxes rose 5% in 2020.[1] " + " ".join(
        f"<a href='https://example.org/{i}'>w{i}</a>" for i in range(20_000)) + "</p></article></body></html>"
    divs = "<html><body>" + "".join(f"<div>Claim {i} rose 5% in 2020.</div>" for i in range(5_000)) + "</body></html>"
    for name, page in (("links.html", links), ("divs.html", divs)):
        ledger = claimtrace.extract_bytes(name, page.encode(), options=ExtractOptions(model="rules"))
        assert ledger.records
    assert len(claimtrace.extract_bytes("divs.html", divs.encode(), options=ExtractOptions(model="rules")).records) == 5_000


# --- 9. notes of any number are read -------------------------------------------------------------
# A reader hands the note references it places forward as markers (`SourceText.notes`) and the
# entries it numbers as entries (`SourceText.note_entries`), whatever their number: a note keeps
# the number its document gives it, though `[1999]` typed in running text reads as a year and
# `[12000]` as nothing.


def _self_numbered(start: int, count: int, printed: str = "{n}") -> str:
    """A page whose notes list starts at `start` (`<ol start>`), each note cited once by a raised
    link printed as `printed` (`{n}`: the page's number)."""
    body = " ".join(f"Taxes rose {i}% in 2020.<sup><a href='#n{n}'>{printed.format(n=n)}</a></sup>"
                    for i, n in enumerate(range(start, start + count), 1))
    notes = "".join(f"<li id='n{n}'>Author {n}. A title {n}. Journal (2001).</li>" for n in range(start, start + count))
    return f"<html><body><article><p>{body}</p><h2>Notes</h2><ol start='{start}'>{notes}</ol></article></body></html>"


def _html_ledger(page: str):
    return claimtrace.extract_source(claimtrace.readers.read_bytes("notes.html", page.encode(), fmt="html"),
                                     ExtractOptions(model="rules"))


def _each_cites_its_page_number(ledger, start: int) -> None:
    """Every record cites exactly the note the page numbers for it, and that note is its entry."""
    entries = {e.number: e for e in ledger.references}
    for record in ledger.records:
        page_number = start + int(record.text.split("%")[0].split()[-1]) - 1
        assert record.citations == (page_number,), record.text
        assert entries[page_number].text.startswith(f"Author {page_number}.") and entries[page_number].label is None


@pytest.mark.parametrize("start, count, printed", [
    (1500, 20, "{n}"),  # raised: ¹⁵⁰⁰ is a year to the grammar
    (2090, 20, "[{n}]"),  # bracketed, across the last year-like number
    (1, 1600, "{n}"),  # one list past the 1,499th note
    (9990, 20, "[{n}]"),  # across 9999, the last number a typed `[n]` reads
    (12000, 5, "{n}"),  # past 9999
])
def test_notes_a_page_numbers_itself_are_read(start, count, printed):
    """Issue 21 item 9: such pages were refused, or (`<ol start="1500">`) lost every marker and,
    the paragraph uncited, the judgement dropped it (0 sentences, exit 0). Then they were
    renumbered (1,500th → 2101); now each note keeps the page's number."""
    ledger = _html_ledger(_self_numbered(start, count, printed))
    assert len(ledger.records) == count and len(ledger.references) == count
    assert ledger.integrity.uncited_entries == () and ledger.integrity.missing_entries == ()
    _each_cites_its_page_number(ledger, start)
    last = ledger.records[-1].markers[0]
    assert last.raw == (f"[{start + count - 1}]" if printed.startswith("[") else to_superscript(str(start + count - 1)))


def test_a_page_of_twelve_thousand_linked_notes_is_read_whole(runner, tmp_path):
    """More than 9,398 notes was refused in one line (no number `[n]` reads was left): now all
    12,000 are linked, each to the note the page gives its number."""
    (tmp_path / "many.html").write_text(_self_numbered(1, 12_000, "[{n}]"))
    result = runner.invoke(app, ["extract", str(tmp_path / "many.html"), "-f", "jsonl", "--all", "--model", "rules"])
    assert result.exit_code == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 12_000 and all(row["citations"] == [i] for i, row in enumerate(rows, 1))
    assert rows[-1]["markers"][0]["raw"] == "[12000]" and rows[-1]["markers"][0]["recognizer"] == "note"
    assert rows[-1]["sources"] == ["[12000] Author 12000. A title 12000. Journal (2001)."]
    assert rows[1498]["markers"][0]["recognizer"] == "single" and rows[1499]["markers"][0]["recognizer"] == "note"


def test_a_raised_year_linking_into_the_body_stays_a_year():
    """Only a link into a list item makes a note reference of a number `[n]` cannot read: a
    raised `2019` linking to a figure is left as the page prints it, and the figure stays."""
    page = ("<html><body><article><p>Prices rose 5% by then.<sup><a href='#fig2019'>2019</a></sup></p>"
            "<div id='fig2019'>Figure 2019 shows the prices of every town.</div></article></body></html>")
    ledger = _html_ledger(page)
    assert [r.text for r in ledger.records] == ["Prices rose 5% by then.²⁰¹⁹", "Figure 2019 shows the prices of every town."]
    assert ledger.references == () and ledger.records[0].citations == ()


def test_an_unlinked_bracketed_year_note_into_a_plain_notes_list():
    """`<sup>[1500]</sup>` linking nowhere, and a plain `<ol start="1500">` under "Notes": the
    list numbers the note, so the bracket is its reference. Where no such list item exists, a
    raised `[2019]` is what the grammar says: a year."""
    page = ("<html><body><article><p>Taxes rose in the year after the war.<sup>[1500]</sup> "
            "Prices fell in the spring.<sup>[1501]</sup> Wages held in <sup>[2019]</sup>.</p><h2>Notes</h2>"
            "<ol start='1500'><li>Smith, A. (1999). History of taxes.</li><li>Jones, B. (2001). Prices.</li></ol>"
            "</article></body></html>")
    ledger = _html_ledger(page)
    assert [(r.text, r.citations) for r in ledger.records] == [
        ("Taxes rose in the year after the war.[1500]", (1500,)), ("Prices fell in the spring.[1501]", (1501,)),
        ("Wages held in [²⁰¹⁹].", ())]
    assert [e.number for e in ledger.references] == [1500, 1501] and not ledger.integrity.uncited_entries


def test_one_raised_marker_listing_several_year_numbered_notes():
    """`<sup><a>1999</a>,<a>2000</a></sup>` cites both notes; `<a>1999</a>–<a>2001</a>` cites
    the three (the grammar reads `1999,2000` as two years)."""
    page = ("<html><body><article><p>Taxes rose in the year after the war.<sup><a href='#n1999'>1999</a>,"
            "<a href='#n2000'>2000</a></sup> Prices fell.<sup><a href='#n1999'>1999</a>–<a href='#n2001'>2001</a></sup>"
            " Wages held.<sup><a href='#n2001'>2001</a>,<a href='#fig'>2002</a></sup></p><h2>Notes</h2><ol start='1999'>"
            "<li id='n1999'>Smith (1999). History.</li><li id='n2000'>Jones (2001). Prices.</li>"
            "<li id='n2001'>Brown (2002). Wages.</li></ol><div id='fig'>Figure 2002 shows wages.</div></article></body></html>")
    ledger = _html_ledger(page)
    assert [(r.text, r.citations) for r in ledger.records] == [
        ("Taxes rose in the year after the war.¹⁹⁹⁹,²⁰⁰⁰", (1999, 2000)), ("Prices fell.¹⁹⁹⁹–²⁰⁰¹", (1999, 2000, 2001)),
        # one of its links is not a note: the marker is left to the grammar, which reads two years
        ("Wages held.²⁰⁰¹,²⁰⁰²", ()), ("Figure 2002 shows wages.", ())]
    assert [e.number for e in ledger.references] == [1999, 2000, 2001] and not ledger.integrity.uncited_entries


def test_ten_thousand_markdown_footnotes_keep_their_numbers():
    """Markdown numbers footnotes by first use, as a renderer shows them: the 1,500th is 1500
    (it was 2101, skipping the numbers `[n]` reads as years) and the 10,000th is 10000."""
    n = 10_000
    body = " ".join(f"Claim {i} was made.[^n{i}]" for i in range(1, n + 1))
    notes = "\n".join(f"[^n{i}]: Source {i} (2001)." for i in range(1, n + 1))
    ledger = claimtrace.extract_bytes("many.md", (body + "\n\n" + notes + "\n").encode(),
                                      options=ExtractOptions(model="rules"))
    assert [r.citations for r in ledger.records] == [(i,) for i in range(1, n + 1)]
    assert [(e.number, e.label, e.text) for e in ledger.references[1498:1501]] == [
        (1499, "n1499", "Source 1499 (2001)."), (1500, "n1500", "Source 1500 (2001)."), (1501, "n1501", "Source 1501 (2001).")]
    assert len(ledger.references) == n and ledger.references[-1].number == n
    assert not ledger.integrity.missing_entries and not ledger.integrity.uncited_entries


def test_more_word_footnotes_than_n_could_number_are_read(tmp_path):
    """9,400 footnotes (past the 9,398 the `[n]` numbering had room for): Word's own numbers."""
    docx = pytest.importorskip("docx")
    import importlib.util

    fixtures_dir = Path(__file__).parent / "fixtures"
    spec = importlib.util.spec_from_file_location("make_fixtures", fixtures_dir / "make_fixtures.py")
    fixtures = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fixtures)
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    n = 9_400
    d = docx.Document()
    for i in range(1, n + 1):
        p = d.add_paragraph(f"Claim {i} was made in a case.")
        fixtures._note_reference(p, "footnote", i)
    part = Part(PackURI("/word/footnotes.xml"), fixtures.CT_BASE + "footnotes+xml",
                fixtures._note_xml("footnote", {i: f"Case {i} (2001)." for i in range(1, n + 1)}).encode(), d.part.package)
    d.part.relate_to(part, fixtures.RT_BASE + "footnotes")
    path = tmp_path / "many.docx"
    d.save(str(path))
    ledger = claimtrace.extract_path(path, ExtractOptions(model="rules"))
    assert [r.citations for r in ledger.records] == [(i,) for i in range(1, n + 1)]
    assert [r.text for r in ledger.records[1499:1500]] == ["Claim 1500 was made in a case.[1500]"]
    assert [(e.number, e.label, e.text) for e in ledger.references[-1:]] == [(n, None, f"Case {n} (2001).")]
    assert len(ledger.references) == n and not ledger.integrity.uncited_entries


def test_page_foot_footnotes_past_the_years_keep_their_marks():
    """A PDF's page-foot notes, numbered from 1 on every page, are renumbered after the ones
    before: the 1,500th is 1500, its raised mark `¹⁵⁰⁰` (a year to the grammar) still its marker.
    (Such a PDF was refused: note 1500 had no `[n]` the grammar reads.)"""
    from claimtrace.readers.pdf import pages_source

    def word(k: int) -> str:  # a different word a page: lines alike on half the pages are running headers
        return "".join("abcdefghijklmnopqrstuvwxyz"[int(d)] for d in str(k))

    n = 2_100
    pages = [f"Top {word(k)} line.\nTaxes rose in the {word(k)} war.¹ The costs of {word(k)} were high.\n"
             f"Last {word(k)} line ends here.\n1 Smith, A. (1999). History of {word(k)} taxes." for k in range(1, n + 1)]
    ledger = claimtrace.extract_source(pages_source("many.pdf", pages), ExtractOptions(model="rules"))
    cited = [r for r in ledger.records if r.citations]
    assert [r.citations for r in cited] == [(k,) for k in range(1, n + 1)]
    assert (cited[1499].text, cited[1499].markers[0].raw) == (f"Taxes rose in the {word(1500)} war.¹⁵⁰⁰", "¹⁵⁰⁰")
    assert [e.number for e in ledger.references] == list(range(1, n + 1)) and not ledger.integrity.uncited_entries
    assert ledger.references[1499].text == f"Smith, A. (1999). History of {word(1500)} taxes."


@pytest.mark.parametrize("line, text, markers", [
    # a reader's note reference: what the text shows, and the numbers it cites
    ("A claim" + "\ue002" + "1999\ue003[1999]\ue004 held.", "A claim[1999] held.", [("[1999]", (1999,), "bracket")]),
    ("  Costs\ue0023,4\ue003³˒⁴\ue004  rose ", "Costs³˒⁴ rose", [("³˒⁴", (3, 4), "superscript")]),
    # a document's own private-use characters are no note reference: their text stays
    ("a \ue002hello b", "a hello b", []),
    ("a \ue002\ue003x\ue004 b", "a x b", []),
])
def test_note_references_come_out_of_a_line_as_markers(line, text, markers):
    from claimtrace.readers.layout import squash_links

    out, _, found = squash_links(line, [])
    assert out == text and [(m.raw, m.numbers, m.style) for m in found] == markers
    assert all(out[m.start : m.end] == m.raw and m.recognizer == "note" for m in found)


def test_a_plain_references_list_past_9999_items():
    """A plain `<ol>` under "References" is written `[n] item`; past 9999 a typed `[n] ` opens no
    entry, so the reader says which lines open which entry (`SourceText.note_entries`), and an
    unlinked `<sup>[10040]</sup>` is a note reference because the list has an item 10040."""
    n = 10_050
    page = ("<html><body><article><p>Taxes rose in the war.<sup>[10040]</sup> Prices fell.<sup>[3]</sup> "
            "Wages held.<sup>[1999]</sup></p><h2>References</h2><ol>"
            + "".join(f"<li>Author {i}. A title {i}. Journal (2001).</li>" for i in range(1, n + 1)) + "</ol></article></body></html>")
    ledger = _html_ledger(page)
    assert [(r.text, r.citations) for r in ledger.records] == [
        ("Taxes rose in the war.[10040]", (10040,)), ("Prices fell.[3]", (3,)), ("Wages held.[1999]", (1999,))]
    assert [e.number for e in ledger.references] == list(range(1, n + 1))
    assert ledger.references[-1].text == f"Author {n}. A title {n}. Journal (2001)."
