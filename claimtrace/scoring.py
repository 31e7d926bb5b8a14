"""Claim scorers behind the `claimtrace_claims` component: a trained model, or the rules.

A scorer maps a batch of sentences to `(score, why)` pairs and carries its default threshold.
`--model` names one: `claimbuster` (the trained model shipped in the package, the default),
`rules` (the transparent rule-based scorer), or the path of a model file made by
`claimtrace train`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol, Sequence

from .claims import Kind, rule_score
from .errors import UsageError

DEFAULT_MODEL = "claimbuster"
MODELS = ("claimbuster", "rules")


class Scorer(Protocol):
    threshold: float

    def score(
        self, texts: Sequence[str], kinds: Sequence[Kind], cited: Sequence[bool]
    ) -> list[tuple[float, str]]: ...


class RuleScorer:
    """The transparent rule-based score of `claimtrace.claims.rule_score`."""

    name = "rules"
    threshold = 0.5

    def score(self, texts, kinds, cited):
        return [rule_score(t, k, c) for t, k, c in zip(texts, kinds, cited)]


class ModelScorer:
    """A trained `ClaimModel`: the score is its calibrated probability, scored in one batch.

    Headings never reach a scorer and questions get score 0 here: neither is ever a claim
    (`kind` and `score` stay consistent).
    """

    def __init__(self, model):
        self.model = model
        self.threshold = float(model.threshold)

    def score(self, texts, kinds, cited):
        if not texts:
            return []
        probabilities = self.model.predict_proba(list(texts))
        out = []
        for p, kind in zip(probabilities, kinds):
            if kind.name == "question":
                out.append((0.0, f"{kind.name}: {kind.reason}; questions are not claims"))
            else:
                out.append((round(float(p), 4), f"{kind.name}: {kind.reason}; model p={p:.2f}"))
        return out


def load_scorer(model: str) -> Scorer:
    """The scorer called `model` (a name from `MODELS` or a model file's path)."""
    if model == "rules":
        return RuleScorer()
    from .classifier import ClaimModel, load_default

    if model == DEFAULT_MODEL:
        return ModelScorer(load_default())
    if model.endswith(".npz") or Path(model).is_file():
        return ModelScorer(ClaimModel.load(model))
    raise UsageError(f"unknown claim model '{model}' (choose from: {', '.join(MODELS)}, or a model file)")
