"""Claim scorers: map sentence bodies (markers removed) to `(score, why)` pairs.

`--model` names one: `default` (the trained model shipped in the package; `claimbuster` is
its former name and still works),
`rules` (the transparent rule-based scorer), or the path of a model file made by
`claimtrace train`. Every scorer carries its default threshold.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol, Sequence

from ..defaults import DEFAULT_MODEL, MODELS
from ..errors import UsageError
from ..kinds import KindMatch

# The shipped model's name before it learned more than debates; still accepted.
_ALIASES = {"claimbuster": DEFAULT_MODEL}


class Scorer(Protocol):
    """What the claim judgement needs of a scorer."""

    @property
    def name(self) -> str: ...

    @property
    def threshold(self) -> float: ...

    def score(
        self, bodies: Sequence[str], kinds: Sequence[KindMatch], cited: Sequence[bool]
    ) -> list[tuple[float, str]]: ...


class ModelScorer:
    """A trained `ClaimModel`: the score is its calibrated probability, scored in one batch.

    Kinds that can never be claims (questions) get score 0, so `kind` and `score` agree.
    """

    __slots__ = ("_model", "_name")

    def __init__(self, model: Any, name: str = DEFAULT_MODEL):
        self._model = model
        self._name = name

    @property
    def name(self) -> str:
        return self._name

    @property
    def threshold(self) -> float:
        return float(self._model.threshold)

    def score(
        self, bodies: Sequence[str], kinds: Sequence[KindMatch], cited: Sequence[bool]
    ) -> list[tuple[float, str]]:
        if not bodies:
            return []
        # Only sentences that can be claims are scored (questions, headings and furniture never are).
        judged = [i for i, kind in enumerate(kinds) if kind.kind.can_be_claim]
        probabilities = iter(self._model.predict_proba([bodies[i] for i in judged], [kinds[i].cues for i in judged]))
        out = []
        for kind in kinds:
            if not kind.kind.can_be_claim:
                out.append((0.0, f"{kind.describe()}; never a claim"))
            else:
                p = next(probabilities)
                out.append((round(float(p), 4), f"{kind.describe()}; model p={p:.2f}"))
        return out


def load_scorer(model: str = DEFAULT_MODEL) -> Scorer:
    """The scorer called `model` (a name from `MODELS` or a model file's path).

    Raises `UsageError` for an unknown name and `InputError` for a file that is no model.
    """
    model = _ALIASES.get(model, model)
    if model == "rules":
        from .rules import RuleScorer

        return RuleScorer()
    from .model import model_file, shipped_model

    if model == DEFAULT_MODEL:
        return ModelScorer(shipped_model())
    if model.endswith(".npz") or Path(model).is_file():
        return ModelScorer(model_file(model), name=model)
    raise UsageError(f"unknown claim model '{model}' (choose from: {', '.join(MODELS)}, or a model file)")
