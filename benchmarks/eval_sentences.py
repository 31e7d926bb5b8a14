"""Sentence-boundary and marker-attachment quality on GUM, beside spaCy's sentencizer and pysbd.

    python benchmarks/eval_sentences.py [../shared/datasets/gum-train] [--seed seeds/000_….txt]

Boundaries are compared as sentence end offsets. GUM also splits at some colons and semicolons;
following the dataset's README those are a corpus convention, so gold sentences that do not end
in terminal punctuation are merged into the next one before recall is counted ("terminal"
boundaries), while a predicted boundary counts as correct if it matches any gold boundary.
Boundaries at the end of a line (paragraph) are free for every system and reported apart from
the harder in-paragraph ones. A marker is attached correctly when the predicted sentence holding
it ends where its (merged) gold sentence ends.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from claimtrace.blocks import split_blocks  # noqa: E402
from claimtrace.citations import find_markers  # noqa: E402
from claimtrace.sentences import split_sentences  # noqa: E402

_TERMINAL_END = re.compile(r"[.!?…][\"'”’)\]»]*(?:\s*\[[^\]]*\])*$")


def claimtrace_sentences(text: str) -> list[tuple[int, int]]:
    out = []
    for block in split_blocks(text):
        if block.kind == "heading":
            out.append((block.start, block.end))
            continue
        for s in split_sentences(block.text, find_markers(block.text)):
            out.append((block.start + s.start, block.start + s.end))
    return out


def _lines(text: str):
    for m in re.finditer(r"[^\n]+", text):
        if m.group().strip():
            yield m.start(), m.group()


def sentencizer_sentences(text: str, nlp) -> list[tuple[int, int]]:
    out = []
    for start, line in _lines(text):
        for sent in nlp(line).sents:
            out.append((start + sent.start_char, start + sent.end_char))
    return out


def pysbd_sentences(text: str, seg) -> list[tuple[int, int]]:
    out = []
    for start, line in _lines(text):
        for span in seg.segment(line):
            s = span.start + (len(span.sent) - len(span.sent.lstrip()))
            e = span.start + len(span.sent.rstrip())
            out.append((start + s, start + e))
    return out


def _merged_gold(text: str, gold: list[dict]) -> list[tuple[int, int]]:
    """Gold sentences, with those ending without terminal punctuation merged into the next
    sentence of the same line."""
    merged: list[tuple[int, int]] = []
    pending = None
    for g in gold:
        s, e = g["start"], g["end"]
        if pending is not None and "\n" not in text[pending:s]:
            s = pending
        pending = None
        body = text[s:e].rstrip()
        line_end = e >= len(text) or text[e:e + 1] == "\n" or "\n" in text[e:e + 2]
        if not _TERMINAL_END.search(body) and not line_end:
            pending = s
            continue
        merged.append((s, e))
    return merged


def _line_ends(text: str) -> set[int]:
    return {m.start() for m in re.finditer(r"\n", text)} | {len(text.rstrip())}


def score(docs, system) -> dict:
    tp_all = fp_all = fn_all = 0
    tp_in = fp_in = fn_in = 0
    markers_ok = markers_n = 0
    for text, gold in docs:
        pred = system(text)
        ends_pred = {e for _, e in pred}
        gold_all = {g["end"] for g in gold["sentences"]}
        merged = _merged_gold(text, gold["sentences"])
        gold_term = {e for _, e in merged}
        line_ends = {e for e in _line_ends(text)}
        # A boundary at a line end is a paragraph end: every system gets it.
        def internal(e):
            return e not in line_ends and text[e:e + 1] != "\n"
        tp_all += len(ends_pred & gold_all)
        fp_all += len(ends_pred - gold_all)
        fn_all += len(gold_term - ends_pred)
        tp_in += len({e for e in ends_pred & gold_all if internal(e)})
        fp_in += len({e for e in ends_pred - gold_all if internal(e)})
        fn_in += len({e for e in gold_term - ends_pred if internal(e)})
        for marker in gold.get("markers", []):
            markers_n += 1
            holder = next(((s, e) for s, e in merged if s <= marker["start"] < e), None)
            if holder is None:
                g = gold["sentences"][marker["sentence"]]
                holder = (g["start"], g["end"])
            got = next(((s, e) for s, e in pred if s <= marker["start"] < e), None)
            markers_ok += got is not None and got[1] == holder[1]

    def prf(tp, fp, fn):
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}

    return {
        "all": prf(tp_all, fp_all, fn_all),
        "in_paragraph": prf(tp_in, fp_in, fn_in),
        "markers": markers_n,
        "markers_attached": markers_ok / markers_n if markers_n else 1.0,
    }


def heading_scores(docs) -> dict:
    """claimtrace's heading detection against GUM's gold heading lines."""
    tp = fp = fn = 0
    for text, gold in docs:
        expected = {(h["start"], h["end"]) for h in gold.get("headings", [])}
        found = {(b.start, b.end) for b in split_blocks(text) if b.kind == "heading"}
        tp, fp, fn = tp + len(expected & found), fp + len(found - expected), fn + len(expected - found)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"gold": tp + fn, "precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default=str(ROOT.parent / "shared/datasets/gum-train"))
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args()
    docs = []
    for path in sorted(Path(args.corpus).glob("*.txt")):
        gold = json.loads((path.parent / f"{path.stem}.gold.json").read_text())
        docs.append((path.read_text(encoding="utf-8"), gold))
    systems = {"claimtrace": claimtrace_sentences}
    try:
        import spacy

        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
        systems["spacy-sentencizer"] = lambda t: sentencizer_sentences(t, nlp)
    except ImportError:
        pass
    try:
        import pysbd

        seg = pysbd.Segmenter(language="en", clean=False, char_span=True)
        systems["pysbd"] = lambda t: pysbd_sentences(t, seg)
    except ImportError:
        print("pysbd not installed: pip install pysbd", file=sys.stderr)
    results = {name: score(docs, fn) for name, fn in systems.items()}
    headings = heading_scores(docs)
    if args.json:
        print(json.dumps({"sentences": results, "headings": headings}, indent=2))
        return
    print(f"{len(docs)} documents, {sum(len(g['sentences']) for _, g in docs)} gold sentences, "
          f"{results['claimtrace']['markers']} gold markers")
    print(f"{'system':20} {'P':>7} {'R':>7} {'F1':>7} | {'P(in)':>7} {'R(in)':>7} {'F1(in)':>7} | markers")
    for name, r in results.items():
        a, i = r["all"], r["in_paragraph"]
        print(f"{name:20} {a['precision']:7.4f} {a['recall']:7.4f} {a['f1']:7.4f} | "
              f"{i['precision']:7.4f} {i['recall']:7.4f} {i['f1']:7.4f} | {r['markers_attached']:.4f}")
    print(f"claimtrace headings: {headings['gold']} gold, P {headings['precision']:.4f} "
          f"R {headings['recall']:.4f} F1 {headings['f1']:.4f}")


if __name__ == "__main__":
    main()
