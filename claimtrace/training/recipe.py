"""The reproducible recipe of the shipped claim model: split, train, calibrate, measure, save.

    claimtrace train ../shared/datasets/claimbuster -o claimtrace/models/claim_model.npz
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import numpy as np

from ..citations import strip_markers
from ..errors import InputError
from ..scoring.model import thawed
from .data import claimbuster_split, load_labelled
from .fit import DEFAULT_OPTS, need_sklearn, train
from .metrics import best_threshold, metrics_from_scores, reliability


def _baseline(train_rows, dev_rows, eval_sets: dict[str, list], seed: int) -> dict:
    """TF-IDF (scikit-learn defaults: word unigrams) + LogisticRegression (defaults)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = TfidfVectorizer()
    X = vec.fit_transform([r[0] for r in train_rows])
    clf = LogisticRegression(max_iter=2000).fit(X, [int(r[1]) for r in train_rows])

    def score(rows):
        return clf.predict_proba(vec.transform([r[0] for r in rows]))[:, 1]

    y_dev = np.array([int(r[1]) for r in dev_rows])
    t = best_threshold(score(dev_rows), y_dev, n_boot=DEFAULT_OPTS["n_boot"], seed=seed)
    out: dict[str, Any] = {"threshold": t}
    for name, rows in {"dev": dev_rows, **eval_sets}.items():
        y = np.array([int(r[1]) for r in rows])
        s = score(rows)
        out[name] = metrics_from_scores(s, y, t)
        out[name + "@0.5"] = metrics_from_scores(s, y, 0.5)
    return out


def build_shipped_model(claimbuster_dir: str | os.PathLike, out_path: str | os.PathLike, seed: int = 13) -> dict:
    """Split, train, calibrate, choose the threshold and save; returns the measured metrics.

    `claimbuster_dir` holds train.jsonl (and optionally ct24-devtest.jsonl, which is only
    reported on, never used for any choice).
    """
    need_sklearn()
    d = Path(claimbuster_dir)
    train_rows, dev_rows, split = claimbuster_split(d / "train.jsonl", seed)
    # Calibration and the threshold are fitted on dev: it needs both labels.
    if len({int(r[1]) for r in dev_rows}) < 2 or len({int(r[1]) for r in train_rows}) < 2:
        raise InputError(
            f"{d / 'train.jsonl'}: too few labelled rows ({len(train_rows) + len(dev_rows)}) for "
            "a training and a dev split that both hold claims and non-claims"
        )
    eval_sets: dict[str, list] = {}
    ct = d / "ct24-devtest.jsonl"
    if ct.exists():
        eval_sets["ct24_devtest"] = load_labelled(ct)
    t0 = time.perf_counter()
    model = train(
        train_rows,
        dev_rows,
        seed=seed,
        meta={
            "version": 1,
            "training_data": "ClaimBuster (Arslan et al., ICWSM 2020), train.jsonl; 3-way verdicts",
            "split": split,
            "calibration": "Platt scaling on the dev split",
            "threshold_rule": "maximises positive-class F1 on the dev split (mean over 200 bootstrap resamples)",
        },
    )
    train_seconds = time.perf_counter() - t0
    measured: dict[str, Any] = {}
    for name, rows_ in eval_sets.items():
        y = np.array([r[1] for r in rows_])
        s = model.predict_proba([strip_markers(r[0]) for r in rows_])
        measured[name] = metrics_from_scores(s, y, model.threshold)
        measured[name + "_calibration"] = {k: v for k, v in reliability(s, y).items() if k != "table"}
    model = model.calibrated(model.calibration, model.threshold, meta=measured)
    Path(out_path).parent.mkdir(parents=True, exist_ok=True)
    model.save(out_path)
    meta = thawed(model.meta)
    result = {
        "model": {"dev": meta["dev"], **{k: meta[k] for k in eval_sets}},
        "threshold": model.threshold,
        "calibration": meta["dev_calibration"],
        "n_train": len(train_rows),
        "n_dev": len(dev_rows),
        "n_features": meta["n_features"],
        "size_bytes": Path(out_path).stat().st_size,
        "train_seconds": round(train_seconds, 1),
        "baseline_tfidf_lr": _baseline(train_rows, dev_rows, eval_sets, seed),
    }
    return result
