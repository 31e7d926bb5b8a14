"""PDF: the text layer (pypdf), re-flowed into one paragraph a line, references at the end.

A PDF's text layer has lines, not paragraphs: pypdf gives one string per page with a "\\n" at
every visual line end and no blank lines between paragraphs. We drop running headers, footers
and page numbers, then re-join lines with layout heuristics (a short line ending a sentence
ends a paragraph; a short unpunctuated line between paragraphs is a heading; "hyphen-\\nated"
is de-hyphenated). Scanned PDFs without a text layer yield no text; superscript citation
numbers lose their superscript in the text layer and are not recovered.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from statistics import median

from ..errors import InputError, MissingExtraError
from ..citations import entry_opener, is_reference_heading, without_trailing_brackets
from ..language import is_english_word
from ..text import squash as _squash
from .layout import Layout
from .source import SourceText

# A page number alone on its line: "3", "- 3 -", "Page 3", "Page 3 of 10", "3 / 10".
_PAGE_NUMBER = re.compile(r"^\s*(?:page\s+)?[-–]?\s*\d{1,4}\s*[-–]?(?:\s*(?:of|/)\s*\d{1,4})?\s*$", re.I)
# Sentence end, allowing closing quotes/brackets and trailing citation markers: "here.[1]",
# "said.”", "(see above)."
_SENTENCE_END = re.compile(r"[.!?][\"”’')\]]*$")
# "1 Introduction", "2.3 Results", "IV. DISCUSSION", or a plain title-ish line.
_SECTION_NUMBER = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|[IVX]{1,5}\.)\s+\S")


def read_pdf(doc: str, data: bytes) -> SourceText:
    """Read a PDF's text layer (see the module docstring for the heuristics and their limits)."""
    try:
        import pypdf
    except ImportError:  # pragma: no cover - exercised only without the extra
        raise MissingExtraError("PDF", "pdf", "pypdf") from None
    pages = _page_texts(doc, data, pypdf)
    pages_lines = _strip_furniture([page.split("\n") for page in pages])
    notes: list[tuple[int, str]] = []
    lines = [line for page in pages_lines for line in _take_footnotes(page, notes)]
    layout = Layout(doc)
    _flow(lines, layout, _Words(lines))
    if notes:
        layout.notes(layout.take_trailing_reference_heading() or "Notes", notes)
    return layout.source(doc, "pdf")


def _page_texts(doc: str, data: bytes, pypdf) -> list[str]:
    """One string per page; any parser failure is one `InputError` line, not a traceback."""
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError(f"{doc}: the PDF is encrypted")
        return [page.extract_text() or "" for page in reader.pages]
    except InputError:
        raise
    except Exception:  # PdfReadError, struct/zlib errors from damaged streams...
        raise InputError(f"{doc}: not a valid PDF file") from None


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
_FOOTNOTE_START = re.compile(r"^\s*(\d{1,3})\s+(\S.*)$")


def _superscript(number: int) -> re.Pattern[str]:
    """`number` as the text layer writes a superscript note mark: glued to the word or the
    punctuation before it ("2018.1 The", "rose2,"), never inside a number ("20", "1.5")."""
    return re.compile(rf"(?<=[A-Za-z.,;:)”’\"\]]){number}(?=[\s,.;:]|$)")


def _take_footnotes(page: list[str], notes: list[tuple[int, str]]) -> list[str]:
    """The page's body lines, with its page-foot footnotes moved to `notes` and their marks in
    the body written as `[n]`, so they link like endnotes instead of running into the last
    sentence. A trailing run of lines counts as footnotes only when it opens with a numbered
    line, its numbers run on (1, 2, 3), and each number stands as a superscript mark in the
    body above it: a numbered list at the foot of a page has no such marks.
    """
    for i, line in enumerate(page):
        first = _FOOTNOTE_START.match(line)
        if not first or i == 0:
            continue
        block = page[i:]
        starts = [(j, int(m.group(1))) for j, l in enumerate(block) if (m := _FOOTNOTE_START.match(l))]
        numbers = [n for _, n in starts]
        if numbers != list(range(numbers[0], numbers[0] + len(numbers))):
            continue
        body = page[:i]
        body_text = "\n".join(body)
        if not all(_superscript(n).search(body_text) for n in numbers):
            continue
        used = {n for n, _ in notes}
        for k, (j, n) in enumerate(starts):
            end = starts[k + 1][0] if k + 1 < len(starts) else len(block)
            text = _squash(" ".join([_FOOTNOTE_START.match(block[j]).group(2), *block[j + 1 : end]]))  # type: ignore[union-attr]
            number = n if n not in used else max(used | {0}) + 1  # notes restarting on each page
            used.add(number)
            notes.append((number, text))
            body_text = _superscript(n).sub(f"[{number}]", body_text, count=1)
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
    typical = median(len(line) for line in lines if len(line) > 20) if any(len(x) > 20 for x in lines) else 60
    paragraph: list[str] = []
    ended = True  # did the previous line end a paragraph?

    def flush() -> None:
        if paragraph:
            layout.paragraph(_squash(_join(paragraph, words)))
            paragraph.clear()

    for i, line in enumerate(lines):
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if _is_heading(line, nxt, ended, typical, layout.in_reference_section):
            flush()
            layout.heading(_squash(line))
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
        ended = _ends_paragraph(line, typical)
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
