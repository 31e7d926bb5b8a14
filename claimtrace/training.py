"""Training, evaluation and the reproducible recipe of the shipped claim model.

scikit-learn (the `train` extra) is imported lazily, only where a model is fitted; loading data,
`evaluate` and the calibration maths need numpy alone. Rebuild the shipped model with

    claimtrace train ../shared/datasets/claimbuster -o claimtrace/models/claim_model.npz

and measure scoring speed with `python benchmarks/bench_classifier.py`.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from .classifier import ClaimModel, extract, weighted_blocks
from .errors import InputError, MissingExtraError, UsageError

DEFAULT_CONFIG: dict[str, Any] = {
    "bits": 20,
    "word_ngrams": [1, 3],
    "char_ngrams": [1, 5],
}
DEFAULT_OPTS: dict[str, Any] = {
    "C": 1.0,
    "min_df": 2,
    "n_boot": 200,
    "max_iter": 3000,
    "dev_fraction": 0.15,
}
CLASS_NAMES = {-1: "non-factual", 0: "unimportant-factual", 1: "check-worthy-factual"}


# --------------------------------------------------------------------------- data
def _read_jsonl(path: str | os.PathLike) -> Iterable[tuple[int, dict]]:
    p = Path(path)
    try:
        fh = p.open("r", encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot read {os.fspath(path)}: {exc.strerror or exc}") from exc
    with fh:
        lineno = 0
        try:
            for lineno, line in enumerate(fh, 1):  # noqa: B007
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputError(f"{os.fspath(path)}:{lineno}: not valid JSON ({exc.msg})") from None
                if not isinstance(obj, dict):
                    raise InputError(f"{os.fspath(path)}:{lineno}: expected a JSON object")
                yield lineno, obj
        except UnicodeDecodeError:
            raise InputError(f"{os.fspath(path)}:{lineno + 1}: not UTF-8 text") from None


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
    train, dev = split_rows(rows, DEFAULT_OPTS["dev_fraction"], seed)
    return train, dev, (
        f"stratified by label, identical texts kept together, dev_fraction="
        f"{DEFAULT_OPTS['dev_fraction']}, numpy default_rng({seed})"
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
    train, dev = [], []
    for gi, k in enumerate(keys):
        (dev if gi in dev_keys else train).extend(rows[i] for i in groups[k])
    return train, dev


# ------------------------------------------------------------------------ metrics
def _prf(y: np.ndarray, pred: np.ndarray) -> tuple[float, float, float]:
    tp = float(np.sum(pred & y))
    fp = float(np.sum(pred & ~y))
    fn = float(np.sum(~pred & y))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def metrics_from_scores(scores: np.ndarray, labels: np.ndarray, threshold: float) -> dict:
    y = np.asarray(labels).astype(bool)
    pred = np.asarray(scores) >= threshold
    p, r, f = _prf(y, pred)
    _, _, f_neg = _prf(~y, ~pred)
    return {
        "n": int(y.size),
        "positives": int(y.sum()),
        "precision": p,
        "recall": r,
        "f1": f,
        "macro_f1": (f + f_neg) / 2 if y.size else 0.0,
        "threshold": float(threshold),
    }


def evaluate(model: ClaimModel, rows: Sequence[tuple], threshold: float | None = None) -> dict:
    """Positive-class precision/recall/F1 and macro F1 of `model` on (text, label) rows."""
    t = model.threshold if threshold is None else float(threshold)
    texts = [r[0] for r in rows]
    labels = np.array([int(r[1]) for r in rows], dtype=np.int64)
    scores = model.predict_proba(texts) if texts else np.zeros(0)
    return metrics_from_scores(scores, labels, t)


def best_threshold(scores: np.ndarray, labels: np.ndarray, n_boot: int = 0, seed: int = 0) -> float:
    """The threshold (4 decimals) maximising positive-class F1 of `scores` against `labels`.

    With n_boot=0 the candidates are the midpoints between adjacent distinct scores and the
    plain F1 is maximised. With n_boot>0 the candidates are a 0.0025-step grid and the F1 that is
    maximised is its mean over `n_boot` bootstrap resamples of the rows (seeded): the F1 curve
    of a few thousand rows is flat and ragged near its top, and its plain argmax jumps between
    distant thresholds from one model to the next; the bootstrap mean picks the middle of the
    plateau instead.
    """
    y = np.asarray(labels).astype(bool)
    s = np.asarray(scores, dtype=np.float64)
    if n_boot <= 0:
        u = np.unique(np.round(s, 6))
        cands = np.unique(np.round(np.concatenate([(u[:-1] + u[1:]) / 2, [0.5]]), 4))
        best, best_f = 0.5, -1.0
        for t in cands:
            f = _prf(y, s >= t)[2]
            if f > best_f + 1e-12:
                best, best_f = float(t), f
        return best
    grid = np.round(np.arange(0.01, 0.99, 0.0025), 4)
    pred = (s[:, None] >= grid[None, :]).astype(np.float64)  # (n, T)
    w = np.random.default_rng(seed).multinomial(s.size, np.full(s.size, 1.0 / s.size), size=n_boot).astype(np.float64)
    yf = y.astype(np.float64)
    tp = w @ (pred * yf[:, None])
    fp = w @ (pred * (1 - yf)[:, None])
    pos = (w @ yf)[:, None]
    denom = tp + fp + pos
    f1 = np.where(denom > 0, 2 * tp / np.where(denom > 0, denom, 1), 0.0)
    return float(grid[int(np.argmax(f1.mean(axis=0)))])


def fit_platt(raw_p: np.ndarray, labels: np.ndarray, iters: int = 100) -> tuple[float, float]:
    """Platt scaling on the logit of the raw probability (Newton's method, numpy only)."""
    p = np.clip(np.asarray(raw_p, dtype=np.float64), 1e-12, 1 - 1e-12)
    x = np.log(p / (1 - p))
    y = np.asarray(labels, dtype=np.float64)
    # Platt's smoothed targets avoid overconfident fits
    n_pos, n_neg = y.sum(), y.size - y.sum()
    t = np.where(y > 0, (n_pos + 1) / (n_pos + 2), 1 / (n_neg + 2))
    a, b = 1.0, 0.0
    for _ in range(iters):
        q = 1 / (1 + np.exp(-(a * x + b)))
        g = np.array([np.sum((q - t) * x), np.sum(q - t)])
        w = q * (1 - q) + 1e-12
        h = np.array([[np.sum(w * x * x), np.sum(w * x)], [np.sum(w * x), np.sum(w)]]) + 1e-9 * np.eye(2)
        step = np.linalg.solve(h, g)
        a, b = a - step[0], b - step[1]
        if np.max(np.abs(step)) < 1e-10:
            break
    return float(a), float(b)


def reliability(scores: np.ndarray, labels: np.ndarray, bins: int = 10) -> dict:
    """Brier score and a reliability table (mean score vs positive rate per score decile)."""
    s = np.asarray(scores, dtype=np.float64)
    y = np.asarray(labels, dtype=np.float64)
    table = []
    edges = np.linspace(0, 1, bins + 1)
    for i in range(bins):
        m = (s >= edges[i]) & ((s < edges[i + 1]) if i < bins - 1 else (s <= 1))
        if m.any():
            table.append(
                {
                    "bin": f"{edges[i]:.1f}-{edges[i + 1]:.1f}",
                    "n": int(m.sum()),
                    "mean_score": round(float(s[m].mean()), 4),
                    "positive_rate": round(float(y[m].mean()), 4),
                }
            )
    ece = sum(r["n"] * abs(r["mean_score"] - r["positive_rate"]) for r in table) / max(len(s), 1)
    return {"brier": float(np.mean((s - y) ** 2)) if s.size else 0.0, "ece": float(ece), "table": table}


# ------------------------------------------------------------------------ training
def _need_sklearn():
    try:
        import scipy.sparse  # noqa: F401
        from sklearn.linear_model import LogisticRegression  # noqa: F401
    except ImportError as exc:
        raise MissingExtraError("training", "train", "scikit-learn") from exc


def _design(texts: Sequence[str], cfg: dict, idf_dense: np.ndarray, col_of: np.ndarray, n_cols: int):
    import scipy.sparse as sp

    rows, cols, vals = [], [], []
    for b, d, v in weighted_blocks(texts, cfg, idf_dense):
        keep = v != 0
        rows.append(d[keep])
        cols.append(col_of[b[keep]])
        vals.append(v[keep])
    m = sp.csr_matrix(
        (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
        shape=(len(texts), n_cols),
    )
    m.sum_duplicates()
    return m


def train(rows: Sequence[tuple], dev_rows: Sequence[tuple] | None = None, seed: int = 13, **opts) -> ClaimModel:
    """Fit a ClaimModel on (text, label) rows, or (text, label, fine_class) rows.

    With a third element on every row (e.g. ClaimBuster's verdict -1/0/1) the linear model is
    multinomial over those classes and the score is the probability of the class that the
    positive label maps to; otherwise it is binary. `dev_rows` (default: a stratified
    `dev_fraction` split of `rows` made with `seed`) are used for Platt calibration and for the
    default threshold (the one maximising positive-class F1, averaged over `n_boot` bootstrap
    resamples of the dev rows). Options: C, min_df, max_iter, n_boot, dev_fraction, bits,
    word_ngrams, char_ngrams, calibrate (True).
    """
    _need_sklearn()
    from sklearn.linear_model import LogisticRegression

    unknown = set(opts) - set(DEFAULT_OPTS) - set(DEFAULT_CONFIG) - {"calibrate", "meta"}
    if unknown:
        raise UsageError(f"unknown training option(s): {', '.join(sorted(unknown))}")
    o = {**DEFAULT_OPTS, **{k: v for k, v in opts.items() if k in DEFAULT_OPTS}}
    cfg = {**DEFAULT_CONFIG, **{k: v for k, v in opts.items() if k in DEFAULT_CONFIG}}
    cfg["word_ngrams"] = [int(x) for x in cfg["word_ngrams"]]
    cfg["char_ngrams"] = [int(x) for x in cfg["char_ngrams"]]
    rows = list(rows)
    if dev_rows is None:
        rows, dev_rows = split_rows(rows, o["dev_fraction"], seed)
    dev_rows = list(dev_rows)
    if not rows:
        raise InputError("no training rows")
    labels = np.array([int(r[1]) for r in rows])
    if len(set(labels.tolist())) < 2:
        raise InputError("training rows need both labels (0 and 1)")
    fine = all(len(r) > 2 for r in rows)
    target = np.array([int(r[2]) for r in rows]) if fine else labels
    if fine:
        pos_classes = sorted({int(r[2]) for r in rows if int(r[1]) == 1})
        if len(pos_classes) != 1:
            raise InputError("every positive row must share one fine class")
    texts = [r[0] for r in rows]

    # document frequencies over the hashed buckets -> idf; rare buckets are dropped (min_df)
    size = 1 << int(cfg["bits"])
    df = np.zeros(size, dtype=np.int64)
    for b, d in extract(texts, cfg):
        key = np.unique(d * size + b)
        df += np.bincount(key % size, minlength=size)
    n = len(texts)
    kept = np.flatnonzero(df >= int(o["min_df"]))
    idf_kept = (np.log((1.0 + n) / (1.0 + df[kept])) + 1.0).astype(np.float16).astype(np.float32)
    idf_dense = np.zeros(size, dtype=np.float32)
    idf_dense[kept] = idf_kept
    col_of = np.zeros(size, dtype=np.int64)
    col_of[kept] = np.arange(kept.size)

    X = _design(texts, cfg, idf_dense, col_of, kept.size)
    clf = LogisticRegression(C=float(o["C"]), max_iter=int(o["max_iter"]), tol=1e-6)
    clf.fit(X, target)
    classes = [int(c) for c in clf.classes_]
    coef = clf.coef_.T  # (features, k) ; binary -> (features, 1)
    intercept = clf.intercept_
    if fine:
        cfg["positive_index"] = classes.index(pos_classes[0])
    # weights are stored as float16: round now so the saved model scores exactly like this one
    coef16 = coef.astype(np.float16).astype(np.float32)
    model = ClaimModel(
        cfg,
        kept,
        idf_kept,
        coef16,
        intercept,
        meta={
            "classes": [CLASS_NAMES.get(c, str(c)) for c in classes] if fine else ["not-claim", "claim"],
            "seed": seed,
            "n_train": n,
            "n_features": int(kept.size),
            "options": {k: o[k] for k in ("C", "min_df", "max_iter", "n_boot")},
            **dict(opts.get("meta") or {}),
        },
    )
    if dev_rows:
        dev_texts = [r[0] for r in dev_rows]
        y_dev = np.array([int(r[1]) for r in dev_rows])
        raw = model.raw_proba(dev_texts)
        if opts.get("calibrate", True) and len(set(y_dev.tolist())) == 2:
            model.calibration = fit_platt(raw, y_dev)
        cal = model.predict_proba(dev_texts)
        model.threshold = (
            best_threshold(cal, y_dev, n_boot=int(o["n_boot"]), seed=seed) if len(set(y_dev.tolist())) == 2 else 0.5
        )
        model.meta["n_dev"] = len(dev_rows)
        model.meta["dev"] = metrics_from_scores(cal, y_dev, model.threshold)
        model.meta["dev_calibration"] = {
            "raw": {k: v for k, v in reliability(raw, y_dev).items() if k != "table"},
            "calibrated": reliability(cal, y_dev),
        }
    return model


# ------------------------------------------------------------------- the recipe
def _baseline(train_rows, dev_rows, eval_sets: dict[str, list], seed: int) -> dict:
    """TF-IDF (scikit-learn defaults: word unigrams) + LogisticRegression (defaults)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = TfidfVectorizer()
    X = vec.fit_transform([r[0] for r in train_rows])
    clf = LogisticRegression(max_iter=2000).fit(X, [int(r[1]) for r in train_rows])

    def score(rows):
        return clf.predict_proba(vec.transform([r[0] for r in rows]))[:, 1]

    y_dev = np.array([int(r[1]) for r in dev_rows])
    t = best_threshold(score(dev_rows), y_dev, n_boot=DEFAULT_OPTS["n_boot"], seed=seed)
    out: dict[str, Any] = {"threshold": t}
    for name, rows in {"dev": dev_rows, **eval_sets}.items():
        y = np.array([int(r[1]) for r in rows])
        s = score(rows)
        out[name] = metrics_from_scores(s, y, t)
        out[name + "@0.5"] = metrics_from_scores(s, y, 0.5)
    return out


def build_shipped_model(claimbuster_dir: str | os.PathLike, out_path: str | os.PathLike, seed: int = 13) -> dict:
    """Split, train, calibrate, choose the threshold and save; returns the measured metrics.

    `claimbuster_dir` holds train.jsonl (and optionally ct24-devtest.jsonl, which is only
    reported on, never used for any choice).
    """
    _need_sklearn()
    d = Path(claimbuster_dir)
    train_rows, dev_rows, split = claimbuster_split(d / "train.jsonl", seed)
    # Calibration and the threshold are fitted on dev: it needs both labels.
    if len({int(r[1]) for r in dev_rows}) < 2 or len({int(r[1]) for r in train_rows}) < 2:
        raise InputError(
            f"{d / 'train.jsonl'}: too few labelled rows ({len(train_rows) + len(dev_rows)}) for "
            "a training and a dev split that both hold claims and non-claims"
        )
    eval_sets: dict[str, list] = {}
    ct = d / "ct24-devtest.jsonl"
    if ct.exists():
        eval_sets["ct24_devtest"] = load_labelled(ct)
    t0 = time.perf_counter()
    model = train(
        train_rows,
        dev_rows,
        seed=seed,
        meta={
            "version": 1,
            "training_data": "ClaimBuster (Arslan et al., ICWSM 2020), train.jsonl; 3-way verdicts",
            "split": split,
            "calibration": "Platt scaling on the dev split",
            "threshold_rule": "maximises positive-class F1 on the dev split (mean over 200 bootstrap resamples)",
        },
    )
    train_seconds = time.perf_counter() - t0
    for name, rows_ in eval_sets.items():
        y = np.array([r[1] for r in rows_])
        s = model.predict_proba([r[0] for r in rows_])
        model.meta[name] = metrics_from_scores(s, y, model.threshold)
        model.meta[name + "_calibration"] = {k: v for k, v in reliability(s, y).items() if k != "table"}
    Path(out_path).parent.mkdir(parents=True, exist_ok=True)
    model.save(out_path)
    result = {
        "model": {"dev": model.meta["dev"], **{k: model.meta[k] for k in eval_sets}},
        "threshold": model.threshold,
        "calibration": model.meta["dev_calibration"],
        "n_train": len(train_rows),
        "n_dev": len(dev_rows),
        "n_features": model.meta["n_features"],
        "size_bytes": Path(out_path).stat().st_size,
        "train_seconds": round(train_seconds, 1),
        "baseline_tfidf_lr": _baseline(train_rows, dev_rows, eval_sets, seed),
    }
    return result


# ---------------------------------------------------------------------- speed
def gum_sentences(gum_dir: str | os.PathLike) -> list[str]:
    """Gold sentences of the GUM texts (the `.gold.json` spans), in file order."""
    out = []
    for txt in sorted(Path(gum_dir).glob("*.txt")):
        gold = txt.with_suffix(".gold.json")
        text = txt.read_text(encoding="utf-8")
        if gold.exists():
            spans = json.loads(gold.read_text(encoding="utf-8"))["sentences"]
            out.extend(text[s["start"] : s["end"]] for s in spans)
        else:
            out.extend(line for line in text.splitlines() if line.strip())
    return out


def measure_speed(model: ClaimModel, texts: Sequence[str], repeat: int = 5, batch: int = 1024) -> dict:
    """Best-of-`repeat` characters/second of `predict_proba` over `texts` in batches."""
    texts = list(texts)
    chars = sum(len(t) for t in texts)
    model.predict_proba(texts[:batch])  # warm the token cache as a running pipeline would
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        for i in range(0, len(texts), batch):
            model.predict_proba(texts[i : i + batch])
        best = min(best, time.perf_counter() - t0)
    return {"texts": len(texts), "chars": chars, "seconds": best, "chars_per_second": chars / best}
