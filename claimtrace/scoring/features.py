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
import threading
from itertools import repeat
from dataclasses import dataclass
import unicodedata
import zlib
from collections.abc import Mapping, Sequence
from typing import Any, Iterable, Optional

import numpy as np

from ..kinds import classify_kind
from ..language import english_words
from ..languages.en import FUNCTION_WORDS, SHAPE_SUFFIXES
from .vectors import shipped_vectors

_TOKEN_RE = re.compile(r"\w+|[^\w\s]")

_MUL = np.uint64(0x100000001B3)  # FNV-1a 64-bit prime, used to chain n-gram members
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_GOLD = 0x9E3779B97F4A7C15
_WORD_SALT = 0x1000
_CHAR_SALT = 0x2000
_CUE_SALT = 0x3000
_SHAPE_SALT = 0x4000
_VECTOR_SALT = 0x5000

# In the shape block closed-class words (`languages.en.FUNCTION_WORDS`) stay and every other word
# becomes its shape (`_s`, `_ed`, `_ing`, `_ly`, `_`, `0`), so "Vaccines cause autism." and
# "Tariffs raise prices." read alike: a form that holds across topics and kinds of text.


def _shape(tok: str) -> str:
    if tok in FUNCTION_WORDS or not tok[:1].isalnum():
        return tok
    if any(c.isdigit() for c in tok):
        return "0"
    for suffix in SHAPE_SUFFIXES:
        if tok.endswith(suffix) and len(tok) > len(suffix) + 2:
            return "_" + suffix
    return "_"


def normalize(text: str) -> str:
    """The text the features are computed on: NFKC, lower case, one space."""
    return " ".join(unicodedata.normalize("NFKC", text).lower().split())


def _token_hash(tok: str) -> int:
    return zlib.crc32(tok.encode("utf-8", "surrogatepass"))  # lone surrogates are text too


def _mix(h: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser, vectorised over uint64 (wrap-around arithmetic is intended)."""
    h = h ^ (h >> np.uint64(30))
    h = h * _MIX1
    h = h ^ (h >> np.uint64(27))
    h = h * _MIX2
    return h ^ (h >> np.uint64(31))


def sink(bits: int) -> int:
    """The bucket of n-grams that run past their text's end: one past the table, weight 0."""
    return 1 << bits


def _ngram_table(units: np.ndarray, lens: np.ndarray, n_range: tuple[int, int], salt: int, bits: int) -> np.ndarray:
    """Bucket of the n-gram starting at each unit, for each n in n_range: shape (units, orders).

    `units` are the texts' units one text after another (`lens` per text). Row i holds the
    n-grams that start at unit i, so the table read row by row lists each text's n-grams
    together; an n-gram that would run past its text's end gets the `sink` bucket.
    """
    lo, hi = n_range
    total = units.shape[0]
    shift = np.uint64(64 - bits)
    table = np.full((total, hi - lo + 1), sink(bits), dtype=np.uint32)
    # units left in the text from each position: an n-gram fits where room >= n
    room = np.repeat(np.cumsum(lens), lens) - np.arange(total)
    chained = units  # chained[i] = hash of the (n-1)-gram starting at i, built up one n at a time
    for n in range(1, hi + 1):
        m = total - n + 1
        if m <= 0:
            break
        if n > 1:
            chained = chained[:m] * _MUL + units[n - 1 : n - 1 + m]
        if n < lo:
            continue
        h = _mix(chained ^ np.uint64(((salt + n) * _GOLD) & 0xFFFFFFFFFFFFFFFF)) >> shift
        column = table[:m, n - lo]
        np.copyto(column, h, casting="unsafe", where=room[:m] >= n)
    return table


@functools.lru_cache(maxsize=256)
def _cue_bucket(cue: str, bits: int) -> int:
    h = np.array([zlib.crc32(cue.encode("utf-8"))], dtype=np.uint64) ^ np.uint64(_CUE_SALT * _GOLD & 0xFFFFFFFFFFFFFFFF)
    return int(_mix(h)[0] >> np.uint64(64 - bits))


def uses_cues(cfg: Mapping[str, Any]) -> bool:
    return bool(cfg.get("cues"))


class _TokenTable:
    """Every distinct token this process has met, with what the features need of it: its hash,
    its shape's hash and its word-vector row (-1 if none). Each is computed once per process,
    so a token in a batch costs one dict lookup; the same few thousand words make up most text.

    Thread-safe: new tokens are added under a lock, and the arrays are replaced, never changed,
    before their tokens become visible. Past `_MAX_TOKENS` a fresh table starts (bounded memory).
    """

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.arrays = (np.zeros(0, np.uint64), np.zeros(0, np.uint64), np.zeros(0, np.int64))


_MAX_TOKENS = 1 << 18
_token_table = _TokenTable()
_token_lock = threading.Lock()


def _token_ids(tokens: list[str]) -> tuple[np.ndarray, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Each token's id in the process's token table, and the table's (hash, shape hash, vector row)."""
    global _token_table
    table = _token_table
    ids = np.fromiter(map(table.ids.get, tokens, repeat(-1)), dtype=np.int64, count=len(tokens))
    if ids.size and ids.min() < 0:
        with _token_lock:
            new = [tok for tok in dict.fromkeys(t for t, i in zip(tokens, ids.tolist()) if i < 0) if tok not in table.ids]
            if new:
                rows = english_words()
                hashes, shapes, vectors = table.arrays
                table.arrays = (
                    np.concatenate([hashes, np.fromiter((_token_hash(t) for t in new), np.uint64, len(new))]),
                    np.concatenate([shapes, np.fromiter((_token_hash(_shape(t)) for t in new), np.uint64, len(new))]),
                    np.concatenate([vectors, np.fromiter((rows.get(t, -1) for t in new), np.int64, len(new))]),
                )
                base = len(table.ids)
                table.ids.update(zip(new, range(base, base + len(new))))
            if len(table.ids) > _MAX_TOKENS and _token_table is table:  # not if another thread did
                _token_table = _TokenTable()
        ids = np.fromiter(map(table.ids.__getitem__, tokens), dtype=np.int64, count=len(tokens))
    return ids, table.arrays


@dataclass(frozen=True)
class _Tokens:
    """A batch's normalised texts and tokens, each token as an id into the token table's arrays."""

    norm: list[str]
    lens: np.ndarray  # tokens per text
    ids: np.ndarray  # every token of every text, in order
    hashes: np.ndarray  # by id: the token's hash
    shapes: np.ndarray  # by id: its shape's hash
    vector_rows: np.ndarray  # by id: its row of the word vectors, -1 if none


# Texts are normalised and tokenised all at once, joined by a character that neither NFKC,
# lower() nor the whitespace rule touches or joins to its neighbours; the tokeniser makes it a
# token of its own, which marks where each text's tokens end.
_SEPARATOR = "\x00"


def _tokens(texts: Sequence[str]) -> _Tokens:
    joined = normalize(_SEPARATOR.join(texts))
    if joined.count(_SEPARATOR) == len(texts) - 1:  # no text holds a separator of its own
        norm = [t.strip() for t in joined.split(_SEPARATOR)]
        ids, arrays = _token_ids(_TOKEN_RE.findall(joined) + [_SEPARATOR])
        ends = np.flatnonzero(ids == ids[-1])  # each text's separator
        lens = np.diff(ends, prepend=-1) - 1
        ids = np.delete(ids, ends)
    else:  # one text at a time
        norm = [normalize(t) for t in texts]
        tok_lists = [_TOKEN_RE.findall(t) for t in norm]
        lens = np.fromiter((len(t) for t in tok_lists), dtype=np.int64, count=len(tok_lists))
        ids, arrays = _token_ids([tok for toks in tok_lists for tok in toks])
    return _Tokens(norm, lens, ids, *arrays)


@dataclass(frozen=True)
class _Block:
    """One feature block of a batch: `table[i]` holds the buckets of the features at unit i
    (one column per n-gram order, `sink` where none), the texts' units one text after another."""

    table: np.ndarray  # (units, columns) uint32
    lens: np.ndarray  # units per text


def _feature_blocks(
    texts: Sequence[str], cfg: Mapping[str, Any], cues: Optional[Sequence[Iterable[str]]], tokens: _Tokens
) -> list[_Block]:
    """The word, character, shape and cue blocks of a batch (those the config asks for)."""
    bits = int(cfg["bits"])
    units = tokens.hashes[tokens.ids]
    blocks = [_Block(_ngram_table(units, tokens.lens, tuple(cfg["word_ngrams"]), _WORD_SALT, bits), tokens.lens)]
    padded = [f" {t} " for t in tokens.norm]
    clens = np.fromiter((len(t) for t in padded), dtype=np.int64, count=len(padded))
    cps = np.frombuffer("".join(padded).encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.uint64)
    blocks.append(_Block(_ngram_table(cps, clens, tuple(cfg["char_ngrams"]), _CHAR_SALT, bits), clens))
    shape_range = tuple(cfg.get("shape_ngrams") or ())
    if shape_range:
        shapes = tokens.shapes[tokens.ids]
        blocks.append(_Block(_ngram_table(shapes, tokens.lens, shape_range, _SHAPE_SALT, bits), tokens.lens))
    if uses_cues(cfg):
        if cues is None:
            cues = [classify_kind(t).cues for t in texts]
        per_text = [sorted(found) for found in cues]
        buckets = [_cue_bucket(c, bits) for found in per_text for c in found]
        lens = np.fromiter((len(found) for found in per_text), dtype=np.int64, count=len(per_text))
        blocks.append(_Block(np.asarray(buckets, dtype=np.uint32).reshape(-1, 1), lens))
    return blocks


def hashed_ngrams(
    texts: Sequence[str], cfg: Mapping[str, Any], cues: Optional[Sequence[Iterable[str]]] = None,
    tokens: Optional[_Tokens] = None,
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Hashed features of a batch: one (bucket ids, doc ids) pair per feature block.

    Occurrences are listed one by one (a feature seen twice in a text appears twice). `cues` are
    the texts' form cues when the caller has them already (the ledger classified every sentence);
    otherwise a model that uses cues computes them here.
    """
    tokens = tokens if tokens is not None else _tokens(texts)
    out = []
    for block in _feature_blocks(texts, cfg, cues, tokens):
        columns = block.table.shape[1]
        doc = np.repeat(np.arange(len(texts), dtype=np.int64), block.lens * columns)
        flat = block.table.reshape(-1)
        kept = flat != sink(int(cfg["bits"]))
        out.append((flat[kept].astype(np.int64), doc[kept]))
    return out


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
    rows = tokens.vector_rows[tokens.ids]
    doc = np.repeat(np.arange(n, dtype=np.int64), tokens.lens)
    known = rows >= 0
    sums = np.zeros((n, vectors.dim))
    if known.any():
        d = doc[known]
        starts = _run_starts(d)  # d is sorted: where each text starts
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


class WeightTable:
    """A model's weights by bucket, as scoring reads them: row b holds bucket b's idf, then its k
    coefficients, and one more row of zeros is the `sink`.

    Scoring gathers one row per distinct feature of every text, from a table of 2**bits rows,
    so the fetch is what costs. Rows are kept as float16 packed into one machine word when that
    loses nothing (a model read from its file always can: the file keeps float16): one load
    fetches a row (idf and three coefficients: 8 bytes instead of 16).
    """

    __slots__ = ("_rows", "_packed", "width")

    def __init__(self, size: int, buckets: np.ndarray, columns: Sequence[np.ndarray]):
        """Column j of bucket `buckets[i]`'s row is `columns[j][i]` (the idf, then each
        coefficient); every other bucket of the `size`, and the sink, is zeros."""
        self.width = len(columns)
        packed_width = {1: 1, 2: 2, 3: 4, 4: 4}.get(self.width)
        halves = [column.astype(np.float16) for column in columns]
        exact = all(np.array_equal(h, c) for h, c in zip(halves, columns))
        self._packed = packed_width if exact else None
        if self._packed is not None:
            table = np.zeros((size + 1, self._packed), dtype=np.float16)
            for j, half in enumerate(halves):
                table[buckets, j] = half
            self._rows = table.view({1: np.uint16, 2: np.uint32, 4: np.uint64}[self._packed]).reshape(-1)
        else:
            self._rows = np.zeros((size + 1, self.width), dtype=np.float32)
            for j, column in enumerate(columns):
                self._rows[buckets, j] = column
        self._rows.flags.writeable = False

    def take(self, buckets: np.ndarray) -> np.ndarray:
        """The rows of `buckets`, shape (len(buckets), width), as stored (float16 or float32)."""
        rows: np.ndarray = self._rows.take(buckets, axis=0)
        if rows.ndim == 1:  # packed: one machine word a row
            return rows.view(np.float16).reshape(buckets.shape[0], int(self._packed or 1))[:, : self.width]
        return rows


# Keys are sorted a run of whole texts at a time: the runs are in key order already, and a sort
# that stays in the CPU's cache is several times faster per key than one over the whole batch.
_SORT_RUN = 512


def _run_starts(values: np.ndarray) -> np.ndarray:
    """Where each run of equal values starts (`values` is not empty)."""
    new = np.empty(values.shape[0], dtype=bool)
    new[0] = True
    np.not_equal(values[1:], values[:-1], out=new[1:])
    return np.flatnonzero(new)


def _counted_keys(block: _Block, n: int, key_type: type, text_shift: int) -> tuple[np.ndarray, np.ndarray]:
    """The distinct (text, bucket) keys of a block, in order, and how often each occurs."""
    columns = block.table.shape[1]
    base = np.repeat(np.arange(n, dtype=key_type) << key_type(text_shift), block.lens)
    keys = (block.table | base[:, None]).reshape(-1)
    if keys.size == 0:
        return keys, np.zeros(0, np.int64)
    ends = np.cumsum(block.lens) * columns
    cuts = ends[np.searchsorted(ends, np.arange(_SORT_RUN, keys.size, _SORT_RUN))]  # may repeat: harmless
    begin = 0
    for end in [*cuts.tolist(), keys.size]:
        keys[begin:end].sort()
        begin = end
    starts = _run_starts(keys)
    return keys[starts], np.diff(starts, append=keys.size)


def linear_scores(
    texts: Sequence[str], cfg: Mapping[str, Any], weights: WeightTable,
    cues: Optional[Sequence[Iterable[str]]] = None,
) -> np.ndarray:
    """Each text's TF-IDF features times the model's coefficients, shape (n, k).

    The sum `weighted_blocks` defines, computed block by block without a matrix: a block's
    (text, bucket) keys are counted in one sort, each distinct key fetches its idf and
    coefficients in one gather (`WeightTable`), and the vector block is one matrix product.
    Equal to `weighted_blocks` times the coefficients up to float rounding (tested).
    """
    n = len(texts)
    bits = int(cfg["bits"])
    k = weights.width - 1
    tokens = _tokens(texts)
    z = np.zeros((n, k))
    text_shift = bits + 1  # a key is (text, bucket); buckets run to the sink, 2**bits
    key_type = np.uint32 if n << text_shift <= 1 << 32 else np.uint64
    bucket_mask = key_type((1 << text_shift) - 1)
    for block in _feature_blocks(texts, cfg, cues, tokens):
        keys, tf = _counted_keys(block, n, key_type, text_shift)
        if not keys.size:
            continue
        text = (keys >> key_type(text_shift)).astype(np.intp)
        first = _run_starts(text)  # where each text's keys start
        # one row per term of the sums, one column per key: the squared norm, then each output
        terms = weights.take((keys & bucket_mask).astype(np.intp)).T.astype(np.float64, order="C")
        terms[0] *= tf  # tf * idf: buckets the model lacks have idf 0 and add exactly nothing
        terms[1:] *= terms[0]
        terms[0] *= terms[0]
        sums = np.add.reduceat(terms, first, axis=1)  # reduceat is many times faster than bincount
        norm = np.sqrt(sums[0])
        z[text[first]] += (np.divide(sums[1:], norm, out=np.zeros_like(sums[1:]), where=norm > 0)).T
    if cfg.get("vectors"):
        dense = weights.take(dense_buckets(bits, shipped_vectors().dim)).astype(np.float64)
        z += sentence_vectors(tokens, cfg) @ (dense[:, 1:] * dense[:, :1])
    return z
