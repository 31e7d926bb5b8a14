"""Author-year citations on the citation-styles dev set: (sentence, entry) precision, recall, F1.

    python benchmarks/eval_author_year.py [DIR]

DIR defaults to `../shared/datasets/citation-styles/author-year` (52 articles, each as `.txt`
and `.html`, with `NAME.gold.json`). It is a DEV set: choices were made on it.

What is counted, per article and summed over all of them (micro-averaged):
- gold pairs: for each gold citation, the ledger sentence that contains it (the record whose
  `[start, end)` holds the citation's first character), paired with each entry the citation
  names (`entries`: 1-based positions in the reference list). A gold citation that falls in no
  record (the ledger dropped its text) still counts, paired with a placeholder sentence, so it
  can only be missed.
- predicted pairs: every record's `linked_references`, paired with that record.
A pair is right when both agree. Entry numbers are list positions on both sides, so a list split
into the wrong entries costs pairs too.

Gold offsets are into the `.txt`. For `.html` the ledger's text differs (the reader renders the
page), so each gold citation is found again by its printed text (`raw`), in order, in the
ledger's text; one that cannot be found is a miss.
"""

from __future__ import annotations

import json
import sys
from bisect import bisect_right
from pathlib import Path

from claimtrace import ExtractOptions, extract_path

DEFAULT_DIR = Path(__file__).resolve().parents[1] / ".." / "shared" / "datasets" / "citation-styles" / "author-year"


def _record_at(starts: list[int], records, offset: int):
    i = bisect_right(starts, offset) - 1
    if i >= 0 and records[i].start <= offset < records[i].end:
        return records[i]
    return None


def _gold_offsets(gold: list[dict], text: str, by_text: bool) -> list[int | None]:
    if not by_text:
        return [c["start"] for c in gold]
    out: list[int | None] = []
    pos = 0
    for citation in gold:
        found = text.find(citation["raw"], pos)
        out.append(found if found >= 0 else None)
        if found >= 0:
            pos = found + len(citation["raw"])
    return out


def pairs(path: Path, gold: list[dict]) -> tuple[set, set]:
    """(gold pairs, predicted pairs) of one article."""
    ledger = extract_path(path, ExtractOptions(include_text=True))
    records = sorted(ledger.records, key=lambda r: r.start)
    starts = [r.start for r in records]
    offsets = _gold_offsets(gold, ledger.text or "", by_text=path.suffix != ".txt")
    expected = set()
    for k, (citation, offset) in enumerate(zip(gold, offsets)):
        record = _record_at(starts, records, offset) if offset is not None else None
        sentence = record.id if record is not None else f"unplaced-{k}"
        expected.update((sentence, entry) for entry in citation["entries"])
    predicted = {(r.id, n) for r in records for n in r.linked_references}
    return expected, predicted


def evaluate(directory: Path, suffix: str) -> tuple[int, int, int, int]:
    tp = fp = fn = docs = 0
    for gold_path in sorted(directory.glob("*.gold.json")):
        name = gold_path.name[: -len(".gold.json")]
        gold = json.loads(gold_path.read_text(encoding="utf-8"))["citations"]
        expected, predicted = pairs(directory / f"{name}{suffix}", gold)
        tp += len(expected & predicted)
        fp += len(predicted - expected)
        fn += len(expected - predicted)
        docs += 1
    return docs, tp, fp, fn


def main(argv: list[str]) -> int:
    directory = Path(argv[0]) if argv else DEFAULT_DIR
    print("format  docs  gold_pairs  predicted  precision  recall  F1")
    for suffix in (".txt", ".html"):
        docs, tp, fp, fn = evaluate(directory, suffix)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        print(f"{suffix[1:]:<6}  {docs:>4}  {tp + fn:>10}  {tp + fp:>9}  {precision:>9.3f}  {recall:>6.3f}  {f1:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
