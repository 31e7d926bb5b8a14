"""Boilerplate removal on web pages: the reader with trafilatura's judgement vs without it.

    python benchmarks/eval_boilerplate.py [tests/fixtures/web] [--json]

Each `NAME.html` has a `NAME.gold.json` listing how every main-content block (paragraph or
heading) starts and how every boilerplate block (navigation, byline, dateline, share bar,
related stories, comments, footer, cookie banner, ads) starts. For both readers:
- content kept: the share of content blocks found in the text the reader produced;
- boilerplate kept: the share of boilerplate blocks found in it;
- boilerplate claims: ledger claims whose sentence starts with a boilerplate block.
"keep everything" is `--keep-boilerplate` (the selectolax reader alone, which already drops
`nav`, `footer`, `aside`, forms and hidden elements); "main content" is the default.
The pages were written for claimtrace's tests (tests/fixtures/web/README.md); the filter was
not tuned on them.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from claimtrace.pipeline import ExtractOptions, extract_path  # noqa: E402
from claimtrace.readers import read_path  # noqa: E402


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def evaluate(corpus: Path) -> dict:
    out = {}
    for keep in (True, False):
        name = "keep everything" if keep else "main content (default)"
        totals = {"content": 0, "content_kept": 0, "boilerplate": 0, "boilerplate_kept": 0, "boilerplate_claims": 0, "claims": 0}
        for page in sorted(corpus.glob("*.html")):
            gold = json.loads(page.with_suffix(".gold.json").read_text("utf-8"))
            text = _flat(read_path(page, keep_boilerplate=keep).text)
            ledger = extract_path(page, ExtractOptions(keep_boilerplate=keep))
            totals["content"] += len(gold["content"])
            totals["content_kept"] += sum(_flat(c) in text for c in gold["content"])
            totals["boilerplate"] += len(gold["boilerplate"])
            totals["boilerplate_kept"] += sum(_flat(b) in text for b in gold["boilerplate"])
            claims = [r for r in ledger.records if r.is_claim]
            totals["claims"] += len(claims)
            totals["boilerplate_claims"] += sum(
                any(_flat(r.text).startswith(_flat(b)) or _flat(b).startswith(_flat(r.text)) for b in gold["boilerplate"])
                for r in claims
            )
        out[name] = totals
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default=str(ROOT / "tests" / "fixtures" / "web"))
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = evaluate(Path(args.corpus))
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"{'reader':<24} {'content kept':>14} {'boilerplate kept':>17} {'boilerplate claims':>19}")
    for name, t in result.items():
        print(f"{name:<24} {t['content_kept']:>6}/{t['content']:<7} {t['boilerplate_kept']:>8}/{t['boilerplate']:<8}"
              f" {t['boilerplate_claims']:>10}/{t['claims']:<8}")


if __name__ == "__main__":
    main()
