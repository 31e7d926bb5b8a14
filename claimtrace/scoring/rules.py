"""The transparent rule-based claim score (`--model rules`): a prior per kind, then adjustments."""

from __future__ import annotations

import re
from typing import Sequence

from ..kinds import Kind, KindMatch

# Prior claim-worthiness of each kind, before the sentence-level adjustments below.
_KIND_PRIOR = {
    Kind.HEADING: 0.0,
    Kind.FURNITURE: 0.0,
    Kind.QUESTION: 0.0,
    Kind.STATISTIC: 0.8,
    Kind.CAUSAL: 0.7,
    Kind.COMPARISON: 0.7,
    Kind.QUOTE: 0.6,
    Kind.ATTRIBUTION: 0.7,
    Kind.PREDICTION: 0.45,
    Kind.EVENT: 0.65,
    Kind.DEFINITION: 0.55,
    Kind.OPINION: 0.3,
    Kind.STATEMENT: 0.5,
}
_WORDS = re.compile(r"\w+")


def rule_score(body: str, kind: KindMatch, cited: bool) -> tuple[float, str]:
    """A transparent claim score in [0, 1] of a sentence body, with the reasons behind it."""
    score = _KIND_PRIOR[kind.kind]
    reasons = [kind.describe()]
    if not kind.kind.can_be_claim:
        return 0.0, f"{reasons[0]}; never a claim"
    if cited:
        score += 0.2
        reasons.append("cites a source")
    words = _WORDS.findall(body)
    if len(words) < 6:
        score -= 0.25
        reasons.append("very short")
    # Proper names after the first word are a sign of a checkable, specific statement.
    if sum(1 for w in words[1:] if w[0].isupper()) >= 2:
        score += 0.1
        reasons.append("names specific entities")
    return round(min(1.0, max(0.0, score)), 4), "; ".join(reasons)


class RuleScorer:
    """The rule-based scorer; its threshold is 0.5."""

    name = "rules"
    threshold = 0.5

    def score(
        self, bodies: Sequence[str], kinds: Sequence[KindMatch], cited: Sequence[bool]
    ) -> list[tuple[float, str]]:
        return [rule_score(b, k, c) for b, k, c in zip(bodies, kinds, cited)]
