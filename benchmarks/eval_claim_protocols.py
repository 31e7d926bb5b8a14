"""How the claim model's numbers depend on the evaluation protocol (about 2 minutes).

    python benchmarks/eval_claim_protocols.py [CLAIMBUSTER_DIR]

1. shipped protocol, groundtruth fully held out: train on the crowdsourced rows, calibrate and
   choose the threshold on a 15% split of them, then measure on the 966 expert-labelled
   groundtruth rows, which no choice has seen;
2. random split: a stratified 15% dev split of all rows (crowd and expert labels mixed), the
   protocol of the first shipped model.
ct24-devtest is measured for both, at each protocol's own threshold.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from claimtrace.training.data import claimbuster_split, load_claimbuster, load_labelled, split_rows  # noqa: E402
from claimtrace.training.fit import train  # noqa: E402
from claimtrace.training.metrics import metrics_from_scores  # noqa: E402
from claimtrace.citations import strip_markers  # noqa: E402
from claimtrace.scoring.model import thawed  # noqa: E402


def _measure(model, rows) -> dict:
    scores = model.predict_proba([strip_markers(r[0]) for r in rows])
    return metrics_from_scores(scores, np.array([r[1] for r in rows]), model.threshold)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", default=str(ROOT.parent / "shared/datasets/claimbuster"))
    args = parser.parse_args()
    data = Path(args.data)
    ct24 = load_labelled(data / "ct24-devtest.jsonl")
    crowd, gold, _ = claimbuster_split(data / "train.jsonl")
    train_rows, dev_rows = split_rows(crowd, 0.15, 13)
    held_out = train(train_rows, dev_rows, seed=13)
    everything = load_claimbuster(data / "train.jsonl")
    r_train, r_dev = split_rows(everything, 0.15, 13)
    random_split = train(r_train, r_dev, seed=13)
    result = {
        "groundtruth_held_out": {
            "threshold": held_out.threshold,
            "crowd_dev": held_out.meta["dev"],
            "groundtruth": _measure(held_out, gold),
            "ct24_devtest": _measure(held_out, ct24),
        },
        "random_split": {
            "threshold": random_split.threshold,
            "dev": random_split.meta["dev"],
            "ct24_devtest": _measure(random_split, ct24),
        },
    }
    print(json.dumps(thawed(result), indent=1))  # a model's meta is read-only (mapping proxies)


if __name__ == "__main__":
    main()
