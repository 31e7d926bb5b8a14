"""How a batch scales with worker processes: `-j 2` against `-j 1` on the same documents.

    python benchmarks/bench_jobs.py [--documents 5000] [--repeat 2]

Writes N documents (paragraph runs cut from ../shared/datasets/gum-train, cycled) to a temporary
folder and times `claimtrace.batch.run_batch` over them with jobs=1 and jobs=2 (wall clock,
best of --repeat, output discarded), plus the Dask engine on a local cluster of 2 workers when
`claimtrace[dask]` is installed. Prints documents/s, characters/s and the speed-up over -j 1.
Issue 12's target: -j 2 at least 1.7x -j 1 on a 2-core machine.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from claimtrace.batch import RunConfig, run_batch  # noqa: E402
from claimtrace.inputs import InputProblem  # noqa: E402


def _documents(corpus: Path, n: int) -> list[str]:
    paragraphs = [p for path in sorted(corpus.glob("*.txt")) for p in path.read_text(encoding="utf-8").split("\n") if p.strip()]
    docs, i = [], 0
    while len(docs) < n:
        docs.append("\n".join(paragraphs[(i + k) % len(paragraphs)] for k in range(6)))
        i += 6
    return docs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--corpus", default=str(ROOT.parent / "shared/datasets/gum-train"))
    args = parser.parse_args()
    docs = _documents(Path(args.corpus), args.documents)
    chars = sum(map(len, docs))
    folder = Path(tempfile.mkdtemp())
    paths = []
    for i, text in enumerate(docs):
        path = folder / f"doc{i:05d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    runs = [("-j 1", dict(jobs=1)), ("-j 2", dict(jobs=2))]
    try:
        import distributed  # noqa: F401

        runs.append(("--engine dask -j 2", dict(jobs=2, engine="dask")))
    except ImportError:
        pass
    print(f"{len(docs):,} documents, {chars:,} characters, best of {args.repeat}")
    base = None
    for name, kwargs in runs:
        best = float("inf")
        for _ in range(args.repeat):
            start = time.perf_counter()
            for outcome in run_batch(paths, RunConfig(**kwargs)):
                assert not isinstance(outcome, InputProblem), outcome.message
            best = min(best, time.perf_counter() - start)
        base = base or best
        print(f"{name:<20} {best:7.1f} s  {len(docs) / best:8.0f} docs/s  {chars / best:11,.0f} chars/s  x{base / best:.2f} of -j 1")


if __name__ == "__main__":
    main()
