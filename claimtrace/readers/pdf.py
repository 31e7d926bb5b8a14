"""PDF: the text layer (pypdf), re-flowed into one paragraph a line, references at the end.

A PDF's text layer has lines, not paragraphs: pypdf gives one string per page with a "\\n" at
every visual line end and no blank lines between paragraphs. We drop running headers, footers
and page numbers, then re-join lines with layout heuristics (a short line ending a sentence
ends a paragraph; a short unpunctuated line between paragraphs is a heading; "hyphen-\\nated"
is de-hyphenated). Scanned PDFs without a text layer yield no text. Digits set small and raised
(superscript citations, `cm²`) are written raised (`³`, see `_raised_pieces`), measured from the
font size, baseline and text rise that pypdf's text visitor reports.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from math import hypot
from statistics import median
from typing import Any

from ..errors import InputError, MissingExtraError
from ..citations import entry_opener, is_reference_heading, without_trailing_brackets
from ..language import is_english_word
from ..languages.en import LINE_ENDS_SENTENCE as _SENTENCE_END
from ..languages.en import NOTES_HEADING
from ..languages.en import PAGE_NUMBER as _PAGE_NUMBER
from ..text import SECTION_NUMBER as _SECTION_NUMBER
from ..text import SUPERSCRIPT_DIGITS, from_superscript, to_superscript
from ..text import squash as _squash
from .layout import Layout, note_reference, plain, squash_links
from .source import SourceText




def read_pdf(doc: str, data: bytes) -> SourceText:
    """Read a PDF's text layer (see the module docstring for the heuristics and their limits)."""
    try:
        import pypdf
    except ImportError:  # pragma: no cover - exercised only without the extra
        raise MissingExtraError("PDF", "pdf", "pypdf") from None
    return pages_source(doc, _page_texts(doc, data, pypdf))


def pages_source(doc: str, pages: list[str]) -> SourceText:
    """The `SourceText` of a PDF whose text layer gave `pages` (one string a page)."""
    pages_lines = _strip_furniture([page.split("\n") for page in pages])
    notes: list[tuple[int, str]] = []
    lines = [line for page in pages_lines for line in _take_footnotes(page, notes)]
    layout = Layout(doc)
    _flow(lines, layout, _Words(lines))
    if notes:
        layout.notes(layout.take_trailing_reference_heading() or NOTES_HEADING, notes)
    return layout.source(doc, "pdf")


def _page_texts(doc: str, data: bytes, pypdf) -> list[str]:
    """One string per page; any parser failure is one `InputError` line, not a traceback."""
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError(f"{doc}: the PDF is encrypted")
        return [_page_text(page) for page in reader.pages]
    except InputError:
        raise
    except Exception:  # PdfReadError, struct/zlib errors from damaged streams...
        raise InputError(f"{doc}: not a valid PDF file") from None


@dataclass
class _Piece:
    """One piece of a page's text as pypdf shows it: its text, font size and baseline height."""

    text: str
    size: float
    y: float


class _PieceRecorder:
    """Collects the pieces of a page's text with the size and height of each.

    The text rise (`Ts`, how fpdf2 and some typesetters raise a superscript without moving the
    baseline) is followed through `q`/`Q`, which save and restore it with the graphics state.
    """

    def __init__(self) -> None:
        self.pieces: list[_Piece] = []
        self.rise = 0.0
        self.saved: list[float] = []

    def operator(self, op: bytes, args: Any, cm: Any, tm: Any) -> None:
        if op == b"q":
            self.saved.append(self.rise)
        elif op == b"Q":
            self.rise = self.saved.pop() if self.saved else 0.0
        elif op == b"Ts" and args:
            try:
                self.rise = float(args[0])
            except (TypeError, ValueError):
                pass

    def text(self, text: str, cm: Any, tm: Any, font: Any, size: float) -> None:
        scale = (abs(tm[3]) or hypot(tm[2], tm[3]) or 1.0) * (abs(cm[3]) or 1.0)
        height = (tm[5] + self.rise * (tm[3] or 1.0)) * (cm[3] or 1.0) + cm[5]
        self.pieces.append(_Piece(text, float(size or 0) * scale, height))


def _page_text(page: Any) -> str:
    """A page's text (pypdf's `extract_text`), with raised small digits written raised and
    typeset ligatures as their letters."""
    recorder = _PieceRecorder()
    text = page.extract_text(visitor_text=recorder.text, visitor_operand_before=recorder.operator) or ""
    if "".join(p.text for p in recorder.pieces) != text:
        return text.translate(_LIGATURES)  # the pieces do not add up to the text: keep pypdf's own
    return "".join(_raised_pieces(recorder.pieces)).translate(_LIGATURES)


# A typesetter's ligatures (`ﬁ`, `ﬂ`, `ﬃ`: U+FB00-FB06) come out of a PDF as one character each:
# "the ﬁnal ﬁgures" would not match "final", nor read as English words. Their letters instead.
_LIGATURES = {code: unicodedata.normalize("NFKC", chr(code)) for code in range(0xFB00, 0xFB07)}


# What a raised citation piece holds: numbers, commas, dashes (and PLOS's `4],[6]–[9`).
_RAISED_PIECE = re.compile(r"[\s,\[\]]*\d[\d,;\[\]\s–—−-]{0,400}")
_SMALLER = 0.85  # a superscript is set at about 58-70% of the body size (LibreOffice, Word, LaTeX)
_RAISED_BY = 0.15  # and its baseline lifted by about a third of the body size


def _raised_pieces(pieces: list[_Piece]) -> list[str]:
    """Each piece's text; digits set smaller than, and above the baseline of, the text beside
    them on the same line are written raised: `studies` `1` → `studies¹`. Only pieces of digits
    and list punctuation count: a small raised `st` or `*` stays as printed."""
    shown = [i for i, p in enumerate(pieces) if p.text.strip()]
    out = [p.text for p in pieces]
    raised_before: _Piece | None = None  # the previous piece, when it was raised
    for k, i in enumerate(shown):
        piece = pieces[i]
        if not _RAISED_PIECE.fullmatch(piece.text):
            raised_before = None
            continue
        beside = [pieces[j] for j in (shown[k - 1] if k else None, shown[k + 1] if k + 1 < len(shown) else None)
                  if j is not None]
        # A long citation list wraps: its second line may hold nothing but raised digits
        # (`[165],[166],…` in the dev set), raised like the line before ended.
        wrapped = raised_before is not None and abs(raised_before.size - piece.size) <= 0.05 * piece.size
        if wrapped or any(_raised_beside(piece, other) for other in beside):
            out[i] = to_superscript(piece.text)
            raised_before = piece
        else:
            raised_before = None
    return out


def _raised_beside(piece: _Piece, other: _Piece) -> bool:
    """Whether `piece` is set smaller than `other` and above its baseline, on the same line."""
    if other.size <= 0 or piece.size > _SMALLER * other.size:
        return False
    lift = piece.y - other.y
    return _RAISED_BY * other.size < lift < other.size


def _strip_furniture(pages: list[list[str]]) -> list[list[str]]:
    """Each page's lines, minus page numbers and running headers/footers.

    A running header is a line that opens or closes at least half of the pages (and 3 or more):
    the fixture's "Claimtrace Fixture Journal" on every page; digits are masked so "Page 3"
    and "Page 4" count as the same line.
    """
    def key(line: str) -> str:
        return re.sub(r"\d+", "#", line.strip().lower())

    edges: Counter[str] = Counter()
    for page in pages:
        body = [line for line in page if line.strip()]
        for line in set(body[:2] + body[-2:]):
            edges[key(line)] += 1
    threshold = max(3, len(pages) / 2) if len(pages) >= 3 else len(pages) + 1
    if len(pages) == 2:  # two pages: a line at the edge of both is furniture too
        threshold = 2
    out: list[list[str]] = []
    for page in pages:
        body = [line for line in page if line.strip()]
        edge = set(body[:2] + body[-2:])
        kept = []
        for line in page:
            if not line.strip() or _PAGE_NUMBER.match(line):
                continue
            if line in edge and edges[key(line)] >= threshold:
                continue
            kept.append(line.rstrip())
        out.append(kept)
    return out


# A footnote at the foot of a page: "1 Church, J. A. (2011) …", "* Corresponding author".
_FOOTNOTE_START = re.compile(rf"^\s*(?:(\d{{1,3}})\s+|([{SUPERSCRIPT_DIGITS}]{{1,3}})\s*)(\S.*)$")


def _note_number(match: re.Match[str]) -> int:
    """The number a footnote line opens with, printed level (`1 Church`) or raised (`¹Church`)."""
    return int(from_superscript(match.group(1) or match.group(2)))


def _superscript(number: int, measured: bool = False) -> re.Pattern[str]:
    """`number` as the text layer writes a superscript note mark: raised (`2018.¹ The`, when
    the reader measured it) or glued to the word or the punctuation before it ("2018.1 The",
    "rose2,"), never inside a number ("20", "1.5"). On a page where raised digits were
    `measured`, only raised marks count: `File S1` there is a name, not note 1."""
    raised = to_superscript(str(number))
    return re.compile(rf"(?<=[A-Za-z.,;:)”’\"\]])(?:{raised}{'' if measured else f'|{number}'})(?=[\s,.;:]|$)")


def _take_footnotes(page: list[str], notes: list[tuple[int, str]]) -> list[str]:
    """The page's body lines, with its page-foot footnotes moved to `notes` and their marks in
    the body written raised with their note's number and handed forward as markers
    (`layout.note_reference`: any number, the 1,500th note too), so they link like endnotes
    instead of running into the last sentence. A trailing run of lines counts as footnotes only when it opens with a numbered
    line, its numbers run on from 1 or more (1, 2, 3: no note is numbered 0), and each number stands as a superscript mark in the
    body above it: a numbered list at the foot of a page has no such marks.
    """
    for i, line in enumerate(page):
        first = _FOOTNOTE_START.match(line)
        if not first or i == 0:
            continue
        block = page[i:]
        starts = [(j, _note_number(m)) for j, l in enumerate(block) if (m := _FOOTNOTE_START.match(l))]
        numbers = [n for _, n in starts]
        if numbers[0] < 1 or numbers != list(range(numbers[0], numbers[0] + len(numbers))):
            continue
        body = page[:i]
        body_text = "\n".join(body)
        measured = any(c in SUPERSCRIPT_DIGITS for c in body_text)
        if not all(_superscript(n, measured).search(body_text) for n in numbers):
            continue
        used = {n for n, _ in notes}
        for k, (j, n) in enumerate(starts):
            end = starts[k + 1][0] if k + 1 < len(starts) else len(block)
            text = _squash(" ".join([_FOOTNOTE_START.match(block[j]).group(3), *block[j + 1 : end]]))  # type: ignore[union-attr]
            number = n if n not in used else max(used | {0}) + 1  # notes restarting on each page
            used.add(number)
            notes.append((number, text))
            mark = note_reference((number,), to_superscript(str(number)))
            body_text = _superscript(n, measured).sub(lambda _: mark, body_text, count=1)
        return body_text.split("\n")
    return page


class _Words:
    """What the document itself says about a word broken at a line end: the words it writes
    whole, and the hyphenated compounds it writes inside a line."""

    def __init__(self, lines: list[str]):
        text = "\n".join(lines).lower()
        self.whole = set(_WORD.findall(text))
        self.compounds = set(_COMPOUND.findall(text))

    def join(self, left: str, right: str) -> bool:
        """Whether `left-` + `right` is one word broken by the line end, not a compound.

        The document's own usage decides first, then the English word list (the 50,000 most
        frequent words): "hyphen-" + "ated" joins, "non-" + "reversible" and "low-" +
        "dimensional" keep their hyphen. Unknown both ways: joined (line-end breaks are common).
        """
        a, b = left.lower(), right.lower()
        if a + b in self.whole:
            return True
        if f"{a}-{b}" in self.compounds:
            return False
        if is_english_word(a + b):
            return True
        return not (is_english_word(a) and is_english_word(b))


_WORD = re.compile(r"[a-z]+")
_COMPOUND = re.compile(r"[a-z]+-[a-z]+")
_BROKEN = re.compile(r"([A-Za-z]+)-$")


def _flow(lines: list[str], layout: Layout, words: "_Words | None" = None) -> None:
    """Re-join lines into paragraphs and headings; inside the references, one entry a line."""
    if not lines:
        return
    # The rules read each line as it will show: without its note references' sentinels.
    shown = [plain(line) for line in lines]
    typical = median(len(line) for line in shown if len(line) > 20) if any(len(x) > 20 for x in shown) else 60
    paragraph: list[str] = []
    ended = True  # did the previous line end a paragraph?

    def flush() -> None:
        if paragraph:
            text, _, notes = squash_links(_join(paragraph, words), ())
            layout.paragraph(text, notes=notes)
            paragraph.clear()

    for i, line in enumerate(lines):
        nxt = shown[i + 1] if i + 1 < len(lines) else ""
        if _is_heading(shown[i], nxt, ended, typical, layout.in_reference_section):
            flush()
            layout.heading(_squash(shown[i]))
            ended = True
            continue
        if layout.in_reference_section:
            opener = entry_opener(line, forms="bracket number")
            if opener or not paragraph:
                flush()
                line = f"[{opener[0]}] {line[opener[1]:]}" if opener else line
            paragraph.append(line)
            ended = False
            continue
        paragraph.append(line)
        ended = _ends_paragraph(shown[i], typical)
        if ended:
            flush()
    flush()


def _is_heading(line: str, nxt: str, after_break: bool, typical: float, in_refs: bool) -> bool:
    """A short line with no sentence punctuation, standing between paragraphs.

    "Introduction", "2 Methods", "References": short (under 70% of a full line), no final
    period or comma, starts upper-case or with a section number, and the next line starts a
    sentence. Inside the references only another reference heading counts ("Notes" after
    "References"), because a wrapped entry's last line looks just like a heading.
    """
    text = line.strip()
    if is_reference_heading(text):
        return True
    if in_refs or not after_break or not text or len(text) > min(80, 0.7 * typical):
        return False
    if text[-1] in ".,;:-–!?" or len(text.split()) > 12 or entry_opener(text, forms="bracket number"):
        return False
    if not (text[0].isupper() or _SECTION_NUMBER.match(text)):
        return False
    return not nxt.strip() or nxt.strip()[0].isupper() or nxt.strip()[0] in "[“\"("


def _ends_paragraph(line: str, typical: float) -> bool:
    """A sentence end on a line clearly shorter than a full one ("ends here.[1]" in the fixture)."""
    return bool(_SENTENCE_END.search(without_trailing_brackets(line))) and len(line.strip()) < 0.85 * typical


def _join(lines: list[str], words: _Words | None = None) -> str:
    """Join wrapped lines; "hyphen-" + "ated" -> "hyphenated"; "non-" + "reversible" ->
    "non-reversible" and "Anglo-" + "Saxon" -> "Anglo-Saxon" (`_Words.join` decides)."""
    out = lines[0].strip()
    for line in lines[1:]:
        line = line.strip()
        broken = _BROKEN.search(out)
        first = _WORD.match(line)
        if broken and first and (words is None or words.join(broken.group(1), first.group(0))):
            out = out[:-1] + line
        elif broken and line[:1].isalpha():  # a compound broken after its hyphen: "non-reversible"
            out = out + line
        else:
            out = f"{out} {line}"
    return out
