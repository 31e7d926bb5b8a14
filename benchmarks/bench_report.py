"""How fast a long `claimtrace report` opens in a real browser (Debian's chromium via Playwright).

    python benchmarks/bench_report.py [--megabytes 1]

Builds a document of about N MB from the GUM texts (../shared/datasets/gum-train), writes its
report, and times, in headless chromium, from navigation to the `load` event plus one layout
(best of 3). The baseline in the same run is the same text as a plain page (`<pre>`), so the
ratio says what the report's markup and script cost. Issue 11's target: under 2 s for 1 MB.
"""

from __future__ import annotations

import argparse
import html
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from claimtrace import extract  # noqa: E402
from claimtrace.writers import LEDGER, Format, WriteOptions, make_writer  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=1.0)
    parser.add_argument("--corpus", default=str(ROOT.parent / "shared/datasets/gum-train"))
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or sys.exit("chromium is not installed")
    texts = [p.read_text(encoding="utf-8") for p in sorted(Path(args.corpus).glob("*.txt"))]
    if not texts:
        sys.exit(f"no .txt files in {args.corpus}")
    parts, size = [], 0
    while size < args.megabytes * 1_000_000:  # the corpus again from the start when it runs out
        text = texts[len(parts) % len(texts)]
        parts.append(text)
        size += len(text)
    text = "\n\n".join(parts)
    ledger = extract(text, doc="long.txt")
    work = Path(tempfile.mkdtemp())
    report, plain = work / "report.html", work / "plain.html"
    with report.open("w", encoding="utf-8") as stream:
        writer = make_writer(Format.html, stream, LEDGER, WriteOptions(include_all=True))
        writer.begin()
        writer.document(ledger)
        writer.end(ledger.summary)
    plain.write_text(f"<!DOCTYPE html><meta charset=utf-8><pre>{html.escape(text)}</pre>", encoding="utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        times = {}
        for name, path in (("plain text page (baseline)", plain), ("claimtrace report", report)):
            best = float("inf")
            for _ in range(3):
                start = time.perf_counter()
                page.goto(path.as_uri(), wait_until="load")
                page.evaluate("document.body.getBoundingClientRect().height")  # force layout
                best = min(best, time.perf_counter() - start)
            times[name] = best
        browser.close()
    print(f"{len(text):,} characters, {len(ledger.records):,} records; report {report.stat().st_size:,} bytes")
    base = times["plain text page (baseline)"]
    for name, seconds in times.items():
        print(f"{name:<28} {seconds:6.2f} s   x{seconds / base:.1f} of baseline")


if __name__ == "__main__":
    main()
