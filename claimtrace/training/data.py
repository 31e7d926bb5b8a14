"""Labelled data for the claim model: JSONL rows, ClaimBuster's split, stratified splits."""

from __future__ import annotations

import codecs
import json
import os
from collections.abc import Iterable, Sequence

import numpy as np

from ..errors import InputError
from ..readers import read_file_bytes

DEV_FRACTION = 0.15


def _read_jsonl(path: str | os.PathLike) -> Iterable[tuple[int, dict]]:
    """`(line number, object)` for each non-blank line of a JSONL file.

    The file is read like any input: a regular file only (a FIFO or `/dev/zero` is refused, never
    waited on), within the input size limit, UTF-8 with or without a BOM.
    """
    name = os.fspath(path)
    data = read_file_bytes(path)
    lines = data.split(b"\n")
    if lines and lines[0].startswith(codecs.BOM_UTF8):
        lines[0] = lines[0][len(codecs.BOM_UTF8):]
    for lineno, raw in enumerate(lines, 1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise InputError(f"{name}:{lineno}: not UTF-8 text") from None
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{name}:{lineno}: not valid JSON ({exc.msg})") from None
        except (ValueError, RecursionError) as exc:  # a 5,000-digit number, 100,000 nested arrays
            raise InputError(f"{name}:{lineno}: not valid JSON ({type(exc).__name__})") from None
        if not isinstance(obj, dict):
            raise InputError(f"{name}:{lineno}: expected a JSON object")
        yield lineno, obj


def _check_row(obj: dict, where: str) -> tuple[str, int]:
    text = obj.get("text")
    label = obj.get("label")
    if not isinstance(text, str):
        raise InputError(f"{where}: missing or non-string \"text\"")
    if isinstance(label, bool):
        label = int(label)
    if not isinstance(label, int) or label not in (0, 1):
        raise InputError(f"{where}: \"label\" must be 0 or 1, got {label!r}")
    return text, label


def load_labelled(path: str | os.PathLike) -> list[tuple[str, int]]:
    """Rows of a JSONL file of {"text": str, "label": 0|1, ...}; blank lines are skipped."""
    return [_check_row(obj, f"{os.fspath(path)}:{n}") for n, obj in _read_jsonl(path)]


def load_domains(path: str | os.PathLike) -> list[str | None]:
    """The `domain` of each row of `load_labelled(path)` ("tweets", "scientific_papers"…), or
    None where a row has none."""
    return [obj.get("domain") if isinstance(obj.get("domain"), str) else None for _, obj in _read_jsonl(path)]


def load_claimbuster(path: str | os.PathLike) -> list[tuple[str, int, int]]:
    """(text, label, verdict) rows of ClaimBuster-style JSONL (verdict -1, 0 or 1)."""
    rows = []
    for n, obj in _read_jsonl(path):
        text, label = _check_row(obj, f"{os.fspath(path)}:{n}")
        verdict = obj.get("verdict", label)
        if verdict not in (-1, 0, 1) or isinstance(verdict, bool) or (verdict == 1) != (label == 1):
            raise InputError(f"{os.fspath(path)}:{n}: \"verdict\" {verdict!r} does not fit label {label}")
        rows.append((text, label, int(verdict)))
    return rows


def claimbuster_split(path: str | os.PathLike, seed: int = 13) -> tuple[list, list, str]:
    """The training and dev rows of ClaimBuster's train.jsonl, and how they were split.

    ClaimBuster has two parts: `crowdsourced` (21,865 sentences labelled by trained crowd
    workers) and `groundtruth` (966 sentences labelled by the dataset's expert coders). Following
    the dataset's design, the model learns from the crowd labels and is calibrated, thresholded
    and measured on the expert labels: the dev split is the groundtruth part, and no sentence of
    it is trained on. Files without a `source` field get a stratified random split instead.
    """
    rows = load_claimbuster(path)
    sources = [obj.get("source") for _, obj in _read_jsonl(path)]
    gold = [r for r, src in zip(rows, sources) if src == "groundtruth"]
    if len({r[1] for r in gold}) == 2:
        gold_texts = {r[0] for r in gold}
        train = [r for r, src in zip(rows, sources) if src != "groundtruth" and r[0] not in gold_texts]
        return train, gold, "train: crowdsourced rows; dev: the expert-labelled groundtruth rows"
    train, dev = split_rows(rows, DEV_FRACTION, seed)
    return train, dev, (
        f"stratified by label, identical texts kept together, dev_fraction="
        f"{DEV_FRACTION}, numpy default_rng({seed})"
    )


def split_rows(rows: Sequence[tuple], dev_fraction: float = 0.15, seed: int = 13) -> tuple[list, list]:
    """Stratified (by label) train/dev split; identical texts always land on the same side."""
    groups: dict[str, list[int]] = {}
    for i, r in enumerate(rows):
        groups.setdefault(r[0], []).append(i)
    keys = list(groups)
    glabel = np.array([max(rows[i][1] for i in groups[k]) for k in keys])
    rng = np.random.default_rng(seed)
    dev_keys: set[int] = set()
    for lab in (0, 1):
        idx = np.flatnonzero(glabel == lab)
        idx = idx[rng.permutation(len(idx))]
        dev_keys.update(idx[: int(round(dev_fraction * len(idx)))].tolist())
    train: list[tuple] = []
    dev: list[tuple] = []
    for gi, k in enumerate(keys):
        (dev if gi in dev_keys else train).extend(rows[i] for i in groups[k])
    return train, dev
