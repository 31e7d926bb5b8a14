"""Metrics of a claim scorer: precision, recall, F1, macro F1, thresholds, calibration.

numpy only, so `claimtrace evaluate` works without the `train` extra.
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from ..citations import find_markers
from ..facts import ClaimJudge, Paragraph
from ..scoring import Scorer
from ..text import Span


def evaluate_scorer(scorer: Scorer, rows: Sequence[tuple], threshold: float | None = None) -> dict:
    """Positive-class precision/recall/F1 and macro F1 of `scorer` on `(text, label)` rows.

    Each text is judged as one sentence by the ledger's own `ClaimJudge`: its markers found and
    stripped, its kind first, questions never claims.
    """
    judge = ClaimJudge(scorer, scorer.threshold if threshold is None else float(threshold))
    paragraphs = [Paragraph(row[0], [Span(0, len(row[0]))], [tuple(find_markers(row[0]))]) for row in rows]
    scores = np.array([facts[0].score for facts in judge.judge(paragraphs)])
    labels = np.array([int(row[1]) for row in rows], dtype=np.int64)
    return metrics_from_scores(scores, labels, judge.threshold)


def _prf(y: np.ndarray, pred: np.ndarray) -> tuple[float, float, float]:
    tp = float(np.sum(pred & y))
    fp = float(np.sum(pred & ~y))
    fn = float(np.sum(~pred & y))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def evaluate_by_domain(
    scorer: Scorer, rows: Sequence[tuple], domains: Sequence[str | None], threshold: float | None = None
) -> dict[str, dict]:
    """`evaluate_scorer` for the rows of each domain (rows without one are left out)."""
    groups: dict[str, list[tuple]] = {}
    for row, domain in zip(rows, domains):
        if domain is not None:
            groups.setdefault(domain, []).append(row)
    return {name: evaluate_scorer(scorer, group, threshold) for name, group in sorted(groups.items())}


def metrics_from_scores(scores: np.ndarray, labels: np.ndarray, threshold: float) -> dict:
    y = np.asarray(labels).astype(bool)
    pred = np.asarray(scores) >= threshold
    p, r, f = _prf(y, pred)
    _, _, f_neg = _prf(~y, ~pred)
    return {
        "n": int(y.size),
        "positives": int(y.sum()),
        "precision": p,
        "recall": r,
        "f1": f,
        "macro_f1": (f + f_neg) / 2 if y.size else 0.0,
        "threshold": float(threshold),
    }


def best_threshold(scores: np.ndarray, labels: np.ndarray, n_boot: int = 0, seed: int = 0) -> float:
    """The threshold (4 decimals) maximising positive-class F1 of `scores` against `labels`.

    With n_boot=0 the candidates are the midpoints between adjacent distinct scores and the
    plain F1 is maximised. With n_boot>0 the candidates are a 0.0025-step grid and the F1 that is
    maximised is its mean over `n_boot` bootstrap resamples of the rows (seeded): the F1 curve
    of a few thousand rows is flat and ragged near its top, and its plain argmax jumps between
    distant thresholds from one model to the next; the bootstrap mean picks the middle of the
    plateau instead.
    """
    y = np.asarray(labels).astype(bool)
    s = np.asarray(scores, dtype=np.float64)
    if n_boot <= 0:
        u = np.unique(np.round(s, 6))
        cands = np.unique(np.round(np.concatenate([(u[:-1] + u[1:]) / 2, [0.5]]), 4))
        best, best_f = 0.5, -1.0
        for t in cands:
            f = _prf(y, s >= t)[2]
            if f > best_f + 1e-12:
                best, best_f = float(t), f
        return best
    return float(_GRID[int(np.argmax(_bootstrap_f1(s, y, n_boot, seed)[0]))])


_GRID = np.round(np.arange(0.01, 0.99, 0.0025), 4)


def _bootstrap_f1(s: np.ndarray, y: np.ndarray, n_boot: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Mean F1 of the positive and of the negative class at each `_GRID` threshold, over
    `n_boot` seeded bootstrap resamples of the rows (n_boot 0: on the rows themselves)."""
    pred = (s[:, None] >= _GRID[None, :]).astype(np.float64)  # (n, T)
    if n_boot <= 0:  # the rows as they are
        w = np.ones((1, s.size))
    else:
        w = np.random.default_rng(seed).multinomial(s.size, np.full(s.size, 1.0 / s.size), size=n_boot).astype(np.float64)
    yf = y.astype(np.float64)
    tp = w @ (pred * yf[:, None])
    fp = w @ (pred * (1 - yf)[:, None])
    pos = (w @ yf)[:, None]
    tn = w @ ((1 - pred) * (1 - yf)[:, None])
    fn = pos - tp
    neg = w.sum(axis=1, keepdims=True) - pos

    def f1(hit: np.ndarray, wrong: np.ndarray, total: np.ndarray) -> np.ndarray:
        denom = hit + wrong + total
        return np.where(denom > 0, 2 * hit / np.where(denom > 0, denom, 1), 0.0)

    return f1(tp, fp, pos).mean(axis=0), f1(tn, fn, neg).mean(axis=0)


def best_threshold_across(
    scores: np.ndarray, labels: np.ndarray, groups: Sequence[str], n_boot: int = 200, seed: int = 0
) -> float:
    """The threshold maximising the mean over `groups` (kinds of text) of each group's macro F1
    (bootstrap means, as in `best_threshold`).

    One pooled F1 lets the largest or most positive set decide; averaging per kind of text asks
    for a threshold that holds when the base rate changes, as it does from debates to tweets.
    """
    s = np.asarray(scores, dtype=np.float64)
    y = np.asarray(labels).astype(bool)
    g = np.asarray(groups)
    curves = []
    for name in sorted(set(g.tolist())):
        m = g == name
        pos, neg = _bootstrap_f1(s[m], y[m], n_boot, seed)
        curves.append((pos + neg) / 2)
    return float(_GRID[int(np.argmax(np.mean(curves, axis=0)))])


def reliability(scores: np.ndarray, labels: np.ndarray, bins: int = 10) -> dict:
    """Brier score and a reliability table (mean score vs positive rate per score decile)."""
    s = np.asarray(scores, dtype=np.float64)
    y = np.asarray(labels, dtype=np.float64)
    table: list[dict[str, Any]] = []
    edges = np.linspace(0, 1, bins + 1)
    for i in range(bins):
        m = (s >= edges[i]) & ((s < edges[i + 1]) if i < bins - 1 else (s <= 1))
        if m.any():
            table.append(
                {
                    "bin": f"{edges[i]:.1f}-{edges[i + 1]:.1f}",
                    "n": int(m.sum()),
                    "mean_score": round(float(s[m].mean()), 4),
                    "positive_rate": round(float(y[m].mean()), 4),
                }
            )
    ece = sum(r["n"] * abs(r["mean_score"] - r["positive_rate"]) for r in table) / max(len(s), 1)
    return {"brier": float(np.mean((s - y) ** 2)) if s.size else 0.0, "ece": float(ece), "table": table}
