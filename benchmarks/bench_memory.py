"""Peak memory of `claimtrace extract` on one huge plain-text document, read in parts and whole.

    python benchmarks/bench_memory.py [--sizes 1,10,100] [--whole-up-to 10]

Writes a document of each size in MB (GUM train paragraphs, cycled, with a numbered reference
list at the end) to a temporary folder and runs `claimtrace extract FILE -f csv` on it in a
fresh process, output to /dev/null, reporting that process's peak RSS and wall time:
- "in parts": the default for plain-text files of 16 MiB or more (forced here with
  `--stream-from 1` so that every size is read in parts);
- "whole" (`--stream-from 0`, the baseline: the whole text and every record held), for sizes up
  to --whole-up-to MB (a 100 MB document held whole needs gigabytes and minutes).
Issue 12's target: under 300 MiB for 100 MB, not growing with the file.

`--formats csv,xlsx` also writes each document as a workbook (to a file in the temporary folder)
beside the CSV baseline, measured in the same run, and prints each format's peak against CSV's
(`x csv`); `--max-ratio 1.5` exits 1 when a format's peak is more than 1.5 times CSV's for the
same document and reading (issue 21: a workbook's memory close to the CSV's whatever the size).
`--claims 200000` measures a document of that many one-line claims (`Claim 7 rose 5% in
2020.[8]`, a 40-entry list at the end) instead of GUM paragraphs: many short rows.

    nice python benchmarks/bench_memory.py --sizes 20 --whole-up-to 0 --formats csv,xlsx --max-ratio 1.5
    nice python benchmarks/bench_memory.py --claims 200000 --whole-up-to 100 --formats csv,xlsx \
        --extract-args="--all --model rules"
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_MEASURE = (
    "import resource, subprocess, sys\n"
    "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def write_document(path: Path, megabytes: int, corpus: Path) -> int:
    """A document of about `megabytes` MB; returns its size in characters."""
    paragraphs = [p for f in sorted(corpus.glob("*.txt")) for p in f.read_text(encoding="utf-8").split("\n") if p.strip()]
    target = megabytes * 1_000_000
    chars = 0
    with path.open("w", encoding="utf-8") as out:
        i = 0
        while chars < target:
            line = paragraphs[i % len(paragraphs)] + f" [{i % 40 + 1}]\n"
            out.write(line)
            chars += len(line)
            i += 1
        out.write("References\n")
        for n in range(1, 41):
            line = f"{n}. Author{n} A, Writer B ({1980 + n}) A title of work number {n}. Journal {n}: {n}-{n + 9}.\n"
            out.write(line)
            chars += len(line)
    return chars


def write_claims(path: Path, count: int) -> int:
    """`count` one-line claims citing [1]-[40], then a 40-entry list; returns its size in characters."""
    with path.open("w", encoding="utf-8") as out:
        for i in range(count):
            out.write(f"Claim {i} rose 5% in 2020.[{i % 40 + 1}]\n")
        out.write("References\n")
        for n in range(1, 41):
            out.write(f"{n}. Author{n} A, Writer B ({1980 + n}) A title of work number {n}. Journal {n}: {n}-{n + 9}.\n")
    return len(path.read_text(encoding="utf-8"))


def measure(args: list[str]) -> tuple[float, float]:
    """(peak RSS in MiB, wall seconds) of `claimtrace extract ARGS`, in a fresh process."""
    command = [sys.executable, "-m", "claimtrace", "extract", *args]
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", _MEASURE, *command], capture_output=True, text=True, check=True)
    return int(out.stdout.strip()) / 1024, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,10,100", help="document sizes in MB, comma-separated")
    parser.add_argument("--claims", type=int, default=0, help="instead: one document of this many one-line claims")
    parser.add_argument("--whole-up-to", type=int, default=10, help="also read documents up to this size whole")
    parser.add_argument("--formats", default="csv", help="output formats, comma-separated (csv, xlsx, …); CSV is the baseline")
    parser.add_argument("--max-ratio", type=float, default=None, help="exit 1 when a format's peak is over this many times CSV's")
    parser.add_argument("--extract-args", default="", help='more options for claimtrace extract ("--all --model rules")')
    parser.add_argument("--corpus", default=str(ROOT.parent / "shared/datasets/gum-train"))
    args = parser.parse_args()
    formats = ["csv", *(f for f in args.formats.split(",") if f != "csv")]
    folder = Path(tempfile.mkdtemp())
    over = []
    print(f"{'document':>14} {'format':>6} {'read':>9} {'peak RSS':>10} {'x csv':>6} {'wall':>8} {'chars/s':>10}")
    for size in [0] if args.claims else [int(s) for s in args.sizes.split(",")]:
        path = folder / "doc.txt"
        if args.claims:
            chars, name = write_claims(path, args.claims), f"{args.claims:,} claims"
        else:
            chars, name = write_document(path, size, Path(args.corpus)), f"{size} MB"
        runs = [("in parts", ["--stream-from", "1"])]
        if round(chars / 1e6) <= args.whole_up_to:
            runs.append(("whole", ["--stream-from", "0"]))
        for read, extra in runs:
            baseline = None
            for fmt in formats:
                out = [] if fmt == "csv" else ["-o", str(folder / f"out.{fmt}")]
                peak, wall = measure([str(path), "-f", fmt, *out, "-q", "--max-bytes", "0", *args.extract_args.split(), *extra])
                baseline = baseline or peak
                print(f"{name:>14} {fmt:>6} {read:>9} {peak:>7,.0f} MiB {peak / baseline:>5.2f}x {wall:>7.1f}s {chars / wall:>10,.0f}",
                      flush=True)
                if args.max_ratio and peak > args.max_ratio * baseline:
                    over.append(f"{name} {fmt} {read}: {peak:,.0f} MiB, {peak / baseline:.2f} x csv")
        path.unlink()
    if over:
        sys.exit("over --max-ratio: " + "; ".join(over))


if __name__ == "__main__":
    main()
