"""Does time stay linear on hostile inputs? Times 1x and 4x versions of pathological shapes.

    python benchmarks/bench_hostile.py [--base 2500]

Best of 3 for each size.

Each shape once took quadratic time or crashed: a line of `[a] [a] …` (a trailing-brackets
regex), a run of digits, change verbs without a number and unclosed quotes (three kind-rule
regexes), blanks before a Markdown footnote, an HTML reference list of many items (each item
re-scanned its list), many markers pointing into a notes list (each looked its target up in the
whole page), HTML nested deep (a recursive walk), a run of nested parentheses. A ratio near 4 is linear, near 16 quadratic. The
baseline in the same run is the plain-text seed-like shape of `bench_scaling.py`.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from claimtrace import ExtractOptions, extract, extract_source  # noqa: E402
from claimtrace.readers import read_bytes  # noqa: E402

OPTIONS = ExtractOptions(model="rules")  # the shapes, not the claim model, are under test
SENTENCE = "Prices rose 5% in 2020.[1] The U.S. Gen. A. Smith said “no.”[2] It was a year. "


def shapes(n: int) -> dict[str, tuple[str, str]]:
    """name -> (format, content) with about `n` repetitions."""
    return {
        "baseline: plain paragraphs": ("text", (SENTENCE + "\n") * (n // 4)),
        "brackets line [a] [a] …": ("text", "[a] " * (n * 4)),
        "nested parentheses": ("text", "(" * n + "x" + ")" * n + " said it."),
        "one run of digits": ("text", "1" * (n * 10) + " rose."),
        "change verbs, no number": ("text", "1 " + "rose " * (n * 4) + "."),
        "open quotes, never closed": ("text", "“word " * (n * 4) + "."),
        "Markdown blanks before a note": ("markdown", "a" + " " * (n * 20) + "b [^1]\n\n[^1]: x\n"),
        "HTML list items": ("html", "<p>Claim.<sup>[1]</sup></p><h2>References</h2><ol>"
                            + "".join(f"<li>Entry {i} (2001).</li>" for i in range(n)) + "</ol>"),
        "HTML markers into notes": ("html", "<article><p>" + " ".join(
            f"Claim {i}.<sup><a href='#n{i}'>{i % 1400 + 1}</a></sup>" for i in range(n)) + "</p><ol>"
            + "".join(f"<li id='n{i}'>Entry {i} (2001).</li>" for i in range(n)) + "</ol></article>"),
        "HTML nested deep": ("html", "<div>" * n + "<p>A claim was made in 2020.</p>" + "</div>" * n),
    }


def _time(fmt: str, content: str) -> float:
    start = time.perf_counter()
    if fmt == "text":
        extract(content, options=OPTIONS)
    else:
        extract_source(read_bytes(f"x.{fmt}", content.encode(), fmt=fmt), OPTIONS)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=int, default=2500, help="repetitions in the 1x input")
    args = parser.parse_args()
    for fmt, content in shapes(10).values():  # load every reader and the scorer outside the timing
        _time(fmt, content)
    small, large = shapes(args.base), shapes(args.base * 4)
    for name, (fmt, content) in small.items():
        t1 = min(_time(fmt, content) for _ in range(3))
        t4 = min(_time(*large[name]) for _ in range(3))
        print(f"{name:30} 1x {len(content):>10,} chars {t1:7.3f} s   4x {t4:7.3f} s   ratio {t4 / t1:5.1f}")


if __name__ == "__main__":
    main()
