"""Scoring speed of the shipped claim model alone, on GUM's gold sentences.

    python benchmarks/bench_classifier.py [GUM_DIR] [--batch 1024]

Pin it to one core for a one-core figure: `taskset -c 0 python benchmarks/bench_classifier.py`.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from claimtrace.citations import strip_markers  # noqa: E402
from claimtrace.scoring.model import ClaimModel  # noqa: E402


def gum_sentences(gum_dir: str) -> list[str]:
    """Gold sentences of the GUM texts (the `.gold.json` spans) without markers, in file order."""
    out = []
    for txt in sorted(Path(gum_dir).glob("*.txt")):
        gold = txt.with_suffix(".gold.json")
        text = txt.read_text(encoding="utf-8")
        if gold.exists():
            spans = json.loads(gold.read_text(encoding="utf-8"))["sentences"]
            out.extend(text[s["start"] : s["end"]] for s in spans)
        else:
            out.extend(line for line in text.splitlines() if line.strip())
    return [strip_markers(s) for s in out]


def measure_speed(model: ClaimModel, texts: Sequence[str], repeat: int = 5, batch: int = 1024) -> dict:
    """Best-of-`repeat` characters/second of `predict_proba` over `texts` in batches."""
    texts = list(texts)
    chars = sum(len(t) for t in texts)
    model.predict_proba(texts[:batch])  # warm the token cache as a running pipeline would
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        for i in range(0, len(texts), batch):
            model.predict_proba(texts[i : i + batch])
        best = min(best, time.perf_counter() - t0)
    return {"texts": len(texts), "chars": chars, "seconds": best, "chars_per_second": chars / best}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gum_dir", nargs="?", default=str(ROOT.parent / "shared/datasets/gum-train"))
    parser.add_argument("--model", default=None, help="a model file (default: the shipped one)")
    parser.add_argument("--batch", type=int, default=1024)
    args = parser.parse_args()
    result = measure_speed(ClaimModel.load(args.model), gum_sentences(args.gum_dir), batch=args.batch)
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
