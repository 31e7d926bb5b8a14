"""The reproducible recipe of the shipped claim model: split, train, calibrate, measure, save.

    claimtrace train ../shared/datasets data/plain-claims -o claimtrace/models/claim_model.npz
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from ..citations import strip_markers
from ..errors import InputError, UsageError
from ..scoring.model import thawed
from .data import claimbuster_split, load_labelled
from .fit import DEFAULT_OPTS, need_sklearn, train
from .metrics import best_threshold, best_threshold_across, metrics_from_scores, reliability


def _baseline(train_rows, dev_rows, dev_groups: list[str] | None, eval_sets: dict[str, list], seed: int) -> dict:
    """TF-IDF (scikit-learn defaults: word unigrams) + LogisticRegression (defaults), its
    threshold chosen on the dev rows by the model's own rule (across `dev_groups` when given)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = TfidfVectorizer()
    X = vec.fit_transform([strip_markers(r[0]) for r in train_rows])
    clf = LogisticRegression(max_iter=2000).fit(X, [int(r[1]) for r in train_rows])

    def score(rows):
        return clf.predict_proba(vec.transform([strip_markers(r[0]) for r in rows]))[:, 1]

    y_dev = np.array([int(r[1]) for r in dev_rows])
    s_dev = score(dev_rows)
    t = (best_threshold_across(s_dev, y_dev, dev_groups, n_boot=DEFAULT_OPTS["n_boot"], seed=seed) if dev_groups
         else best_threshold(s_dev, y_dev, n_boot=DEFAULT_OPTS["n_boot"], seed=seed))
    out: dict[str, Any] = {"threshold": t}
    for name, rows in {"dev": dev_rows, **eval_sets}.items():
        y = np.array([int(r[1]) for r in rows])
        s = score(rows)
        out[name] = metrics_from_scores(s, y, t)
        out[name + "@0.5"] = metrics_from_scores(s, y, 0.5)
    return out


# The training sets of the shipped model besides ClaimBuster, as folders of `claims-domains/`.
TWEET_SETS = ("checkthat2020_en_tweets", "checkthat2022_1b_en_tweets", "scitweets")
PAPER_SETS = ("plos_citeworthiness",)
# The tweet sets hold 1,727 training rows against 21,851 debate and 10,623 paper sentences;
# repeating them gives tweets a voice (measured: 1x and 5x, see docs/claim-model.md).
TWEET_REPEAT = 8
# Hand-written sets (`data/plain-claims`: 640 training rows of plainly checkable claims and plain
# non-claims) are small beside 22k debate sentences; each of their rows counts this often.
EXTRA_REPEAT = 20


def build_shipped_model(
    data_dir: str | os.PathLike, out_path: str | os.PathLike, seed: int = 13,
    extra: Sequence[str | os.PathLike] = (),
) -> dict:
    """Split, train, calibrate, choose the threshold and save; returns the measured metrics.

    `data_dir` is either the datasets folder (`claimbuster/` and `claims-domains/` in it: the
    shipped multi-domain recipe) or a folder with ClaimBuster's `train.jsonl` alone (the
    debates-only recipe, and any data of that shape). `extra` are more folders with a
    `train.jsonl` and a `dev.jsonl` (the shipped model: `data/plain-claims`), multi-domain only.
    """
    need_sklearn()
    d = Path(data_dir)
    if (d / "claimbuster" / "train.jsonl").is_file():
        return _multidomain(d, Path(out_path), seed, [Path(e) for e in extra])
    if extra:
        raise UsageError("extra training sets need the datasets folder (claimbuster/ and claims-domains/)")
    return _debates_only(d, Path(out_path), seed)


def _debates_only(d: Path, out_path: Path, seed: int) -> dict:
    """ClaimBuster's three verdicts; crowd rows to learn, expert rows to choose."""
    train_rows, dev_rows, split = claimbuster_split(d / "train.jsonl", seed)
    eval_sets: dict[str, list] = {}
    if (d / "ct24-devtest.jsonl").exists():
        eval_sets["ct24_devtest"] = load_labelled(d / "ct24-devtest.jsonl")
    meta = {
        "version": 1,
        "training_data": "ClaimBuster (Arslan et al., ICWSM 2020), train.jsonl; 3-way verdicts",
        "split": split,
    }
    # Version 1's features: words and characters only (it reproduces that model byte for byte).
    data = TrainingData(train_rows, dev_rows, None, eval_sets, meta)
    return _build(data, out_path, seed, where=d / "train.jsonl", options={"cues": 0, "shape_ngrams": [], "vectors": 0})


def _multidomain(d: Path, out_path: Path, seed: int, extra: list[Path]) -> dict:
    """Debates, tweets, papers (and `extra` sets) together, binary; the threshold is chosen
    across the kinds of text on every dev set but CheckThat! 2024."""
    data = multidomain_data(d, seed, extra)
    return _build(data, out_path, seed, where=d)


@dataclass(frozen=True)
class TrainingData:
    """The shipped recipe's rows: `train`; `dev` (for calibration and the threshold) with each
    row's kind of text in `dev_groups`; each dev set by name in `eval_sets` (and CheckThat!
    2024, chosen on by nothing); a description in `meta`."""

    train: list
    dev: list
    dev_groups: list[str] | None  # None: one kind of text (the debates-only recipe)
    eval_sets: dict[str, list]
    meta: dict[str, Any]


# Every training row of the shipped model carries one of ClaimBuster's three verdicts, so the
# model learns "is it factual" beside "is it worth checking" (measured: mean macro F1 0.746 with
# binary labels, 0.754 with verdicts; docs/claim-model.md). A positive row of any set is a
# check-worthy claim; a PLOS sentence without a citation is mostly factual (methods, results) but
# not cite-worthy; a tweet or hand-written row without a claim states no checkable fact.
CHECK_WORTHY, UNIMPORTANT_FACTUAL, NON_FACTUAL = 1, 0, -1


def multidomain_data(d: Path, seed: int = 13, extra: Sequence[Path] = ()) -> TrainingData:
    debates, debates_dev, split = claimbuster_split(d / "claimbuster" / "train.jsonl", seed)
    domains = d / "claims-domains"
    train_rows: list[tuple] = [(r[0], r[1], r[2]) for r in debates]
    dev_rows: list[tuple] = [(r[0], r[1]) for r in debates_dev]
    groups = ["debates"] * len(dev_rows)
    eval_sets: dict[str, list] = {}
    used = []
    # (folder, name, kind of text, repeat, verdict of a negative row, named by the user)
    sets = [(domains / n, n, "tweets", TWEET_REPEAT, NON_FACTUAL, False) for n in TWEET_SETS]
    sets += [(domains / n, n, "papers", 1, UNIMPORTANT_FACTUAL, False) for n in PAPER_SETS]
    sets += [(Path(e), Path(e).name, f"extra {Path(e).name}", EXTRA_REPEAT, NON_FACTUAL, True) for e in extra]
    for folder, name, group, repeat, negative, named in sets:
        if not (folder / "train.jsonl").is_file():
            if named:
                raise InputError(f"{folder}: no train.jsonl")
            continue
        if name in eval_sets:
            raise UsageError(f"{folder}: a training set called {name!r} is already used; rename the folder")
        rows = load_labelled(folder / "train.jsonl")
        train_rows += [(t, y, CHECK_WORTHY if y else negative) for t, y in rows] * repeat
        eval_sets[name] = load_labelled(folder / "dev.jsonl")
        dev_rows += eval_sets[name]
        groups += [group] * len(eval_sets[name])
        used.append(name if repeat == 1 else f"{name} (x{repeat})")
    if (d / "claimbuster" / "ct24-devtest.jsonl").exists():
        eval_sets["ct24_devtest"] = load_labelled(d / "claimbuster" / "ct24-devtest.jsonl")
    meta = {
        "version": 3,
        "training_data": "ClaimBuster crowd rows (3 verdicts) + train.jsonl of: " + ", ".join(used)
        + "; positives are check-worthy, PLOS negatives unimportant-factual, other negatives non-factual",
        "split": f"debates: {split}; dev: ClaimBuster groundtruth + each set's dev.jsonl",
    }
    return TrainingData(train_rows, dev_rows, groups, eval_sets, meta)


def _build(data: TrainingData, out_path: Path, seed: int, where: Path, options: dict[str, Any] | None = None) -> dict:
    train_rows, dev_rows, dev_groups, eval_sets, meta = data.train, data.dev, data.dev_groups, data.eval_sets, data.meta
    # Calibration and the threshold are fitted on dev: it needs both labels.
    if len({int(r[1]) for r in dev_rows}) < 2 or len({int(r[1]) for r in train_rows}) < 2:
        raise InputError(
            f"{where}: too few labelled rows ({len(train_rows) + len(dev_rows)}) for "
            "a training and a dev split that both hold claims and non-claims"
        )
    t0 = time.perf_counter()
    rule = ("maximises the mean over kinds of text (" + ", ".join(sorted(set(dev_groups))) + ") of each one's "
            "macro F1 on its dev rows (means over 200 bootstrap resamples)") if dev_groups else (
            "maximises positive-class F1 on the dev rows (mean over 200 bootstrap resamples)")
    model = train(train_rows, dev_rows, seed=seed, dev_groups=dev_groups, **(options or {}), meta={
        **meta, "calibration": "Platt scaling on the dev rows", "threshold_rule": rule,
    })
    train_seconds = time.perf_counter() - t0
    measured: dict[str, Any] = {}
    for name, rows_ in eval_sets.items():
        y = np.array([r[1] for r in rows_])
        s = model.predict_proba([strip_markers(r[0]) for r in rows_])
        measured[name] = metrics_from_scores(s, y, model.threshold)
        measured[name + "_calibration"] = {k: v for k, v in reliability(s, y).items() if k != "table"}
    model = model.calibrated(model.calibration, model.threshold, meta=measured)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    model.save(out_path)
    saved = thawed(model.meta)
    return {
        "model": {"dev": saved["dev"], **{k: saved[k] for k in eval_sets}},
        "threshold": model.threshold,
        "calibration": saved["dev_calibration"],
        "n_train": len(train_rows),
        "n_dev": len(dev_rows),
        "n_features": saved["n_features"],
        "size_bytes": out_path.stat().st_size,
        "train_seconds": round(train_seconds, 1),
        "baseline_tfidf_lr": _baseline(train_rows, dev_rows, dev_groups, eval_sets, seed),
    }
