"""Fitting the claim model: hashed TF-IDF features, logistic regression, Platt calibration.

scikit-learn (the `train` extra) is imported lazily, only here. The model learns from sentence
bodies: citation markers are removed by `citations.strip_markers`, exactly as at inference.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ..citations import strip_markers
from ..errors import InputError, MissingExtraError, UsageError
from ..kinds import CUES_VERSION
from ..scoring.features import dense_buckets, hashed_ngrams, weighted_blocks
from ..scoring.vectors import NAME as VECTORS_NAME, shipped_vectors
from ..scoring.model import ClaimModel
from .data import DEV_FRACTION, split_rows
from .metrics import best_threshold, best_threshold_across, metrics_from_scores, reliability

DEFAULT_CONFIG: dict[str, Any] = {
    "bits": 20,
    "word_ngrams": [1, 3],
    "char_ngrams": [2, 5],
    "cues": CUES_VERSION,  # 0: words and characters only
    "shape_ngrams": [1, 4],  # [] : no shape block
    "vectors": 2.0,  # scale of the mean word vector block; 0: no vectors
}
DEFAULT_OPTS: dict[str, Any] = {
    "C": 1.0,
    "min_df": 2,
    "n_boot": 200,
    "max_iter": 3000,
    "dev_fraction": DEV_FRACTION,
}
CLASS_NAMES = {-1: "non-factual", 0: "unimportant-factual", 1: "check-worthy-factual"}


def fit_platt(raw_p: np.ndarray, labels: np.ndarray, iters: int = 100) -> tuple[float, float]:
    """Platt scaling on the logit of the raw probability (Newton's method, numpy only)."""
    p = np.clip(np.asarray(raw_p, dtype=np.float64), 1e-12, 1 - 1e-12)
    x = np.log(p / (1 - p))
    y = np.asarray(labels, dtype=np.float64)
    # Platt's smoothed targets avoid overconfident fits
    n_pos, n_neg = y.sum(), y.size - y.sum()
    t = np.where(y > 0, (n_pos + 1) / (n_pos + 2), 1 / (n_neg + 2))
    a, b = 1.0, 0.0
    for _ in range(iters):
        q = 1 / (1 + np.exp(-(a * x + b)))
        g = np.array([np.sum((q - t) * x), np.sum(q - t)])
        w = q * (1 - q) + 1e-12
        h = np.array([[np.sum(w * x * x), np.sum(w * x)], [np.sum(w * x), np.sum(w)]]) + 1e-9 * np.eye(2)
        step = np.linalg.solve(h, g)
        a, b = a - step[0], b - step[1]
        if np.max(np.abs(step)) < 1e-10:
            break
    return float(a), float(b)


def need_sklearn():
    try:
        import scipy.sparse  # noqa: F401
        from sklearn.linear_model import LogisticRegression  # noqa: F401
    except ImportError as exc:
        raise MissingExtraError("training", "train", "scikit-learn") from exc


def _design(texts: Sequence[str], cfg: dict, idf_dense: np.ndarray, col_of: np.ndarray, n_cols: int):
    import scipy.sparse as sp

    rows, cols, vals = [], [], []
    for b, d, v in weighted_blocks(texts, cfg, idf_dense):
        keep = v != 0
        rows.append(d[keep])
        cols.append(col_of[b[keep]])
        vals.append(v[keep])
    m = sp.csr_matrix(
        (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
        shape=(len(texts), n_cols),
    )
    m.sum_duplicates()
    return m


def train(
    rows: Sequence[tuple], dev_rows: Sequence[tuple] | None = None, seed: int = 13,
    dev_groups: Sequence[str] | None = None, **opts,
) -> ClaimModel:
    """Fit a ClaimModel on (text, label) rows, or (text, label, fine_class) rows.

    With a third element on every row (e.g. ClaimBuster's verdict -1/0/1) the linear model is
    multinomial over those classes and the score is the probability of the class that the
    positive label maps to; otherwise it is binary. `dev_rows` (default: a stratified
    `dev_fraction` split of `rows` made with `seed`) are used for Platt calibration and for the
    default threshold (the one maximising positive-class F1, averaged over `n_boot` bootstrap
    resamples of the dev rows; with `dev_groups`, the kind of text of each dev row, the one
    maximising the mean of the groups' macro F1 instead). Options: C, min_df, max_iter, n_boot, dev_fraction, bits,
    word_ngrams, char_ngrams, calibrate (True).
    """
    need_sklearn()
    from sklearn.linear_model import LogisticRegression

    unknown = set(opts) - set(DEFAULT_OPTS) - set(DEFAULT_CONFIG) - {"calibrate", "meta"}
    if unknown:
        raise UsageError(f"unknown training option(s): {', '.join(sorted(unknown))}")
    o = {**DEFAULT_OPTS, **{k: v for k, v in opts.items() if k in DEFAULT_OPTS}}
    cfg = {**DEFAULT_CONFIG, **{k: v for k, v in opts.items() if k in DEFAULT_CONFIG}}
    cfg["word_ngrams"] = [int(x) for x in cfg["word_ngrams"]]
    cfg["char_ngrams"] = [int(x) for x in cfg["char_ngrams"]]
    cfg["shape_ngrams"] = [int(x) for x in cfg["shape_ngrams"] or ()]
    scale = float(cfg.pop("vectors") or 0)
    if scale:
        cfg["vectors"] = {"name": VECTORS_NAME, "sha256": shipped_vectors().sha256, "scale": scale}
    rows = list(rows)
    if dev_rows is None:
        rows, dev_rows = split_rows(rows, o["dev_fraction"], seed)
    dev_rows = list(dev_rows)
    if not rows:
        raise InputError("no training rows")
    labels = np.array([int(r[1]) for r in rows])
    if len(set(labels.tolist())) < 2:
        raise InputError("training rows need both labels (0 and 1)")
    fine = all(len(r) > 2 for r in rows)
    target = np.array([int(r[2]) for r in rows]) if fine else labels
    if fine:
        pos_classes = sorted({int(r[2]) for r in rows if int(r[1]) == 1})
        if len(pos_classes) != 1:
            raise InputError("every positive row must share one fine class")
    texts = [strip_markers(r[0]) for r in rows]

    # document frequencies over the hashed buckets -> idf; rare buckets are dropped (min_df)
    size = 1 << int(cfg["bits"])
    df = np.zeros(size, dtype=np.int64)
    for b, d in hashed_ngrams(texts, cfg):
        key = np.unique(d * size + b)
        df += np.bincount(key % size, minlength=size)
    n = len(texts)
    if cfg.get("vectors"):  # every text has its vector: idf 1
        df[dense_buckets(int(cfg["bits"]), shipped_vectors().dim)] = len(texts)
    kept = np.flatnonzero(df >= int(o["min_df"]))
    idf_kept = (np.log((1.0 + n) / (1.0 + df[kept])) + 1.0).astype(np.float16).astype(np.float32)
    idf_dense = np.zeros(size, dtype=np.float32)
    idf_dense[kept] = idf_kept
    col_of = np.zeros(size, dtype=np.int64)
    col_of[kept] = np.arange(kept.size)

    X = _design(texts, cfg, idf_dense, col_of, kept.size)
    clf = LogisticRegression(C=float(o["C"]), max_iter=int(o["max_iter"]), tol=1e-6)
    # One thread: OpenMP/BLAS reductions split over threads sum in another order, and the weights
    # must not depend on the machine's core count (`claimtrace train` rebuilds byte-identically).
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):
        clf.fit(X, target)
    classes = [int(c) for c in clf.classes_]
    coef = clf.coef_.T  # (features, k) ; binary -> (features, 1)
    intercept = clf.intercept_
    if fine:
        cfg["positive_index"] = classes.index(pos_classes[0])
    # weights are stored as float16: round now so the saved model scores exactly like this one
    coef16 = coef.astype(np.float16).astype(np.float32)
    model = ClaimModel(
        cfg,
        kept,
        idf_kept,
        coef16,
        intercept,
        meta={
            "classes": [CLASS_NAMES.get(c, str(c)) for c in classes] if fine else ["not-claim", "claim"],
            "seed": seed,
            "n_train": n,
            "n_features": int(kept.size),
            "options": {k: o[k] for k in ("C", "min_df", "max_iter", "n_boot")},
            **dict(opts.get("meta") or {}),
        },
    )
    if not dev_rows:
        return model
    dev_texts = [strip_markers(r[0]) for r in dev_rows]
    y_dev = np.array([int(r[1]) for r in dev_rows])
    both_labels = len(set(y_dev.tolist())) == 2
    raw = model.raw_proba(dev_texts)
    calibration = fit_platt(raw, y_dev) if opts.get("calibrate", True) and both_labels else model.calibration
    cal = model.calibrated(calibration, model.threshold).predict_proba(dev_texts)
    if not both_labels:
        threshold = 0.5
    elif dev_groups is not None:
        if len(dev_groups) != len(dev_rows):
            raise UsageError("dev_groups must name the group of every dev row")
        threshold = best_threshold_across(cal, y_dev, dev_groups, n_boot=int(o["n_boot"]), seed=seed)
    else:
        threshold = best_threshold(cal, y_dev, n_boot=int(o["n_boot"]), seed=seed)
    return model.calibrated(calibration, threshold, meta={
        "n_dev": len(dev_rows),
        "dev": metrics_from_scores(cal, y_dev, threshold),
        "dev_calibration": {
            "raw": {k: v for k, v in reliability(raw, y_dev).items() if k != "table"},
            "calibrated": reliability(cal, y_dev),
        },
    })
