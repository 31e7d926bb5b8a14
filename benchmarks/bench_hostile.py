"""Does time stay linear on hostile inputs? Times 1x and 4x versions of pathological shapes.

    python benchmarks/bench_hostile.py [--base 2500] [--tenfold 1.0]

Best of 3 for each size.

Then issue 21's shapes at n and 10n, each once, with the ratio of their times (about 10 is
linear, about 100 quadratic), MB/s at 10n and CPU time per ledger row (sentence or heading) at
10n (on sentence-dense shapes the rows, not the bytes, set the time), beside a normal article
(the seed, repeated) in the same run: one-line paragraphs as plain text and as Markdown (50,000 and 500,000 lines), a page
with 10,000 and 100,000 links in one paragraph, 4,000 and 40,000 flat `<div>`s (pages this
large are not judged by trafilatura), and sections of `<div>`s that trafilatura does judge (900
and 9,000 elements; its date search once took 16 s on 4,000). Web pages are read as
`claimtrace extract` reads them, boilerplate judgement included. Times are the process's CPU
seconds (the machine may be shared). `--tenfold 0.3` runs them at under a third of that size (a
quick check; below 0.25 the smaller flat-`<div>` page has few enough children to be judged, and
its ratio compares two different paths); `--tenfold 0` skips them.

Each shape once took quadratic time or crashed: a line of `[a] [a] …` (a trailing-brackets
regex), a sentence followed by 300,000 `[1] ` (each step back over a group copied the line), a run of digits, change verbs without a number and unclosed quotes (three kind-rule
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
        "a sentence, then [1] [1] …": ("text", "Costs rose. " + "[1] " * (n * 4)),
        "nested parentheses": ("text", "(" * n + "x" + ")" * n + " said it."),
        "one run of digits": ("text", "1" * (n * 10) + " rose."),
        "change verbs, no number": ("text", "1 " + "rose " * (n * 4) + "."),
        "open quotes, never closed": ("text", "“word " * (n * 4) + "."),
        "Markdown blanks before a note": ("markdown", "a" + " " * (n * 20) + "b [^1]\n\n[^1]: x\n"),
        "HTML list items": ("html", "<p>Claim.<sup>[1]</sup></p><h2>References</h2><ol>"
                            + "".join(f"<li>Entry {i} (2001).</li>" for i in range(n)) + "</ol>"),
        "HTML markers into notes": ("html", "<article><p>" + " ".join(
            f"Claim {i}.<sup><a href='#n{i}'>{i + 1}</a></sup>" for i in range(n)) + "</p><ol>"
            + "".join(f"<li id='n{i}'>Entry {i} (2001).</li>" for i in range(n)) + "</ol></article>"),
        "HTML nested deep": ("html", "<div>" * n + "<p>A claim was made in 2020.</p>" + "</div>" * n),
    }


def tenfold_shapes(n: int) -> dict[str, tuple[str, str]]:
    """Issue 21's shapes, `n` the 1x size in thousands of lines (links, divs: a fifth, a 12.5th;
    judged divs: 18 a thousand lines, in sections of 300, under `readers.html.JUDGED_*`)."""
    lines, links, divs, judged = n * 1000, n * 200, n * 80, n * 18
    one_line = "".join(f"Line {i} rose.\n" for i in range(lines))
    seed = (ROOT / "seeds" / "000_c6909b873426236a.txt").read_text(encoding="utf-8") + "\n\n"
    return {
        "normal article (the seed)": ("text", seed * max(1, round(len(one_line) / len(seed)))),
        "one-line paragraphs": ("text", one_line),
        "one-line paragraphs, Markdown": ("markdown", one_line),
        "a page of links in one <p>": ("html", "<html><body><article><p>" + " ".join(
            f"<a href='https://example.org/{i}'>w{i}</a>" for i in range(links)) + "</p></article></body></html>"),
        "flat <div>s": ("html", "<html><body>" + "".join(
            f"<div>Claim {i} rose 5% in 2020.</div>" for i in range(divs)) + "</body></html>"),
        "<div>s in sections, judged": ("html", "<html><body>" + "".join(
            "<section>" + "".join(f"<div>Claim {i} rose 5% in 2020.</div>" for i in range(first, min(first + 300, judged)))
            + "</section>" for first in range(0, judged, 300)) + "</body></html>"),
    }


def _run(fmt: str, content: str) -> tuple[float, int]:
    """CPU seconds to extract `content`, and its sentences and headings."""
    start = time.process_time()
    if fmt == "text":
        ledger = extract(content, options=OPTIONS)
    else:
        ledger = extract_source(read_bytes(f"x.{fmt}", content.encode(), fmt=fmt), OPTIONS)
    return time.process_time() - start, len(ledger.records)


def _time(fmt: str, content: str) -> float:
    return _run(fmt, content)[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=int, default=2500, help="repetitions in the 1x input")
    parser.add_argument("--tenfold", type=float, default=1.0, help="size of issue 21's 1x/10x shapes (1: 50,000 lines)")
    args = parser.parse_args()
    for fmt, content in shapes(10).values():  # load every reader and the scorer outside the timing
        _time(fmt, content)
    small, large = shapes(args.base), shapes(args.base * 4)
    for name, (fmt, content) in small.items():
        t1 = min(_time(fmt, content) for _ in range(3))
        t4 = min(_time(*large[name]) for _ in range(3))
        print(f"{name:30} 1x {len(content):>10,} chars {t1:7.3f} s   4x {t4:7.3f} s   ratio {t4 / t1:5.1f}")
    if args.tenfold > 0:
        for fmt, content in tenfold_shapes(1).values():  # load what each shape needs outside the timing
            _time(fmt, content)
        size = max(1, round(50 * args.tenfold))
        print(f"{'issue 21 (CPU seconds)':30} {'n':>8} {'':9} {'10n':>8}")
        for name, (fmt, content) in tenfold_shapes(size).items():
            t1 = _time(fmt, content)
            big = tenfold_shapes(size * 10)[name][1]  # one large input in memory at a time
            t10, records = _run(fmt, big)
            per_row = f"{t10 / records * 1e6:4.0f} µs a row" if records >= 1000 else "few rows"  # one paragraph of links: one row
            print(f"{name:30} {len(content) / 1e6:6.2f} MB {t1:7.2f} s   {len(big) / 1e6:6.2f} MB {t10:7.2f} s "
                  f"({len(big) / 1e6 / t10:5.2f} MB/s, {per_row})   ratio {t10 / t1:5.1f}")


if __name__ == "__main__":
    main()
