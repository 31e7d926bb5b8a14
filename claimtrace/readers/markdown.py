"""Markdown: one block a line, emphasis and link syntax stripped, footnotes as `[n]` + notes section.

Parsing uses markdown-it-py (CommonMark-compliant, maintained by the executablebooks project,
and already installed with claimtrace because `rich` depends on it - no new dependency).
Footnotes are not CommonMark; rather than pull in mdit-py-plugins we cut the definitions out
before parsing (a definition `[^1]: text` would otherwise parse as a link reference definition
and turn `[^1]` into a link) and rewrite the references in text tokens, never in code spans.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..citations import (
    entry_opener, find_markers, is_reference_heading, opens_author_year_entry, source_url,
)
from ..errors import InputError
from ..languages.en import NOTES_HEADING
from ..text import squash as _squash
from .layout import LINK_CLOSE, LINK_OPEN, Layout, note_reference, squash_links
from .source import SourceText

# `[^label]: text` opening a footnote definition (up to three spaces of indentation).
_DEFINITION = re.compile(r"^ {0,3}\[\^([^\]\s]+)\]:[ \t]?(.*)$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
# A footnote reference; the space before it goes too ("a claim [^1]" -> "a claim[1]").
# The lookbehind starts a match only at the beginning of a run of blanks: 200,000 spaces
# before a word must not be scanned 200,000 times.
_REFERENCE = re.compile(r"(?<![ \t])[ \t]*\[\^([^\]\s]+)\]")
# Soft line breaks are kept as this character until we know whether the paragraph is a list of
# `[n] entry` lines (a "References" section typed without blank lines between entries).
_SOFT = "\x00"


@dataclass
class _Footnotes:
    """Footnote definitions by label, and the number each label got at its first use."""

    text: dict[str, str] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)
    numbers: dict[str, int] = field(default_factory=dict)
    # Footnotes are numbered after the document's own `[n]` markers, so that `[1]` (citing a
    # typed reference list) and `[^x]` never both become note 1.
    offset: int = 0

    def number(self, label: str) -> int | None:
        if label not in self.text:
            return None
        if label not in self.numbers:  # any number: the reference is handed forward as a marker
            self.numbers[label] = self.offset + len(self.numbers) + 1
        return self.numbers[label]


def read_markdown(doc: str, text: str) -> SourceText:
    """Read a Markdown document (CommonMark plus tables, strikethrough and footnotes)."""
    from markdown_it import MarkdownIt

    source, footnotes = _cut_definitions(text)
    for nesting in _NESTING:
        md = MarkdownIt("commonmark", {"maxNesting": nesting}).enable(["table", "strikethrough"])
        try:
            tokens = md.parse(source)
            # Notes keep the numbers a Markdown renderer shows (1, 2… by first use). Only a
            # document with its own typed reference list has `[n]` markers they could clash with.
            footnotes.offset = _highest_literal_marker(tokens) if _has_reference_heading(tokens) else 0
            layout = Layout(doc)
            _Renderer(md, layout, footnotes).render(tokens)
            _append_notes(md, layout, footnotes)
        except RecursionError:
            continue
        if nesting != _NESTING[0] and _stopped_early(tokens, source):
            break
        return layout.source(doc, "markdown")
    raise InputError(f"{doc}: Markdown nested too deeply to read without losing text (lists or quotes)")


# CommonMark's preset stops parsing at 20 levels of nesting and silently drops the rest of the
# document (everything after 25 nested list markers). So the parse is first tried with no limit
# of its own; if Python's recursion limit ends it (1,000 nested `[` or `>`), again with a limit
# that inline nesting may reach harmlessly (the rest of a line is kept as text), but if blocks
# were cut off that way, the document is refused instead of read in part.
_NESTING = (1_000_000, 100)


_LEAF_BLOCKS = frozenset(
    "paragraph_open heading_open fence code_block html_block hr table_open".split()
)
# What a line may hold besides text: list and quote markers, or a link reference definition.
_CONTAINER_MARKS = re.compile(r"^(?:[ \t]*(?:>|[-*+]|\d{1,9}[.)])(?=\s|$))*[ \t]*")
_LINK_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:\s*\S")


def _stopped_early(tokens: list, source: str) -> bool:
    """Whether the block parser lost text: a line with words that no leaf block covers."""
    covered = [False] * (source.count("\n") + 1)
    for token in tokens:
        if token.type in _LEAF_BLOCKS and token.map:
            for row in range(token.map[0], min(token.map[1], len(covered))):
                covered[row] = True
    for number, line in enumerate(source.split("\n")):
        marks = _CONTAINER_MARKS.match(line)
        if not covered[number] and not _LINK_DEFINITION.match(line):
            if line[marks.end() if marks else 0 :].strip():
                return True
    return False


def _has_reference_heading(tokens) -> bool:
    """Whether a heading of the document names a reference list ("References", "Sources"…)."""
    return any(
        token.type == "inline" and i and tokens[i - 1].type == "heading_open" and is_reference_heading(token.content)
        for i, token in enumerate(tokens)
    )


def _highest_literal_marker(tokens) -> int:
    """The highest number cited by a `[n]` marker written in the prose (not in code or tables)."""
    highest, in_table = 0, False
    for token in tokens:
        if token.type in ("table_open", "table_close"):
            in_table = token.type == "table_open"
        if token.type != "inline" or in_table:
            continue
        prose = "".join(child.content for child in token.children or [] if child.type == "text")
        for hit in find_markers(prose):
            highest = max((highest, *hit.numbers))
    return highest


def _cut_definitions(text: str) -> tuple[str, _Footnotes]:
    """Remove footnote definitions (outside code fences), keeping line count; collect their text.

    Continuation lines are the indented ones and lazy ones right after the definition, as in
    `[^1]: Smith, "A title",\\n    Journal 2019.`
    """
    footnotes = _Footnotes()
    lines = text.split("\n")
    fence: str | None = None
    current: str | None = None
    for i, line in enumerate(lines):
        opened = _FENCE.match(line)
        if fence is not None:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = None
            continue
        if opened:
            fence, current = opened.group(1), None
            continue
        m = _DEFINITION.match(line)
        if m:
            current = m.group(1)
            footnotes.text[current] = m.group(2).strip()
            footnotes.order.append(current)
            lines[i] = ""
        elif current is not None and line.strip() and (line[:1] in (" ", "\t") or lines[i - 1].strip()):
            footnotes.text[current] += " " + line.strip()
            lines[i] = ""
        elif current is not None and not line.strip():
            continue  # a blank line may separate paragraphs of one footnote
        else:
            current = None
    return "\n".join(lines), footnotes


class _Renderer:
    """Walks markdown-it's block tokens and writes one line per heading / paragraph / list item."""

    def __init__(self, md, layout: Layout, footnotes: _Footnotes):
        self.md = md
        self.layout = layout
        self.footnotes = footnotes

    def render(self, tokens) -> None:
        skip_until: str | None = None
        item_number: list[str | None] = []
        ordered: list[bool] = []
        heading = False
        for tok in tokens:
            if skip_until is not None:  # inside a table
                if tok.type == skip_until:
                    skip_until = None
                continue
            if tok.type == "table_open":
                skip_until = "table_close"
            elif tok.type == "heading_open":
                heading = True
            elif tok.type == "heading_close":
                heading = False
            elif tok.type in ("ordered_list_open", "bullet_list_open"):
                ordered.append(tok.type == "ordered_list_open")
            elif tok.type in ("ordered_list_close", "bullet_list_close"):
                ordered.pop()
            elif tok.type == "list_item_open":
                item_number.append(tok.info if ordered and ordered[-1] else None)
            elif tok.type == "list_item_close":
                item_number.pop()
            elif tok.type == "inline":
                number = item_number[-1] if item_number else None
                item_number[-1:] = [None] if item_number else []  # only the item's first paragraph
                self.inline(tok.children or [], heading, number)
            # fence, code_block, html_block: not prose, dropped.

    def inline(self, children, heading: bool, number: str | None) -> None:
        hrefs: list[str] = []
        line = render_inline(children, self.footnotes, hrefs=hrefs)
        if heading:
            self.layout.heading(squash_links(line.replace(_SOFT, " "), hrefs)[0])
            return
        # "## References" + "1. Smith 2019": keep the list number so the parser can read it.
        entry = int(number) if number and number.isdigit() and self.layout.in_reference_section else None
        if entry is not None:
            line = f"[{entry}] {line}"
        for part in _split_entries(line, self.layout.in_reference_section):
            opened = part.count(LINK_OPEN)
            text, links, notes = squash_links(part, hrefs[:opened])
            hrefs = hrefs[opened:]
            if text:
                self.layout.paragraph(text, links, notes=notes, entry=entry)
            entry = None  # only the item's first line opens it


def render_inline(children, footnotes: _Footnotes, keep_urls: bool = False, hrefs: list[str] | None = None) -> str:
    """Inline tokens as plain text: emphasis dropped, link text kept, footnote refs as `[n]`.

    With `hrefs` (a list to fill), each web link's text is wrapped in the layout's link
    sentinels and its URL appended to `hrefs`, for `squash_links`.
    """
    parts: list[str] = []
    urls: list[str] = []
    open_links: list[bool] = []  # per open link: whether it was marked as a source
    for child in children:
        kind = child.type
        if kind == "text":
            parts.append(_footnote_refs(child.content, footnotes))
        elif kind == "code_inline":
            parts.append(child.content)
        elif kind == "image":  # `![chart of sea level](…)`: its alt text is what a reader is told
            parts.append(child.content)
        elif kind in ("softbreak", "hardbreak"):
            parts.append(_SOFT)
        elif kind == "link_open":
            href = child.attrGet("href") or ""
            url = source_url(href)
            if url:
                urls.append(url)
            if hrefs is not None and url:
                parts.append(LINK_OPEN)
                hrefs.append(url)
            open_links.append(hrefs is not None and url is not None)
        elif kind == "link_close" and open_links:
            if open_links.pop():
                parts.append(LINK_CLOSE)
    text = "".join(parts)
    if keep_urls:
        text = " ".join([text, *[u for u in urls if u not in text]])
    return text


def _footnote_refs(text: str, footnotes: _Footnotes) -> str:
    def number(m: re.Match) -> str:
        n = footnotes.number(m.group(1))
        return m.group(0) if n is None else note_reference((n,), f"[{n}]")

    return _REFERENCE.sub(number, text)


def _split_entries(line: str, in_references: bool = False) -> list[str]:
    """A paragraph of `[1] ...` lines typed without blank lines is a list: one line per entry.
    So is, under a reference heading, a paragraph of lines that open author-year entries
    (`Lee, M. (2018). Naps.` / `Smith, J. (2019). Sleep.`); a line that opens none continues
    the entry before it."""
    pieces = line.split(_SOFT)
    if entry_opener(pieces[0].lstrip(), forms="bracket"):
        opens = lambda piece: bool(entry_opener(piece.lstrip(), forms="bracket"))  # noqa: E731
    elif in_references and len(pieces) > 1 and opens_author_year_entry(pieces[0]) and opens_author_year_entry(pieces[1]):
        opens = opens_author_year_entry
    else:
        return [_squash(" ".join(pieces))]
    out: list[str] = []
    for piece in pieces:
        if opens(piece) or not out:
            out.append(piece)
        else:
            out[-1] += " " + piece
    return [_squash(p) for p in out]


def _append_notes(md, layout: Layout, footnotes: _Footnotes) -> None:
    """Footnotes in order of first use, then any never referenced, under the source's heading."""
    if not footnotes.text:
        return
    for label in footnotes.order:  # unused definitions still belong to the list
        footnotes.number(label)
    entries = []
    for label, number in sorted(footnotes.numbers.items(), key=lambda kv: kv[1]):
        tokens = md.parseInline(footnotes.text[label])
        children = tokens[0].children if tokens else []
        entries.append((number, _squash(render_inline(children or [], footnotes, keep_urls=True).replace(_SOFT, " "))))
    heading = layout.take_trailing_reference_heading() or NOTES_HEADING
    layout.notes(heading, entries)
    # `[^smith2019]`: the label the author gave the note, kept beside the number it got.
    layout.note_labels.update({n: label for label, n in footnotes.numbers.items() if label != str(n)})
