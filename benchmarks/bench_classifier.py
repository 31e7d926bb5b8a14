"""Scoring speed of the shipped claim model alone, on GUM's gold sentences.

    python benchmarks/bench_classifier.py [GUM_DIR] [--batch 1024]

Pin it to one core for a one-core figure: `taskset -c 0 python benchmarks/bench_classifier.py`.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from claimtrace.classifier import ClaimModel  # noqa: E402
from claimtrace.training import gum_sentences, measure_speed  # noqa: E402


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
