"""Claim scorers behind the `claimtrace_claims` component: the rules, or a trained model.

A scorer maps a batch of sentences to `(score, why)` pairs and carries its default threshold.
"""

from __future__ import annotations

from typing import Protocol, Sequence

from .claims import Kind, rule_score
from .errors import UsageError


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


MODELS = ("rules",)


def load_scorer(model: str) -> Scorer:
    """The scorer called `model`."""
    if model == "rules":
        return RuleScorer()
    raise UsageError(f"unknown claim model '{model}' (choose from: {', '.join(MODELS)})")
