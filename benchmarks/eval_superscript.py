"""Superscript citation markers against the citation-styles dev set (HTML, DOCX, PDF from DOCX).

    python benchmarks/eval_superscript.py [--formats html,docx,pdf] [--pdf-cache DIR] [--show N]

The dev set (`../shared/datasets/citation-styles/superscript/`, see its README) is 87 PLOS
articles re-rendered with superscript citations: `NAME.html` (`<sup>1,2</sup>`, `<sup>3–5</sup>`,
Nature's `<sup><a href="#ref-CR1">1</a></sup>`), `NAME.docx` (superscript runs) and
`NAME.gold.json` (each marker's `numbers` and `context`, the words just before it). The PDF
column reads each DOCX as LibreOffice prints it (`soffice --headless --convert-to pdf`); the PDFs
are made once and kept in `--pdf-cache` (outside the repository).

Gold has no offsets, so a marker is placed by its context: the last 30 letters before it (digits,
spaces and punctuation ignored, so `it³`, `it[3]` and `it 3` all place the same). Two scores:
- marker: a found marker is right when a gold marker has the same letters before it and the same
  numbers (each gold marker matched once, in document order);
- sentence: the (sentence, cited number) pairs of the ledger against gold's, where a gold
  marker's sentence is the ledger sentence holding the last letter of its context. This is what
  a reader of the ledger sees: which sentence cites which entry.
Only body sentences count (the reference list is not body text).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from bisect import bisect_right
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from claimtrace import ExtractOptions, extract_path  # noqa: E402

DATASET = ROOT.parent / "shared/datasets/citation-styles/superscript"
PDF_CACHE = Path(os.environ.get("CLAIMTRACE_PDF_CACHE", "/work/cache/superscript-pdf"))
KEY = 30  # letters of context that place a marker


def _letters(text: str) -> tuple[str, list[int]]:
    """`text`'s ASCII letters, lower-cased, and each one's offset in `text`."""
    out, where = [], []
    for i, ch in enumerate(text):
        if ch.isascii() and ch.isalpha():
            out.append(ch.lower())
            where.append(i)
    return "".join(out), where


def _gold(path: Path, dataset: Path) -> list[dict]:
    return json.loads((dataset / f"{path.stem}.gold.json").read_text())["markers"]


def _found(ledger) -> list[tuple[int, tuple[int, ...], int]]:
    """(start, numbers, sentence index) of each body marker, once each, in order."""
    out = {}
    for index, record in enumerate(ledger.records):
        for marker in record.markers:
            if marker.scope == "sentence":
                out.setdefault(marker.start, (marker.start, tuple(marker.numbers), index))
    return sorted(out.values())


def _score(path: Path, dataset: Path, stats: dict, show: list) -> None:
    ledger = extract_path(path, ExtractOptions(include_text=True))
    text = ledger.text or ""
    letters, where = _letters(text)
    starts = [r.start for r in ledger.records]
    found = _found(ledger)
    # The letters before each found marker, within its own line.
    keys = []
    for start, _, _ in found:
        line_start = text.rfind("\n", 0, start) + 1
        first = bisect_right(where, line_start - 1)
        last = bisect_right(where, start - 1)
        keys.append(letters[max(first, last - KEY) : last])
    used = [False] * len(found)
    gold_pairs, found_pairs = set(), set()
    pointer = 0
    for g in _gold(path, dataset):
        key = _letters(g["context"])[0][-KEY:]
        numbers = tuple(g["numbers"])
        # Place the gold marker: the first unused found marker from the last match on with its
        # letters, else the context itself in the text (for the sentence score).
        match = next((i for i in list(range(pointer, len(found))) + list(range(pointer))
                      if not used[i] and key and keys[i].endswith(key)), None)
        if match is not None and sorted(found[match][1]) == sorted(numbers):
            used[match] = True
            pointer = match + 1
            stats["tp"] += 1
        elif len(show) < stats["show"]:
            show.append(f"  missed {path.name}: …{g['context'][-50:]!r} {list(numbers)}"
                        + (f" (found {list(found[match][1])})" if match is not None else ""))
        position = letters.find(key)
        sentence = None
        if match is not None:
            sentence = found[match][2]
        elif key and position >= 0 and letters.count(key) == 1:
            sentence = bisect_right(starts, where[position + len(key) - 1]) - 1
        for n in numbers:
            gold_pairs.add((sentence if sentence is not None else ("lost", g["context"]), n))
    for i, (start, numbers, sentence) in enumerate(found):
        found_pairs.update((sentence, n) for n in numbers)
        if not used[i] and len(show) < stats["show"]:
            show.append(f"  extra  {path.name}: …{text[max(0, start - 50):start + 12]!r} {list(numbers)}")
    stats["gold"] += len(_gold(path, dataset))
    stats["found"] += len(found)
    stats["s_tp"] += len(gold_pairs & found_pairs)
    stats["s_gold"] += len(gold_pairs)
    stats["s_found"] += len(found_pairs)


def _f1(tp: int, gold: int, found: int) -> tuple[float, float, float]:
    p = tp / found if found else 1.0
    r = tp / gold if gold else 1.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def pdf_inputs(docx: list[Path], cache: Path) -> list[Path]:
    """The PDF LibreOffice prints for each DOCX, made once into `cache`."""
    cache.mkdir(parents=True, exist_ok=True)
    missing = [d for d in docx if not (cache / f"{d.stem}.pdf").exists()]
    if missing:
        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        if soffice is None:
            raise SystemExit("the PDF column needs LibreOffice (soffice) or a filled --pdf-cache")
        with tempfile.TemporaryDirectory() as profile:
            subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                            "--outdir", str(cache), *map(str, missing)], check=True, capture_output=True)
    return [cache / f"{d.stem}.pdf" for d in docx]


def evaluate(paths: list[Path], dataset: Path = DATASET, show: int = 0) -> dict:
    stats = {"tp": 0, "gold": 0, "found": 0, "s_tp": 0, "s_gold": 0, "s_found": 0, "show": show}
    shown: list[str] = []
    failed = []
    for path in paths:
        try:
            _score(path, dataset, stats, shown)
        except Exception as exc:  # one unreadable article is a miss of all its gold markers, not the end of the run
            failed.append(path.name)
            gold = _gold(path, dataset)
            stats["gold"] += len(gold)
            stats["s_gold"] += len({(g["context"], n) for g in gold for n in g["numbers"]})
            print(f"{path.name}: failed, its gold markers count as missed ({type(exc).__name__}: {exc})", file=sys.stderr)
    for line in shown:
        print(line)
    mp, mr, mf = _f1(stats["tp"], stats["gold"], stats["found"])
    sp, sr, sf = _f1(stats["s_tp"], stats["s_gold"], stats["s_found"])
    return {"documents": len(paths), "failed": failed, "gold": stats["gold"], "found": stats["found"], "marker_p": mp,
            "marker_r": mr, "marker_f1": mf, "sentence_p": sp, "sentence_r": sr, "sentence_f1": sf}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", type=Path, default=DATASET)
    parser.add_argument("--formats", default="html,docx,pdf", help="comma-separated: html, docx, pdf")
    parser.add_argument("--pdf-cache", type=Path, default=PDF_CACHE, help="where the PDFs made from the DOCX files live")
    parser.add_argument("--limit", type=int, default=0, help="only the first N articles")
    parser.add_argument("--show", type=int, default=0, help="print this many misses and extras per format")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args()
    docx = sorted(args.dataset.glob("*.docx"))[: args.limit or None]
    results = {}
    for fmt in args.formats.split(","):
        paths = pdf_inputs(docx, args.pdf_cache) if fmt == "pdf" else [d.with_suffix(f".{fmt}") for d in docx]
        results[fmt] = evaluate(paths, args.dataset, args.show)
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(f"{'format':6} {'docs':>4} {'gold':>5} {'found':>5} {'marker P':>8} {'R':>6} {'F1':>6} "
          f"{'sentence P':>10} {'R':>6} {'F1':>6}")
    for fmt, r in results.items():
        print(f"{fmt:6} {r['documents']:4} {r['gold']:5} {r['found']:5} {r['marker_p']:8.3f} {r['marker_r']:6.3f} "
              f"{r['marker_f1']:6.3f} {r['sentence_p']:10.3f} {r['sentence_r']:6.3f} {r['sentence_f1']:6.3f}")


if __name__ == "__main__":
    main()
