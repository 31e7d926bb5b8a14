"""Hashed n-gram features of the claim model: the same numbers in every process and platform.

A sentence body (its citation markers already removed by `citations.strip_markers`) is
normalised (NFKC, lower case, one space) and turned into two blocks of hashed features:

* word 1..3-grams over ``\\w+`` / punctuation tokens (each token hashed with ``zlib.crc32``);
* character 1..5-grams over the normalised text padded with one space on each side.

N-gram hashes are combined and mixed with a fixed 64-bit mixer (splitmix64's finaliser) and
folded into ``2**bits`` buckets; Python's salted ``hash`` is never used. The work is vectorised
over the whole batch.
"""

from __future__ import annotations

import functools
import re
import unicodedata
import zlib
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

_TOKEN_RE = re.compile(r"\w+|[^\w\s]")
_SPACE_RE = re.compile(r"\s+")

_MUL = np.uint64(0x100000001B3)  # FNV-1a 64-bit prime, used to chain n-gram members
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_GOLD = 0x9E3779B97F4A7C15
_WORD_SALT = 0x1000
_CHAR_SALT = 0x2000


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


def hashed_ngrams(texts: Sequence[str], cfg: Mapping[str, Any]) -> list[tuple[np.ndarray, np.ndarray]]:
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
    cps = np.frombuffer("".join(padded).encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.uint64)
    cdoc = np.repeat(np.arange(len(texts), dtype=np.int64), clens)
    cb, cd = _ngram_buckets(cps, cdoc, tuple(cfg["char_ngrams"]), _CHAR_SALT, bits)
    return [(wb, wd), (cb, cd)]


def weighted_blocks(
    texts: Sequence[str], cfg: Mapping[str, Any], idf: np.ndarray
) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """TF-IDF of each block: (bucket ids, doc ids, values), each text's block L2-normalised.

    Buckets whose idf is 0 (not in the model) are left out before counting.
    """
    out = []
    n = len(texts)
    size = np.int64(1) << np.int64(int(cfg["bits"]))
    for b, d in hashed_ngrams(texts, cfg):
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
