"""Hashed n-gram features of the claim model: the same numbers in every process and platform.

A sentence body (its citation markers already removed by `citations.strip_markers`) is
normalised (NFKC, lower case, one space) and turned into blocks of hashed features:

* word 1..3-grams over ``\\w+`` / punctuation tokens (each token hashed with ``zlib.crc32``);
* character 1..5-grams over the normalised text padded with one space on each side;
* `shape_ngrams`: 1..4-grams over the words' shapes: closed-class words stay, every other word
  becomes its shape (`_s`, `_ed`, `0`, …), so the form of a sentence is seen apart from its topic;
* `cues`: the sentence's form cues from `kinds.classify_kind` (a quantity, a causal link, a
  reporting verb, first-person wording, …), read on the text as written;
* `vectors`: the sentence's mean GloVe word vector (`scoring.vectors`), L2-normalised and scaled,
  so that words never seen in training still count by what they resemble.

The last three carry what words alone do not across kinds of text; each is used only when the
model was trained with it (its config says so).

N-gram hashes are combined and mixed with a fixed 64-bit mixer (splitmix64's finaliser) and
folded into ``2**bits`` buckets; Python's salted ``hash`` is never used. The work is vectorised
over the whole batch.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
import unicodedata
import zlib
from collections.abc import Mapping, Sequence
from typing import Any, Iterable, Optional

import numpy as np

from ..kinds import classify_kind
from ..language import FUNCTION_WORDS
from .vectors import shipped_vectors

_TOKEN_RE = re.compile(r"\w+|[^\w\s]")
_SPACE_RE = re.compile(r"\s+")

_MUL = np.uint64(0x100000001B3)  # FNV-1a 64-bit prime, used to chain n-gram members
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_GOLD = 0x9E3779B97F4A7C15
_WORD_SALT = 0x1000
_CHAR_SALT = 0x2000
_CUE_SALT = 0x3000
_SHAPE_SALT = 0x4000
_VECTOR_SALT = 0x5000

# In the shape block closed-class words (`language.FUNCTION_WORDS`) stay and every other word
# becomes its shape (`_s`, `_ed`, `_ing`, `_ly`, `_`, `0`), so "Vaccines cause autism." and
# "Tariffs raise prices." read alike: a form that holds across topics and kinds of text.


@functools.lru_cache(maxsize=1 << 18)
def _token_hashes(tok: str) -> tuple[int, int]:
    """A token's hash and its shape's hash, memoised together (one lookup a distinct word)."""
    return _token_hash(tok), _token_hash(_shape(tok))


@functools.lru_cache(maxsize=1 << 16)
def _shape(tok: str) -> str:
    if tok in FUNCTION_WORDS or not tok[:1].isalnum():
        return tok
    if any(c.isdigit() for c in tok):
        return "0"
    for suffix in ("ing", "ed", "ly", "s"):
        if tok.endswith(suffix) and len(tok) > len(suffix) + 2:
            return "_" + suffix
    return "_"


def normalize(text: str) -> str:
    """The text the features are computed on: NFKC, lower case, one space."""
    text = unicodedata.normalize("NFKC", text).lower()
    return _SPACE_RE.sub(" ", text).strip()


@functools.lru_cache(maxsize=1 << 18)
def _token_hash(tok: str) -> int:
    """A token's hash; memoised because the same few thousand words make up most text."""
    return zlib.crc32(tok.encode("utf-8", "surrogatepass"))  # lone surrogates are text too


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
    chained = units  # chained[i] = hash of the (n-1)-gram starting at i, built up one n at a time
    for n in range(1, hi + 1):
        m = total - n + 1
        if m <= 0:
            break
        if n > 1:
            chained = chained[:m] * _MUL + units[n - 1 : n - 1 + m]
        if n < lo:
            continue
        h = chained ^ np.uint64(((salt + n) * _GOLD) & 0xFFFFFFFFFFFFFFFF)
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


@functools.lru_cache(maxsize=256)
def _cue_bucket(cue: str, bits: int) -> int:
    h = np.array([zlib.crc32(cue.encode("utf-8"))], dtype=np.uint64) ^ np.uint64(_CUE_SALT * _GOLD & 0xFFFFFFFFFFFFFFFF)
    return int(_mix(h)[0] >> np.uint64(64 - bits))


def uses_cues(cfg: Mapping[str, Any]) -> bool:
    return bool(cfg.get("cues"))


@dataclass(frozen=True)
class _Tokens:
    """A batch's normalised texts and tokens, each token as an id into the batch's vocabulary.

    Per-token work (hashes, shapes, vector rows) is done once per distinct word of the batch.
    """

    norm: list[str]
    lens: np.ndarray  # tokens per text
    ids: np.ndarray  # every token of every text, in order, as a vocabulary index
    vocab: list[str]


def _tokens(texts: Sequence[str]) -> _Tokens:
    norm = [normalize(t) for t in texts]
    tok_lists = [_TOKEN_RE.findall(t) for t in norm]
    seen: dict[str, int] = {}
    ids = [seen.setdefault(tok, len(seen)) for toks in tok_lists for tok in toks]
    lens = np.fromiter((len(t) for t in tok_lists), dtype=np.int64, count=len(tok_lists))
    return _Tokens(norm, lens, np.asarray(ids, dtype=np.int64), list(seen))


def hashed_ngrams(
    texts: Sequence[str], cfg: Mapping[str, Any], cues: Optional[Sequence[Iterable[str]]] = None,
    tokens: Optional[_Tokens] = None,
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Hashed features of a batch: one (bucket ids, doc ids) pair per feature block.

    Occurrences are listed one by one (a feature seen twice in a text appears twice). `cues` are
    the texts' form cues when the caller has them already (the ledger classified every sentence);
    otherwise a model that uses cues computes them here.
    """
    bits = int(cfg["bits"])
    tokens = tokens if tokens is not None else _tokens(texts)
    norm = tokens.norm
    # word block
    hashes = np.asarray([_token_hashes(tok) for tok in tokens.vocab], dtype=np.uint64).reshape(-1, 2)
    units = hashes[:, 0][tokens.ids]
    doc = np.repeat(np.arange(len(texts), dtype=np.int64), tokens.lens)
    wb, wd = _ngram_buckets(units, doc, tuple(cfg["word_ngrams"]), _WORD_SALT, bits)
    # character block
    padded = [f" {t} " for t in norm]
    clens = np.fromiter((len(t) for t in padded), dtype=np.int64, count=len(padded))
    cps = np.frombuffer("".join(padded).encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.uint64)
    cdoc = np.repeat(np.arange(len(texts), dtype=np.int64), clens)
    cb, cd = _ngram_buckets(cps, cdoc, tuple(cfg["char_ngrams"]), _CHAR_SALT, bits)
    blocks = [(wb, wd), (cb, cd)]
    shape_range = tuple(cfg.get("shape_ngrams") or ())
    if shape_range:
        shapes = hashes[:, 1][tokens.ids]
        blocks.append(_ngram_buckets(shapes, doc, shape_range, _SHAPE_SALT, bits))
    if not uses_cues(cfg):
        return blocks
    if cues is None:
        cues = [classify_kind(t).cues for t in texts]
    pairs = [(_cue_bucket(c, bits), i) for i, found in enumerate(cues) for c in sorted(found)]
    ub = np.fromiter((b for b, _ in pairs), dtype=np.int64, count=len(pairs))
    ud = np.fromiter((d for _, d in pairs), dtype=np.int64, count=len(pairs))
    return [*blocks, (ub, ud)]


def dense_buckets(bits: int, dim: int) -> np.ndarray:
    """The feature-table rows of the `dim` vector components (fixed, like any hashed feature)."""
    h = (np.arange(dim, dtype=np.uint64) + np.uint64(_VECTOR_SALT)) * np.uint64(_GOLD)
    return (_mix(h) >> np.uint64(64 - bits)).astype(np.int64)


def vector_block(tokens: _Tokens, cfg: Mapping[str, Any]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each text's summed word vector, L2-normalised and scaled: (bucket ids, doc ids, values)."""
    scaled = sentence_vectors(tokens, cfg)
    n, dim = scaled.shape
    buckets = dense_buckets(int(cfg["bits"]), dim)
    return np.tile(buckets, n), np.repeat(np.arange(n, dtype=np.int64), dim), scaled.reshape(-1)


def sentence_vectors(tokens: _Tokens, cfg: Mapping[str, Any]) -> np.ndarray:
    """Each text's summed word vector, L2-normalised and scaled, shape (n, dim)."""
    vectors = shipped_vectors()
    n = tokens.lens.shape[0]
    get = vectors.index.get
    rows = np.asarray([get(tok, -1) for tok in tokens.vocab], dtype=np.int64)[tokens.ids]
    doc = np.repeat(np.arange(n, dtype=np.int64), tokens.lens)
    known = rows >= 0
    sums = np.zeros((n, vectors.dim))
    if known.any():
        d = doc[known]
        starts = np.flatnonzero(np.r_[True, d[1:] != d[:-1]])  # d is sorted: where each text starts
        sums[d[starts]] = np.add.reduceat(np.take(vectors.table, rows[known], axis=0), starts, axis=0)
    norm = np.linalg.norm(sums, axis=1, keepdims=True)
    return np.divide(sums, norm, out=np.zeros_like(sums), where=norm > 0) * float(cfg["vectors"]["scale"])


def weighted_blocks(
    texts: Sequence[str], cfg: Mapping[str, Any], idf: np.ndarray,
    cues: Optional[Sequence[Iterable[str]]] = None,
) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """TF-IDF of each block: (bucket ids, doc ids, values), each text's block L2-normalised.

    Buckets whose idf is 0 (not in the model) are left out before counting.
    """
    out = []
    n = len(texts)
    size = np.int64(1) << np.int64(int(cfg["bits"]))
    tokens = _tokens(texts)
    for b, d in hashed_ngrams(texts, cfg, cues, tokens):
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
    if cfg.get("vectors"):
        b, d, v = vector_block(tokens, cfg)
        out.append((b, d, v * idf[b]))  # idf is 1 for the vector rows; 0 if a model lacks them
    return out


def linear_scores(
    texts: Sequence[str], cfg: Mapping[str, Any], weights: np.ndarray,
    cues: Optional[Sequence[Iterable[str]]] = None,
) -> np.ndarray:
    """Each text's TF-IDF features times the model's coefficients, shape (n, k).

    `weights` holds one row per bucket: its idf, then its k coefficients (one gather fetches
    both). The result is the sum `weighted_blocks` defines, computed without a matrix per block:
    every hashed block is counted in one sort of (text, block, bucket) keys and the vector block
    is one matrix product. Equal to `weighted_blocks` times the coefficients up to float
    rounding (tested).
    """
    n = len(texts)
    bits = int(cfg["bits"])
    tokens = _tokens(texts)
    blocks = hashed_ngrams(texts, cfg, cues, tokens)
    width = len(blocks)
    # Sorted keys group each text's blocks together, text by text. Buckets the model lacks have
    # idf 0 and so add exactly nothing: no need to drop them first. 32-bit keys sort almost
    # twice as fast; a batch of up to 2**(32 - bits) / width texts fits them.
    key_type = np.uint32 if (n * width) << bits <= 1 << 32 else np.int64
    keys = np.concatenate([(((d * width + i) << bits) | b).astype(key_type) for i, (b, d) in enumerate(blocks)])
    keys, tf = np.unique(keys, return_counts=True)
    rows = np.take(weights, (keys & key_type((1 << bits) - 1)).astype(np.int64), axis=0)
    group = (keys >> key_type(bits)).astype(np.int64)
    v = tf * rows[:, 0].astype(np.float64)
    sq = np.bincount(group, weights=v * v, minlength=n * width)
    inv = np.zeros(n * width)
    nz = sq > 0
    inv[nz] = 1.0 / np.sqrt(sq[nz])
    v *= inv[group]
    doc = group // width
    z = np.zeros((n, weights.shape[1] - 1))
    if doc.size:
        starts = np.flatnonzero(np.r_[True, doc[1:] != doc[:-1]])
        z[doc[starts]] = np.add.reduceat(rows[:, 1:] * v[:, None], starts, axis=0)
    if cfg.get("vectors"):
        dense = weights[dense_buckets(bits, shipped_vectors().dim)].astype(np.float64)
        z += sentence_vectors(tokens, cfg) @ (dense[:, 1:] * dense[:, :1])
    return z
