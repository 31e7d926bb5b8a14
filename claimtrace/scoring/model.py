"""The trained claim classifier: hashed n-grams (`features`) with a linear model.

Inference needs numpy and the standard library only. A linear model (multinomial over the
three ClaimBuster verdicts for the shipped model, or binary) gives the probability of the
positive class, which a Platt scaling fitted on the dev split turns into the calibrated score.
"""

from __future__ import annotations

import functools
import io
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from importlib import resources
from types import MappingProxyType
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import InputError
from ..kinds import CUES_VERSION
from .features import WeightTable, linear_scores
from .vectors import NAME as VECTORS_NAME, shipped_vectors

FORMAT = "claimtrace-claim-model/1"
# Hashed feature tables have 2**bits rows: below 8 nothing is learnt, above 24 a table no longer
# fits a laptop's memory (a damaged file saying `bits: 60` must not allocate exabytes).
_BITS = range(8, 25)
_MAX_NGRAM = 8
DEFAULT_MODEL_NAME = "claim_model.npz"
_CHUNK = 1024  # texts scored per vectorised step: bounds memory (keys fit 32 bits up to 20 hash bits)


def _checked_config(config: Mapping[str, Any]) -> dict[str, Any]:
    """The feature settings, refused unless they are sane (a model file is untrusted input)."""
    out = dict(config)
    bits = out.get("bits")
    if not isinstance(bits, int) or isinstance(bits, bool) or bits not in _BITS:
        raise ValueError(f"bits must be an integer from {_BITS.start} to {_BITS.stop - 1}, not {bits!r}")
    for key in ("word_ngrams", "char_ngrams", "shape_ngrams"):
        if key == "shape_ngrams" and not out.get(key):
            out[key] = ()
            continue
        pair = out.get(key)
        if (not isinstance(pair, (list, tuple)) or len(pair) != 2
                or not all(isinstance(n, int) and not isinstance(n, bool) for n in pair)
                or not 1 <= pair[0] <= pair[1] <= _MAX_NGRAM):
            raise ValueError(f"{key} must be [low, high] with 1 <= low <= high <= {_MAX_NGRAM}, not {pair!r}")
        out[key] = tuple(pair)
    cues = out.get("cues", 0)
    if not isinstance(cues, int) or isinstance(cues, bool) or cues not in (0, CUES_VERSION):
        raise ValueError(
            f"the model reads form cues version {cues!r}, this claimtrace has version {CUES_VERSION}: "
            "retrain it with `claimtrace train`"
        )
    vectors = out.get("vectors")
    if vectors:
        if not isinstance(vectors, Mapping) or vectors.get("name") != VECTORS_NAME:
            raise ValueError(f"the model reads word vectors {vectors!r}; this claimtrace ships {VECTORS_NAME}")
        if vectors.get("sha256") != shipped_vectors().sha256:
            raise ValueError("the model was trained with other word vectors than the ones shipped: retrain it")
        scale = vectors.get("scale")
        if not isinstance(scale, (int, float)) or isinstance(scale, bool) or not 0 < scale <= 100:
            raise ValueError(f"the word-vector scale must be a number in (0, 100], not {scale!r}")
    index = out.get("positive_index", -1)
    if not isinstance(index, int) or isinstance(index, bool):
        raise ValueError(f"positive_index must be an integer, not {index!r}")
    return out


def _check_shapes(buckets: np.ndarray, idf: np.ndarray, coef: np.ndarray, intercept: np.ndarray, size: int) -> None:
    if buckets.ndim != 1 or idf.shape != buckets.shape or coef.ndim != 2 or coef.shape[0] != buckets.size:
        raise ValueError("the weight arrays do not fit together")
    if intercept.size != coef.shape[1] or coef.shape[1] < 1:
        raise ValueError("the intercept does not fit the weights")
    if buckets.size and (buckets.min() < 0 or buckets.max() >= size):
        raise ValueError("a bucket lies outside the feature table")


def _frozen(value: Any) -> Any:
    """A read-only copy: mappings become `MappingProxyType`, lists tuples, all the way down."""
    if isinstance(value, Mapping):
        return MappingProxyType({k: _frozen(v) for k, v in value.items()})
    if isinstance(value, (list, tuple)):
        return tuple(_frozen(v) for v in value)
    return value


def thawed(value: Any) -> Any:
    """A plain copy of a `_frozen` value, for JSON and for building a new model."""
    if isinstance(value, Mapping):
        return {k: thawed(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return [thawed(v) for v in value]
    return value


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * z))  # overflow-free logistic


class ClaimModel:
    """A trained claim classifier. `predict_proba` gives calibrated P(check-worthy claim).

    Immutable: one loaded model serves every extraction in a process, so neither its arrays nor
    its settings can be changed (`calibrated()` makes a new model).
    """

    threshold: float
    meta: Mapping[str, Any]
    config: Mapping[str, Any]

    def __init__(
        self,
        config: Mapping[str, Any],
        buckets: np.ndarray,
        idf: np.ndarray,
        coef: np.ndarray,
        intercept: np.ndarray,
        calibration: tuple[float, float] = (1.0, 0.0),
        threshold: float = 0.5,
        meta: dict | None = None,
    ):
        self.config = _frozen(_checked_config(config))
        self.buckets = np.asarray(buckets, dtype=np.int64)
        self.idf_values = np.asarray(idf, dtype=np.float32)
        self.coef_values = np.asarray(coef, dtype=np.float32)
        if self.coef_values.ndim == 1:
            self.coef_values = self.coef_values[:, None]
        self.intercept = np.asarray(intercept, dtype=np.float64).reshape(-1)
        self.calibration = (float(calibration[0]), float(calibration[1]))
        self.threshold = float(threshold)
        self.meta = _frozen(dict(meta or {}))
        size = 1 << int(self.config["bits"])
        _check_shapes(self.buckets, self.idf_values, self.coef_values, self.intercept, size)
        for array in (self.buckets, self.idf_values, self.coef_values, self.intercept):
            array.flags.writeable = False
        # Row b holds bucket b's idf, then its coefficients: scoring fetches both at once.
        self._table = WeightTable(size, self.buckets, [self.idf_values, *self.coef_values.T])
        self._sealed = True

    def __setattr__(self, name: str, value: Any) -> None:
        if getattr(self, "_sealed", False):
            raise AttributeError(f"a ClaimModel cannot be changed ({name}); calibrated() makes a new one")
        super().__setattr__(name, value)

    def calibrated(self, calibration: tuple[float, float], threshold: float, meta: dict | None = None) -> "ClaimModel":
        """The same weights with a new calibration and threshold (training's last step)."""
        return ClaimModel(
            self.config, self.buckets, self.idf_values, self.coef_values, self.intercept,
            calibration=calibration, threshold=threshold, meta={**thawed(self.meta), **(meta or {})},
        )

    # ----------------------------------------------------------------- scoring
    @property
    def n_outputs(self) -> int:
        return int(self.coef_values.shape[1])

    def decision_function(self, texts: Sequence[str], cues: Sequence[Iterable[str]] | None = None) -> np.ndarray:
        """Raw linear scores, shape (n, k): k = 1 for a binary model, else one per class.

        `cues`: each text's form cues (`kinds.classify_kind(text).cues`) when the caller has
        them; computed here otherwise (only models trained with cues read them).
        """
        if isinstance(texts, str):
            raise TypeError("predict on a sequence of strings, not on a single string")
        texts = list(texts)
        for t in texts:
            if not isinstance(t, str):
                raise TypeError(f"expected str, got {type(t).__name__}")
        k = self.n_outputs
        out = np.empty((len(texts), k), dtype=np.float64)
        for start in range(0, len(texts), _CHUNK):
            chunk = texts[start : start + _CHUNK]
            chunk_cues = None if cues is None else cues[start : start + _CHUNK]
            n = len(chunk)
            out[start : start + n] = linear_scores(chunk, self.config, self._table, chunk_cues) + self.intercept
        return out

    def raw_proba(self, texts: Sequence[str], cues: Sequence[Iterable[str]] | None = None) -> np.ndarray:
        """Uncalibrated probability of the positive class."""
        z = self.decision_function(texts, cues)
        if self.n_outputs == 1:
            return _sigmoid(z[:, 0])
        return _softmax(z)[:, int(self.config.get("positive_index", -1))]

    def predict_proba(self, texts: Sequence[str], cues: Sequence[Iterable[str]] | None = None) -> np.ndarray:
        """Calibrated P(check-worthy factual claim) for each text, float64 in [0, 1]."""
        p = np.clip(self.raw_proba(texts, cues), 1e-12, 1 - 1e-12)
        a, b = self.calibration
        return np.clip(_sigmoid(a * np.log(p / (1.0 - p)) + b), 0.0, 1.0)

    # --------------------------------------------------------------- storage
    def save(self, path: str | os.PathLike) -> None:
        doc = {
            "format": FORMAT,
            "config": thawed(self.config),
            "calibration": list(self.calibration),
            "threshold": self.threshold,
            "meta": thawed(self.meta),
        }
        header = json.dumps(doc, sort_keys=True, indent=1, ensure_ascii=False)
        buf = io.BytesIO()
        np.savez_compressed(
            buf,
            header=np.frombuffer(header.encode("utf-8"), dtype=np.uint8),
            buckets=self.buckets.astype(np.uint32),
            idf=self.idf_values.astype(np.float16),
            coef=self.coef_values.astype(np.float16),
            intercept=self.intercept.astype(np.float64),
        )
        Path(path).write_bytes(buf.getvalue())

    @classmethod
    def _from_bytes(cls, data: bytes, where: str) -> "ClaimModel":

        try:
            with np.load(io.BytesIO(data), allow_pickle=False) as z:
                header = json.loads(bytes(z["header"]).decode("utf-8"))
                arrays = {k: z[k] for k in ("buckets", "idf", "coef", "intercept")}
        except Exception as exc:  # zip, key or JSON problems all mean the same to a caller
            raise InputError(f"{where}: not a claimtrace claim model (a .npz file made by `claimtrace train`)") from exc
        if not isinstance(header, dict) or header.get("format") != FORMAT:
            found = header.get("format") if isinstance(header, dict) else None
            raise InputError(f"{where}: unsupported claim model format {found!r}")
        try:
            return cls(
                header["config"],
                arrays["buckets"],
                arrays["idf"].astype(np.float32),
                arrays["coef"].astype(np.float32),
                arrays["intercept"],
                calibration=tuple(header["calibration"]),
                threshold=header["threshold"],
                meta=header.get("meta", {}),
            )
        except Exception as exc:  # wrong types or shapes inside a well-formed file
            raise InputError(f"{where}: damaged claim model ({type(exc).__name__})") from exc

    @classmethod
    def load(cls, path: str | os.PathLike | None = None) -> "ClaimModel":
        """Load a model file; None loads the model shipped in the package (no network)."""

        if path is None:
            try:
                ref = resources.files("claimtrace").joinpath("models").joinpath(DEFAULT_MODEL_NAME)
                data = ref.read_bytes()
            except (FileNotFoundError, ModuleNotFoundError, OSError):
                p = Path(__file__).resolve().parents[1] / "models" / DEFAULT_MODEL_NAME
                try:
                    data = p.read_bytes()
                except OSError as exc:
                    raise InputError(f"the shipped claim model is missing: {p}") from exc
            return cls._from_bytes(data, f"<package>/models/{DEFAULT_MODEL_NAME}")
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            raise InputError(f"cannot read claim model {os.fspath(path)}: {exc.strerror or exc}") from exc
        return cls._from_bytes(data, os.fspath(path))


@functools.lru_cache(maxsize=1)
def shipped_model() -> ClaimModel:
    """The model shipped in the package, loaded once per process; its arrays are read-only."""
    return ClaimModel.load(None)


@functools.lru_cache(maxsize=8)
def _model_file(path: str, mtime_ns: int, size: int) -> ClaimModel:
    return ClaimModel.load(path)


def model_file(path: str | os.PathLike) -> ClaimModel:
    """A model file, loaded once per process while the file is unchanged."""

    try:
        stat = os.stat(path)
    except OSError as exc:
        raise InputError(f"cannot read claim model {os.fspath(path)}: {exc.strerror or exc}") from exc
    return _model_file(os.path.abspath(path), stat.st_mtime_ns, stat.st_size)
