"""The reproducible recipe of the shipped claim model: split, train, calibrate, measure, save.

    claimtrace train ../shared/datasets -o claimtrace/models/claim_model.npz
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
    X = vec.fit_transform([strip_markers(r[0]) for r in train_rows])
    clf = LogisticRegression(max_iter=2000).fit(X, [int(r[1]) for r in train_rows])

    def score(rows):
        return clf.predict_proba(vec.transform([strip_markers(r[0]) for r in rows]))[:, 1]

    y_dev = np.array([int(r[1]) for r in dev_rows])
    t = best_threshold(score(dev_rows), y_dev, n_boot=DEFAULT_OPTS["n_boot"], seed=seed)
    out: dict[str, Any] = {"threshold": t}
    for name, rows in {"dev": dev_rows, **eval_sets}.items():
        y = np.array([int(r[1]) for r in rows])
        s = score(rows)
        out[name] = metrics_from_scores(s, y, t)
        out[name + "@0.5"] = metrics_from_scores(s, y, 0.5)
    return out


# The training sets of the shipped model besides ClaimBuster, as folders of `claims-domains/`.
TWEET_SETS = ("checkthat2020_en_tweets", "checkthat2022_1b_en_tweets", "scitweets")
PAPER_SETS = ("plos_citeworthiness",)
# The tweet sets hold 1,727 training rows against 21,851 debate and 10,623 paper sentences;
# repeating them gives tweets a voice (measured: 1x and 5x, see docs/claim-model.md).
TWEET_REPEAT = 5


def build_shipped_model(data_dir: str | os.PathLike, out_path: str | os.PathLike, seed: int = 13) -> dict:
    """Split, train, calibrate, choose the threshold and save; returns the measured metrics.

    `data_dir` is either the datasets folder (`claimbuster/` and `claims-domains/` in it: the
    shipped multi-domain recipe) or a folder with ClaimBuster's `train.jsonl` alone (the
    debates-only recipe, and any data of that shape).
    """
    need_sklearn()
    d = Path(data_dir)
    if (d / "claimbuster" / "train.jsonl").is_file():
        return _multidomain(d, Path(out_path), seed)
    return _debates_only(d, Path(out_path), seed)


def _debates_only(d: Path, out_path: Path, seed: int) -> dict:
    """ClaimBuster's three verdicts; crowd rows to learn, expert rows to choose."""
    train_rows, dev_rows, split = claimbuster_split(d / "train.jsonl", seed)
    eval_sets: dict[str, list] = {}
    if (d / "ct24-devtest.jsonl").exists():
        eval_sets["ct24_devtest"] = load_labelled(d / "ct24-devtest.jsonl")
    meta = {
        "version": 1,
        "training_data": "ClaimBuster (Arslan et al., ICWSM 2020), train.jsonl; 3-way verdicts",
        "split": split,
    }
    return _build(train_rows, dev_rows, eval_sets, out_path, seed, meta, where=d / "train.jsonl")


def _multidomain(d: Path, out_path: Path, seed: int) -> dict:
    """Debates, tweets and papers together, binary; every dev set but CheckThat! 2024 chooses."""
    train_rows, dev_rows, eval_sets, meta = multidomain_data(d, seed)
    return _build(train_rows, dev_rows, eval_sets, out_path, seed, meta, where=d)


def multidomain_data(d: Path, seed: int = 13) -> tuple[list, list, dict[str, list], dict[str, Any]]:
    """The shipped recipe's rows: training rows, dev rows (for calibration and the threshold),
    each dev set by name (and CheckThat! 2024, chosen on by nothing), and a description."""
    debates, debates_dev, split = claimbuster_split(d / "claimbuster" / "train.jsonl", seed)
    domains = d / "claims-domains"
    train_rows: list[tuple] = [(r[0], r[1]) for r in debates]
    dev_rows: list[tuple] = [(r[0], r[1]) for r in debates_dev]
    eval_sets: dict[str, list] = {}
    used = []
    for name in TWEET_SETS + PAPER_SETS:
        if not (domains / name / "train.jsonl").is_file():
            continue
        repeat = TWEET_REPEAT if name in TWEET_SETS else 1
        train_rows += load_labelled(domains / name / "train.jsonl") * repeat
        eval_sets[name] = load_labelled(domains / name / "dev.jsonl")
        dev_rows += eval_sets[name]
        used.append(name if repeat == 1 else f"{name} (x{repeat})")
    if (d / "claimbuster" / "ct24-devtest.jsonl").exists():
        eval_sets["ct24_devtest"] = load_labelled(d / "claimbuster" / "ct24-devtest.jsonl")
    meta = {
        "version": 2,
        "training_data": "ClaimBuster crowd rows (binary) + claims-domains train.jsonl: " + ", ".join(used),
        "split": f"debates: {split}; dev: ClaimBuster groundtruth + the claims-domains dev.jsonl sets",
    }
    return train_rows, dev_rows, eval_sets, meta


def _build(
    train_rows: list, dev_rows: list, eval_sets: dict[str, list], out_path: Path, seed: int,
    meta: dict[str, Any], where: Path,
) -> dict:
    # Calibration and the threshold are fitted on dev: it needs both labels.
    if len({int(r[1]) for r in dev_rows}) < 2 or len({int(r[1]) for r in train_rows}) < 2:
        raise InputError(
            f"{where}: too few labelled rows ({len(train_rows) + len(dev_rows)}) for "
            "a training and a dev split that both hold claims and non-claims"
        )
    t0 = time.perf_counter()
    model = train(train_rows, dev_rows, seed=seed, meta={
        **meta,
        "calibration": "Platt scaling on the dev rows",
        "threshold_rule": "maximises positive-class F1 on the dev rows (mean over 200 bootstrap resamples)",
    })
    train_seconds = time.perf_counter() - t0
    measured: dict[str, Any] = {}
    for name, rows_ in eval_sets.items():
        y = np.array([r[1] for r in rows_])
        s = model.predict_proba([strip_markers(r[0]) for r in rows_])
        measured[name] = metrics_from_scores(s, y, model.threshold)
        measured[name + "_calibration"] = {k: v for k, v in reliability(s, y).items() if k != "table"}
    model = model.calibrated(model.calibration, model.threshold, meta=measured)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    model.save(out_path)
    saved = thawed(model.meta)
    return {
        "model": {"dev": saved["dev"], **{k: saved[k] for k in eval_sets}},
        "threshold": model.threshold,
        "calibration": saved["dev_calibration"],
        "n_train": len(train_rows),
        "n_dev": len(dev_rows),
        "n_features": saved["n_features"],
        "size_bytes": out_path.stat().st_size,
        "train_seconds": round(train_seconds, 1),
        "baseline_tfidf_lr": _baseline(train_rows, dev_rows, eval_sets, seed),
    }
