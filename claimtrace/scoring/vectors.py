"""The word vectors shipped with the package (GloVe 6B, 50 dimensions, the 50,000 most frequent
words; Stanford NLP, PDDL 1.0), loaded once per process and read-only.

They let the claim model see that "autism" and "measles" are alike although only one of them
was in its training data: a sentence's mean vector is one of its feature blocks
(`features.weighted_blocks`). Vendored by `python -m claimtrace.training.vectors`.
"""

from __future__ import annotations

import functools
import hashlib
import io
from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping

import numpy as np

from ..language import WORD_VECTORS_FILE, english_words, shipped_vectors_bytes

NAME = "glove-6b-50d"
FILE = WORD_VECTORS_FILE


@dataclass(frozen=True)
class WordVectors:
    """Lower-case word -> row of `table` (float32, read-only)."""

    index: Mapping[str, int]
    table: np.ndarray
    sha256: str

    @property
    def dim(self) -> int:
        return int(self.table.shape[1])


@functools.lru_cache(maxsize=1)
def shipped_vectors() -> WordVectors:
    data = shipped_vectors_bytes()
    with np.load(io.BytesIO(data), allow_pickle=False) as z:
        table = np.ascontiguousarray(z["vectors"], dtype=np.float32)  # rows gathered fast
    table.flags.writeable = False
    index = MappingProxyType(english_words())  # shared by every extraction
    return WordVectors(index, table, hashlib.sha256(data).hexdigest())
