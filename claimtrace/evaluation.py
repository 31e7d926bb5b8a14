"""Evaluate any claim scorer (`rules`, the shipped model, a model file) on labelled sentences.

The scores are the ones the ledger would give: the sentence's kind is computed first, and
questions are never claims.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from .claims import classify_kind
from .scoring import Scorer
from .training import metrics_from_scores


def evaluate_scorer(scorer: Scorer, rows: Sequence[tuple[str, int]], threshold: float | None = None) -> dict:
    """Positive-class precision/recall/F1 and macro F1 of `scorer` on `(text, label)` rows."""
    texts = [text for text, _ in rows]
    kinds = [classify_kind(text) for text in texts]
    scores = np.array([score for score, _ in scorer.score(texts, kinds, [False] * len(texts))])
    labels = np.array([int(label) for _, label in rows])
    return metrics_from_scores(scores, labels, scorer.threshold if threshold is None else threshold)
