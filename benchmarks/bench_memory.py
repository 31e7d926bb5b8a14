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
beside the CSV baseline. The workbook writer collects a document whole before writing its rows
(citation cells link to entry rows, and the entries come at the end), so "in parts" does not
bound it the way it bounds CSV: 20 MB took 658 MiB as a workbook, 218 MiB as CSV.
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


def measure(args: list[str]) -> tuple[float, float]:
    """(peak RSS in MiB, wall seconds) of `claimtrace extract ARGS`, in a fresh process."""
    command = [sys.executable, "-m", "claimtrace", "extract", *args]
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", _MEASURE, *command], capture_output=True, text=True, check=True)
    return int(out.stdout.strip()) / 1024, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,10,100", help="document sizes in MB, comma-separated")
    parser.add_argument("--whole-up-to", type=int, default=10, help="also read documents up to this size whole")
    parser.add_argument("--formats", default="csv", help="output formats, comma-separated (csv, xlsx, …)")
    parser.add_argument("--corpus", default=str(ROOT.parent / "shared/datasets/gum-train"))
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    print(f"{'document':>10} {'format':>6} {'read':>9} {'peak RSS':>10} {'wall':>8} {'chars/s':>10}")
    for size in (int(s) for s in args.sizes.split(",")):
        path = folder / f"doc{size}mb.txt"
        chars = write_document(path, size, Path(args.corpus))
        runs = [("in parts", ["--stream-from", "1"])]
        if size <= args.whole_up_to:
            runs.append(("whole", ["--stream-from", "0"]))
        for fmt in args.formats.split(","):
            out = [] if fmt == "csv" else ["-o", str(folder / f"out.{fmt}")]
            for name, extra in runs:
                peak, wall = measure([str(path), "-f", fmt, *out, "-q", "--max-bytes", "0", *extra])
                print(f"{size:>7} MB {fmt:>6} {name:>9} {peak:>7,.0f} MiB {wall:>7.1f}s {chars / wall:>10,.0f}", flush=True)
        path.unlink()


if __name__ == "__main__":
    main()
