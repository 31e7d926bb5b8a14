"""Every speed and memory figure of the README's throughput table, in one run.

    python benchmarks/bench_all.py [--quick]

1. `bench_extract.py --with-plos`: chars/s and docs/s of `extract` (default model and rules)
   beside spaCy's blank tokenizer and sentencizer on the same texts (GUM + PLOS, 3.0 M
   characters), one core (`taskset -c 1` when available), best of 5, and the process's peak
   RSS; then the same on GUM alone (0.84 M characters);
2. `bench_jobs.py`: 5,000 documents with -j 1, -j 2 (and Dask), docs/s and the speed-up;
3. start-up: `claimtrace --version`, `claimtrace --help` and `claimtrace extract` on a
   200-character file, end to end, best of 5;
4. `bench_memory.py`: peak RSS of one 1, 10 and 100 MB document read in parts (and whole up to
   10 MB, the baseline).
`--quick` runs smaller sizes (1,000 documents; 1 and 10 MB) to check the script itself.
Issue 12's targets are printed beside the figures.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def _run(title: str, command: list[str]) -> None:
    print(f"\n## {title}\n$ {' '.join(command)}", flush=True)
    subprocess.run(command, check=True, cwd=ROOT)


def _best(command: list[str], repeat: int = 5) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    one_core = ["taskset", "-c", "1"] if shutil.which("taskset") else []
    py = sys.executable
    repeat = "2" if args.quick else "5"
    _run("1. extract on one core, GUM + PLOS (target: default model >= 1.2 M chars/s)",
         [*one_core, py, str(HERE / "bench_extract.py"), "--repeat", repeat, "--with-plos"])
    _run("1b. extract on one core, GUM alone (short sentences: the most per-sentence work)",
         [*one_core, py, str(HERE / "bench_extract.py"), "--repeat", repeat])
    _run("2. a batch on two processes (target: -j 2 >= 1.7x -j 1)",
         [py, str(HERE / "bench_jobs.py"), "--documents", "1000" if args.quick else "5000", "--repeat", "2"])
    print("\n## 3. start-up, end to end, best of 5 (targets: --version and --help < 0.15 s, a small file < 0.6 s)")
    small = Path(tempfile.mkdtemp()) / "small.txt"
    small.write_text("Unemployment fell to 4.1 percent in 2019, the lowest rate in fifty years [1]. "
                     "The minister said the plan would cut emissions by half by 2030 [2].\n", encoding="utf-8")
    claimtrace = [py, "-m", "claimtrace"]
    for name, extra in (("claimtrace --version", ["--version"]), ("claimtrace --help", ["--help"]),
                        ("claimtrace extract small.txt (200 chars)", ["extract", str(small)])):
        print(f"{name:42} {_best([*claimtrace, *extra]):6.3f} s", flush=True)
    _run("4. one huge document (target: peak RSS < 300 MiB at 100 MB, not growing with the file)",
         [py, str(HERE / "bench_memory.py"), "--sizes", "1,10" if args.quick else "1,10,100", "--whole-up-to", "10"])


if __name__ == "__main__":
    main()
