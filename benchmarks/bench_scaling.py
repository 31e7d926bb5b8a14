"""Does extraction time grow linearly with input size? Times 1x and 10x inputs of three shapes.

    python benchmarks/bench_scaling.py [--base 20000]

Shapes: one long paragraph (a PDF text layer or a minified export), many short paragraphs, and a
long reference list. A ratio near 10 is linear; near 100 is quadratic (the bug this guards
against: a 2.5-million-character paragraph once took minutes).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from claimtrace import extract  # noqa: E402

SENTENCE = "Prices rose 5% in 2020.[1] The U.S. Gen. A. Smith said “no.”[2] It was a year. "


def shapes(n: int) -> dict[str, str]:
    return {
        "one long paragraph": SENTENCE * n,
        "many paragraphs": (SENTENCE + "\n") * n,
        "long reference list": SENTENCE + "\nReferences\n" + "".join(f"[{i}] Author {i}, “Title,” 2020.\n" for i in range(1, n + 1)),
    }


def _time(text: str) -> float:
    start = time.perf_counter()
    extract(text)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=int, default=2000, help="repetitions in the 1x input")
    args = parser.parse_args()
    extract(SENTENCE)  # build the pipeline outside the timing
    small, large = shapes(args.base), shapes(args.base * 10)
    for name in small:
        t1, t10 = _time(small[name]), _time(large[name])
        print(f"{name:22} 1x {len(small[name]):>10,} chars {t1:7.3f} s   10x {t10:7.3f} s   ratio {t10 / t1:5.1f}")


if __name__ == "__main__":
    main()
