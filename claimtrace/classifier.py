"""The trained claim classifier: hashed word and character n-grams with a linear model.

Inference needs numpy and the standard library only. A sentence is normalised (bracketed numeric
citation markers such as ``[12]`` or ``[3-5]`` removed, lower-cased, whitespace collapsed), then
turned into two blocks of hashed features:

* word 1..3-grams over ``\\w+`` / punctuation tokens (each token hashed with ``zlib.crc32``);
* character 1..5-grams over the normalised text padded with one space on each side.

N-gram hashes are combined and mixed with a fixed 64-bit mixer (splitmix64's finaliser) and
folded into ``2**bits`` buckets, so the features are the same in every process and on every
platform (Python's salted ``hash`` is never used). A feature's value is its term frequency times
its bucket's IDF; each block is divided by its Euclidean norm. A linear model (multinomial over the
three ClaimBuster verdicts for the shipped model, or binary) gives the probability of the positive
class, which a Platt scaling fitted on the dev split turns into the calibrated ``score``.

The work is vectorised over the whole batch, so scoring runs at millions of characters per second
on one core (see docs/claim-model.md).
"""

from __future__ import annotations

import functools
import io
import json
import os
import re
import unicodedata
import zlib
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

FORMAT = "claimtrace-claim-model/1"
DEFAULT_MODEL_NAME = "claim_model.npz"

# Bracketed numeric citation markers: [12], [3-5], [1, 4], [2–6; 9], [7 and 8].
MARKER_RE = re.compile(r"\s*\[\s*\d+[a-z]?(?:\s*(?:[-\u2010-\u2015,;]|and)\s*\d+[a-z]?)*\s*\]")
_TOKEN_RE = re.compile(r"\w+|[^\w\s]")
_SPACE_RE = re.compile(r"\s+")

_MUL = np.uint64(0x100000001B3)  # FNV-1a 64-bit prime, used to chain n-gram members
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_GOLD = 0x9E3779B97F4A7C15
_WORD_SALT = 0x1000
_CHAR_SALT = 0x2000
_CHUNK = 4096  # texts scored per vectorised step (bounds memory on huge batches)

_token_cache: dict[str, int] = {}


def normalize(text: str) -> str:
    """The text the features are computed on: markers removed, NFKC, lower case, one space."""
    text = MARKER_RE.sub("", text)
    text = unicodedata.normalize("NFKC", text).lower()
    return _SPACE_RE.sub(" ", text).strip()


def _token_hash(tok: str) -> int:
    h = _token_cache.get(tok)
    if h is None:
        if len(_token_cache) > 500_000:
            _token_cache.clear()
        h = zlib.crc32(tok.encode("utf-8"))
        _token_cache[tok] = h
    return h


def _mix(h: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser, vectorised over uint64 (wrap-around arithmetic is intended)."""
    h = h ^ (h >> np.uint64(30))
    h = h * _MIX1
    h = h ^ (h >> np.uint64(27))
    h = h * _MIX2
    return h ^ (h >> np.uint64(31))


def _ngram_buckets(
    units: np.ndarray, doc: np.ndarray, n_range: tuple[int, int], salt: int, bits: int
) -> tuple[np.ndarray, np.ndarray]:
    """Bucket ids and document ids of every n-gram (n in n_range) of `units` within one doc."""
    lo, hi = n_range
    shift = np.uint64(64 - bits)
    buckets: list[np.ndarray] = []
    docs: list[np.ndarray] = []
    total = units.shape[0]
    for n in range(lo, hi + 1):
        m = total - n + 1
        if m <= 0:
            break
        h = units[:m]
        for k in range(1, n):
            h = h * _MUL + units[k : k + m]
        h = h ^ np.uint64(((salt + n) * _GOLD) & 0xFFFFFFFFFFFFFFFF)
        if n > 1:
            same = doc[:m] == doc[n - 1 : n - 1 + m]
            h = h[same]
            d = doc[:m][same]
        else:
            d = doc
        buckets.append((_mix(h) >> shift).astype(np.int64))
        docs.append(d)
    if not buckets:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    return np.concatenate(buckets), np.concatenate(docs)


def extract(texts: Sequence[str], cfg: dict[str, Any]) -> list[tuple[np.ndarray, np.ndarray]]:
    """Hashed features of a batch: one (bucket ids, doc ids) pair per feature block.

    Occurrences are listed one by one (a feature seen twice in a text appears twice).
    """
    bits = int(cfg["bits"])
    norm = [normalize(t) for t in texts]
    # word block
    tok_lists = [_TOKEN_RE.findall(t) for t in norm]
    lens = np.fromiter((len(t) for t in tok_lists), dtype=np.int64, count=len(tok_lists))
    flat = [_token_hash(tok) for toks in tok_lists for tok in toks]
    units = np.asarray(flat, dtype=np.uint64)
    doc = np.repeat(np.arange(len(texts), dtype=np.int64), lens)
    wb, wd = _ngram_buckets(units, doc, tuple(cfg["word_ngrams"]), _WORD_SALT, bits)
    # character block
    padded = [f" {t} " for t in norm]
    clens = np.fromiter((len(t) for t in padded), dtype=np.int64, count=len(padded))
    cps = np.frombuffer("".join(padded).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    cdoc = np.repeat(np.arange(len(texts), dtype=np.int64), clens)
    cb, cd = _ngram_buckets(cps, cdoc, tuple(cfg["char_ngrams"]), _CHAR_SALT, bits)
    return [(wb, wd), (cb, cd)]


def weighted_blocks(
    texts: Sequence[str], cfg: dict[str, Any], idf: np.ndarray
) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """TF-IDF of each block: (bucket ids, doc ids, values), each text's block L2-normalised.

    Buckets whose idf is 0 (not in the model) are left out before counting.
    """
    out = []
    n = len(texts)
    size = np.int64(1) << np.int64(int(cfg["bits"]))
    for b, d in extract(texts, cfg):
        known = idf[b] > 0
        keys, tf = np.unique(d[known] * size + b[known], return_counts=True)
        d_u = keys >> np.int64(int(cfg["bits"]))
        b_u = keys & (size - 1)
        v = tf * idf[b_u].astype(np.float64)
        sq = np.bincount(d_u, weights=v * v, minlength=n)
        inv = np.zeros(n)
        nz = sq > 0
        inv[nz] = 1.0 / np.sqrt(sq[nz])
        out.append((b_u, d_u, v * inv[d_u]))
    return out


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * z))  # overflow-free logistic


class ClaimModel:
    """A trained claim classifier. `predict_proba` gives calibrated P(check-worthy claim)."""

    threshold: float
    meta: dict

    def __init__(
        self,
        config: dict[str, Any],
        buckets: np.ndarray,
        idf: np.ndarray,
        coef: np.ndarray,
        intercept: np.ndarray,
        calibration: tuple[float, float] = (1.0, 0.0),
        threshold: float = 0.5,
        meta: dict | None = None,
    ):
        self.config = dict(config)
        self.buckets = np.asarray(buckets, dtype=np.int64)
        self.idf_values = np.asarray(idf, dtype=np.float32)
        self.coef_values = np.asarray(coef, dtype=np.float32)
        if self.coef_values.ndim == 1:
            self.coef_values = self.coef_values[:, None]
        self.intercept = np.asarray(intercept, dtype=np.float64).reshape(-1)
        self.calibration = (float(calibration[0]), float(calibration[1]))
        self.threshold = float(threshold)
        self.meta = dict(meta or {})
        size = 1 << int(self.config["bits"])
        k = self.coef_values.shape[1]
        self._idf = np.zeros(size, dtype=np.float32)
        self._idf[self.buckets] = self.idf_values
        self._coef = np.zeros((size, k), dtype=np.float32)
        self._coef[self.buckets] = self.coef_values

    # ----------------------------------------------------------------- scoring
    @property
    def n_outputs(self) -> int:
        return self._coef.shape[1]

    def decision_function(self, texts: Sequence[str]) -> np.ndarray:
        """Raw linear scores, shape (n, k): k = 1 for a binary model, else one per class."""
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
            n = len(chunk)
            z = np.tile(self.intercept, (n, 1))
            for b, d, v in weighted_blocks(chunk, self.config, self._idf):
                w = self._coef[b]
                for j in range(k):
                    z[:, j] += np.bincount(d, weights=v * w[:, j], minlength=n)
            out[start : start + n] = z
        return out

    def raw_proba(self, texts: Sequence[str]) -> np.ndarray:
        """Uncalibrated probability of the positive class."""
        z = self.decision_function(texts)
        if self.n_outputs == 1:
            return _sigmoid(z[:, 0])
        return _softmax(z)[:, int(self.config.get("positive_index", -1))]

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """Calibrated P(check-worthy factual claim) for each text, float64 in [0, 1]."""
        p = np.clip(self.raw_proba(texts), 1e-12, 1 - 1e-12)
        a, b = self.calibration
        return np.clip(_sigmoid(a * np.log(p / (1.0 - p)) + b), 0.0, 1.0)

    def predict_class_proba(self, texts: Sequence[str]) -> np.ndarray:
        """Uncalibrated per-class probabilities, columns named by `meta['classes']`."""
        z = self.decision_function(texts)
        if self.n_outputs == 1:
            p = _sigmoid(z[:, 0])
            return np.stack([1.0 - p, p], axis=1)
        return _softmax(z)

    def predict(self, texts: Sequence[str], threshold: float | None = None) -> np.ndarray:
        t = self.threshold if threshold is None else float(threshold)
        return self.predict_proba(texts) >= t

    # --------------------------------------------------------------- storage
    def save(self, path: str | os.PathLike) -> None:
        doc = {
            "format": FORMAT,
            "config": self.config,
            "calibration": list(self.calibration),
            "threshold": self.threshold,
            "meta": self.meta,
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
        from .errors import InputError

        try:
            with np.load(io.BytesIO(data), allow_pickle=False) as z:
                header = json.loads(bytes(z["header"]).decode("utf-8"))
                arrays = {k: z[k] for k in ("buckets", "idf", "coef", "intercept")}
        except Exception as exc:  # zip, key or JSON problems all mean the same to a caller
            raise InputError(f"{where}: not a claimtrace claim model (a .npz file made by `claimtrace train`)") from exc
        if header.get("format") != FORMAT:
            raise InputError(f"{where}: unsupported claim model format {header.get('format')!r}")
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

    @classmethod
    def load(cls, path: str | os.PathLike | None = None) -> "ClaimModel":
        """Load a model file; None loads the model shipped in the package (no network)."""
        from .errors import InputError

        if path is None:
            try:
                ref = resources.files(__package__ or "claimtrace").joinpath("models", DEFAULT_MODEL_NAME)
                data = ref.read_bytes()
            except (FileNotFoundError, ModuleNotFoundError, OSError):
                p = Path(__file__).resolve().parent / "models" / DEFAULT_MODEL_NAME
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
def load_default() -> ClaimModel:
    """The shipped model, loaded once per process (it is never modified)."""
    return ClaimModel.load(None)
