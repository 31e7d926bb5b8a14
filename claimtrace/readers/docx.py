"""Word (.docx): paragraphs one a line, heading styles as headings, real footnotes/endnotes linked.

python-docx reads the body and styles but does not expose footnotes or endnotes, so we read the
`word/footnotes.xml` / `word/endnotes.xml` parts from the package ourselves and walk each
paragraph's XML in order, turning `w:footnoteReference` / `w:endnoteReference` into `[n]`.
Notes are numbered by first reference across both kinds: Word numbers footnotes 1, 2, 3 and
endnotes i, ii, iii separately, and one document-wide sequence keeps `[n]` unambiguous.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any, Iterator

from ..errors import InputError, MissingExtraError
from ..citations import find_markers, is_reference_heading, source_url
from ..languages.en import NOTES_HEADING
from ..text import squash as _squash
from ..text import to_superscript
from .layout import LINK_CLOSE, LINK_OPEN, Layout, note_reference, squash_links
from .source import SourceText

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _q(tag: str, ns: str = _W) -> str:
    return f"{{{ns}}}{tag}"


_T, _P = _q("t"), _q("p")
_FOOTREF, _ENDREF = _q("footnoteReference"), _q("endnoteReference")
_REF_KINDS = {_FOOTREF: "footnote", _ENDREF: "endnote"}
_HYPERLINK = _q("hyperlink")
# Subtrees whose text is not the paragraph's own: text boxes (their paragraphs would be read
# twice, once per mc:Choice / mc:Fallback rendering), deleted revisions, the old place of moved
# text (its new place, `w:moveTo`, is read) and field codes.
_PRUNE = {_q("txbxContent"), _q("Fallback", _MC), _q("del"), _q("instrText"), _q("delText"), _q("moveFrom")}
_RUN, _VANISH = _q("r"), _q("vanish")
# Characters Word writes as elements: a tab or a line break is a space between words, a
# non-breaking hyphen (`COVID‑19` typed with Ctrl+Shift+-) a hyphen, an optional hyphen shows
# only at a line break.
_CHARACTERS = {_q("tab"): " ", _q("br"): " ", _q("cr"): " ", _q("noBreakHyphen"): "-", _q("softHyphen"): ""}
_SYM = _q("sym")
# `w:sym` in the Symbol font: Word stores the font's code + U+F000. Its letters are Greek, its
# digits and common signs ASCII; the rest of its math signs as Unicode (Adobe's Symbol encoding).
_SYMBOL_FONT = {
    **{code: chr(code) for code in b"!#%&()+,./0123456789:;<=>?[]_{|}"},
    **dict(zip(b"ABCDEFGHIKLMNOPQRSTUWXYZ", "ΑΒΧΔΕΦΓΗΙΚΛΜΝΟΠΘΡΣΤΥΩΞΨΖ")),
    **dict(zip(b"abcdefghijklmnopqrstuvwxyz", "αβχδεφγηιϕκλμνοπθρστυϖωξψζ")),
    0x20: " ", 0x2D: "−", 0x2A: "∗", 0x7E: "∼", 0xA3: "≤", 0xB3: "≥", 0xA5: "∞", 0xB1: "±", 0xB4: "×",
    0xB8: "÷", 0xB0: "°", 0xB9: "≠", 0xBB: "≈", 0xAE: "→", 0xAC: "←", 0xD6: "√", 0xE5: "∑", 0xB6: "∂",
}


def _symbol(sym: Any) -> str:
    """The character a `w:sym` shows: its code as Unicode, or in the Symbol font its character;
    a symbol of another picture font (Wingdings) is U+FFFD, so that a sign is never silently lost."""
    try:
        code = int(sym.get(_q("char")) or "", 16)
    except ValueError:
        return "\ufffd"
    if code < 0xF000:
        return chr(code) if 0x20 <= code < 0xD800 or 0xE000 <= code <= 0xFFFD else "\ufffd"
    if (sym.get(_q("font")) or "").strip().lower() == "symbol":
        return _SYMBOL_FONT.get(code - 0xF000, "\ufffd")
    return "\ufffd"


@dataclass
class _Notes:
    """Note texts from the package and the `[n]` each got at its first reference.

    Footnotes keep the numbers Word shows (1, 2, 3 in order of first reference). Endnotes,
    which Word numbers apart (i, ii, iii by default), come after the footnotes and keep Word's
    label (`labels`). Only a document with its own typed reference list has `[n]` markers the
    notes could clash with; then the notes are numbered after them (`offset`).
    """

    text: dict[tuple[str, str], str] = field(default_factory=dict)  # (kind, w:id) -> text
    numbers: dict[tuple[str, str], int] = field(default_factory=dict)
    labels: dict[int, str] = field(default_factory=dict)  # note number -> Word's endnote label
    offset: int = 0
    footnotes: int = 0  # footnotes referenced in the body: endnotes are numbered after them
    counted: dict[str, int] = field(default_factory=dict)  # notes numbered so far, by kind
    roman_endnotes: bool = True  # Word's default endnote numbering

    def number(self, key: tuple[str, str]) -> int:
        if key not in self.numbers:
            kind = key[0]
            order = self.counted.get(kind, 0) + 1  # counted, not re-summed: thousands of notes stay linear
            self.counted[kind] = order
            base = self.offset + (self.footnotes if kind == "endnote" else 0)
            # Any number: the reference is handed forward as a marker (`layout.note_reference`).
            number = base + order
            self.numbers[key] = number
            if kind == "endnote":
                self.labels[number] = _roman(order) if self.roman_endnotes else str(order)
        return self.numbers[key]


def _roman(n: int) -> str:
    """`4` -> `iv`: Word's default endnote numbers."""
    out = ""
    for value, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                           (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out += letters
            n -= value
    return out


# What a DOCX may inflate to. Real documents stay far below (a 1,000-page report's
# document.xml is about 20 MB); a zip bomb of a few MB that inflates to gigabytes does not.
_MAX_XML_PART = 64 * 1024 * 1024
_MAX_INFLATED = 512 * 1024 * 1024


def _check_inflated_size(doc: str, data: bytes) -> None:
    """Refuse a DOCX whose parts would inflate past the limits, before anything is inflated.

    The sizes come from the zip directory; `zipfile` never inflates a member past its stated
    size, so a lying directory only truncates (and then fails its CRC check).
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise InputError(f"{doc}: not a valid DOCX file") from None
    total = sum(m.file_size for m in members)
    xml = max((m.file_size for m in members if m.filename.endswith((".xml", ".rels"))), default=0)
    if xml > _MAX_XML_PART or total > _MAX_INFLATED:
        raise InputError(
            f"{doc}: inflates to {max(total, xml):,} bytes, over claimtrace's DOCX limits "
            f"({_MAX_XML_PART:,} bytes of XML a part, {_MAX_INFLATED:,} in all)"
        )


def read_docx(doc: str, data: bytes) -> SourceText:
    """Read a .docx file (body paragraphs; tables, headers and footers are not read)."""
    try:
        import docx
    except ImportError:  # pragma: no cover - exercised only without the extra
        raise MissingExtraError("DOCX", "docx", "python-docx") from None
    _check_inflated_size(doc, data)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception:  # zipfile.BadZipFile, KeyError for a missing part, lxml errors...
        raise InputError(f"{doc}: not a valid DOCX file") from None
    paragraphs = list(_body_paragraphs(document.element.body))
    plain = [_paragraph_text(p, None) for p in paragraphs]
    typed_list = any(is_reference_heading(line) for line in plain)
    typed = (find_markers(line) for line in plain) if typed_list else ()
    notes = _Notes(
        text=_note_texts(document),
        offset=max((n for hits in typed for hit in hits for n in hit.numbers), default=0),
        footnotes=len({ref.get(_q("id")) for p in paragraphs for ref in p.iter(_FOOTREF)}),
        roman_endnotes=_endnote_format(document) in (None, "lowerRoman"),
    )
    styles = _heading_style_ids(document)
    raised = _raised_style_ids(document)
    numbered_styles = _numbered_style_ids(document)
    layout = Layout(doc)
    counters: dict[str, int] = {}
    for p in paragraphs:
        hrefs: list[str] = []
        line, links, placed = squash_links(
            _paragraph_text(p, notes, rels=document.part.rels, hrefs=hrefs, raised=raised), hrefs)
        if not line:
            continue
        if _style_id(p) in styles:
            layout.heading(line)
            counters.clear()
            continue
        num_id = _num_id(p) or (_style_id(p) if _style_id(p) in numbered_styles else None)
        # "References" typed as a Word numbered list: the numbers live in numbering.xml, not in
        # the text, so count them ourselves or the entries lose their numbers.
        entry = None
        if num_id and layout.in_reference_section:
            entry = counters[num_id] = counters.get(num_id, 0) + 1
            opener = f"[{entry}] "
            line = opener + line
            links = [link.shifted(len(opener)) for link in links]
            placed = [m.shifted(len(opener)) for m in placed]
        layout.paragraph(line, links, notes=placed, entry=entry)
    if notes.numbers:
        entries = [(n, notes.text.get(key, "")) for key, n in sorted(notes.numbers.items(), key=lambda kv: kv[1])]
        layout.notes(layout.take_trailing_reference_heading() or NOTES_HEADING, entries)
        layout.note_labels.update(notes.labels)
    return layout.source(doc, "docx")


def _endnote_format(document: Any) -> str | None:
    """The document's endnote number format (`w:endnotePr/w:numFmt`), None when unset."""
    try:
        settings = document.settings.element
    except Exception:  # a package without settings.xml
        return None
    fmt = settings.find(f"{_q('endnotePr')}/{_q('numFmt')}")
    return fmt.get(_q("val")) if fmt is not None else None


def _body_paragraphs(body: Any) -> Iterator[Any]:
    """Top-level paragraphs and those in content controls and custom XML elements (a template's
    tagged fields, which Word shows as body text); tables are skipped like in HTML."""
    for child in body.iterchildren():
        if child.tag == _P:
            yield child
        elif child.tag == _q("sdt"):
            content = child.find(_q("sdtContent"))
            if content is not None:
                yield from _body_paragraphs(content)
        elif child.tag == _q("customXml"):
            yield from _body_paragraphs(child)


def _paragraph_text(
    p: Any, notes: _Notes | None, urls: list[str] | None = None, rels: Any = None, hrefs: list[str] | None = None,
    raised: frozenset[str] = frozenset(),
) -> str:
    """A paragraph's text in order, note references as `[n]` glued to the preceding word, and
    superscript runs written raised (`it³`, `cm²`: see `text.to_superscript`).

    `urls` collects the external links' targets; with `hrefs`, each external link's text is
    also wrapped in the layout's link sentinels and its target appended (for `squash_links`).
    `raised` are the character styles that set superscript (see `_raised_style_ids`).
    """
    parts: list[str] = []

    def walk(el: Any) -> None:
        for child in el.iterchildren():
            tag = child.tag
            if tag in _PRUNE or (tag == _RUN and _hidden(child)):
                continue
            if tag == _T:
                text = child.text or ""
                parts.append(to_superscript(text) if _is_raised(child.getparent(), raised) else text)
            elif tag in _CHARACTERS:
                parts.append(_CHARACTERS[tag])
            elif tag == _SYM:
                parts.append(_symbol(child))
            elif tag in _REF_KINDS and notes is not None:
                key = (_REF_KINDS[tag], child.get(_q("id")))
                while parts and not parts[-1].strip():
                    parts.pop()
                if parts:
                    parts[-1] = parts[-1].rstrip()
                number = notes.number(key)
                parts.append(note_reference((number,), f"[{number}]"))
            else:
                target = _external_target(child, rels) if tag == _HYPERLINK and rels is not None else None
                if target and urls is not None and target not in urls:
                    urls.append(target)
                if target and hrefs is not None:
                    hrefs.append(target)
                    parts.append(LINK_OPEN)
                    walk(child)
                    parts.append(LINK_CLOSE)
                else:
                    walk(child)

    walk(p)
    return "".join(parts)


_RPR, _VERT_ALIGN, _RSTYLE = _q("rPr"), _q("vertAlign"), _q("rStyle")


def _hidden(run: Any) -> bool:
    """A run Word does not show (`w:vanish`, "Hidden" in the font dialog)."""
    rpr = run.find(_RPR)
    vanish = rpr.find(_VANISH) if rpr is not None else None
    return vanish is not None and vanish.get(_q("val"), "true").lower() not in ("0", "false", "off")


def _is_raised(run: Any, raised_styles: frozenset[str]) -> bool:
    """Whether a run is set superscript: `w:vertAlign w:val="superscript"` on the run (how Word
    writes Vancouver citations and `cm²`) or on its character style."""
    rpr = run.find(_RPR) if run is not None else None
    if rpr is None:
        return False
    align = rpr.find(_VERT_ALIGN)
    if align is not None:
        return align.get(_q("val")) == "superscript"
    style = rpr.find(_RSTYLE)
    return style is not None and style.get(_q("val")) in raised_styles


def _raised_style_ids(document: Any) -> frozenset[str]:
    """Character styles that set superscript themselves (a "Citation" style, say)."""
    ids = set()
    for style in document.styles:
        element = getattr(style, "element", None)
        align = element.find(f"{_RPR}/{_VERT_ALIGN}") if element is not None else None
        if align is not None and align.get(_q("val")) == "superscript":
            ids.add(style.style_id)
    return frozenset(ids)


def _external_target(link: Any, rels: Any) -> str | None:
    """The web address a `<w:hyperlink>` points to; None for bookmarks inside the document."""
    rid = link.get(_q("id", _R))
    rel = rels.get(rid) if rid else None
    return source_url(rel.target_ref) if rel is not None and rel.is_external else None


def _note_texts(document: Any) -> dict[tuple[str, str], str]:
    """Every normal footnote and endnote by (kind, id); separators (ids -1/0) are skipped."""
    from lxml import etree

    out: dict[tuple[str, str], str] = {}
    for rel in document.part.rels.values():
        kind = rel.reltype.rsplit("/", 1)[-1]
        if rel.is_external or kind not in ("footnotes", "endnotes"):
            continue
        part = rel.target_part
        try:
            root = etree.fromstring(part.blob)
        except etree.XMLSyntaxError:
            continue  # a damaged notes part loses the notes, not the document
        for note in root.iterchildren(_q(kind[:-1])):
            if note.get(_q("type")) not in (None, "normal"):
                continue
            urls: list[str] = []
            paras = [_paragraph_text(p, None, urls, part.rels) for p in note.iter(_P)]
            text = _squash(" ".join(paras))
            extra = [u for u in urls if u not in text]
            out[(kind[:-1], note.get(_q("id")))] = " ".join([text, *extra]) if extra else text
    return out


def _heading_style_ids(document: Any) -> set[str]:
    """Style ids whose names are "Heading N" or "Title" (ids differ in localized Word)."""
    ids = set()
    for style in document.styles:
        name = (style.name or "").lower()
        if re.match(r"^(heading \d|title|subtitle)$", name):
            ids.add(style.style_id)
    return ids


def _numbered_style_ids(document: Any) -> set[str]:
    """Styles that number their paragraphs ("List Number"): the numPr sits on the style."""
    ids = set()
    for style in document.styles:
        element = getattr(style, "element", None)
        if element is not None and element.find(f"{_q('pPr')}/{_q('numPr')}") is not None:
            ids.add(style.style_id)
    return ids


def _style_id(p: Any) -> str | None:
    ppr = p.find(_q("pPr"))
    style = ppr.find(_q("pStyle")) if ppr is not None else None
    return style.get(_q("val")) if style is not None else None


def _num_id(p: Any) -> str | None:
    ppr = p.find(_q("pPr"))
    num = ppr.find(_q("numPr")) if ppr is not None else None
    num_id = num.find(_q("numId")) if num is not None else None
    value = num_id.get(_q("val")) if num_id is not None else None
    return value if value not in (None, "0") else None
