"""HTML pages: the main article text, one block a line, citation markers as `[n]` (raised ones raised: `¹`), notes at the end.

Parsing uses selectolax's lexbor backend (a fast, maintained HTML5 parser). The walk is
deliberately simple: pick the article root, drop page furniture, emit one line per block
element, render every footnote reference as `[n]` (handed forward as a marker, whatever its
number: `layout.note_reference`) and every web link as a `Link`, and move the
notes the markers point at to the end under their own heading. Which blocks are the article
and which are boilerplate (bylines, share bars, related stories, comments, footers) is judged by
trafilatura, the field's reference main-content extractor: a block it does not keep is dropped,
unless it carries a citation marker or an editor's flag (see docs/inputs.md).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any, Callable

from ..errors import InputError
from ..citations import (
    editorial_flags, find_markers, is_reference_heading, is_source_block, marker_reading, source_url,
)
from ..languages.en import CLOSING_MARKS, NOTES_HEADING, SENTENCE_END_MARKS
from ..text import squash as _squash
from ..text import to_superscript
from .layout import LINK_CLOSE, LINK_OPEN, Layout, note_reference, squash_links
from .source import SourceText

# Where the article lives, most specific first: Wikipedia's parser output, then HTML5 landmarks.
_ROOTS = ("#mw-content-text .mw-parser-output", "#mw-content-text", "article", "main", "[role=main]", "body")

# Page furniture that is never prose. An editor's inline flag (`[citation needed]`) is an
# `Inline-Template` inside `.noprint` and stays: it becomes the sentence's `flags`. Tables go too:
# Wikipedia's infoboxes and data tables hold markers (New Zealand's infobox cites its
# population) but no sentences worth a ledger row.
# Figure captions stay (images go): New Zealand's captions carry 4 of its markers and read as prose.
_DROP = ", ".join(
    (
        "script", "style", "noscript", "template", "nav", "footer", "aside", "form", "button",
        "select", "iframe", "svg", "canvas", "table", "img", "pre", "video", "audio",
        ".infobox", ".navbox", ".vertical-navbox", ".sidebar", ".mw-editsection", "#toc", ".toc",
        ".hatnote", ".metadata", ".noprint:not(.Inline-Template)", ".mw-jump-link", ".mw-empty-elt",
        ".catlinks", ".printfooter", "[role=navigation]", "[aria-hidden=true]",
        "[style*='display:none']", "[style*='display: none']",
        # `hidden`, but not `hidden=until-found`: a collapsed section a reader opens (Wikipedia's mobile pages)
        "[hidden]:not([hidden='until-found'])",
    )
)
# Containers of note lists, whether or not a marker we keep points into them (New Zealand's
# "[n 1]" group notes are such a list: their markers are dropped, so is the list).
_NOTE_CONTAINERS = (
    "ol.references, .reflist, .mw-references-wrap, .footnotes, section[role=doc-endnotes], "
    "[role=doc-endnotes], [role=doc-footnotes], [style*='mso-element:endnote-list'], "
    "[style*='mso-element:footnote-list']"
)
# Back-links from a note to its marker: Wikipedia's "^ a b", pandoc's "↩︎", Word's "[1]".
_BACKLINKS = (
    ".mw-cite-backlink, a.footnote-back, a[role=doc-backlink], a[href^='#cite_ref'], "
    "a[href^='#fnref'], a[href^='#_ednref'], a[href^='#_ftnref'], a.footnote-backref"
)
_BLOCKS = {
    "p", "div", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "dd", "dt", "dl", "ul",
    "ol", "section", "article", "header", "main", "body", "caption", "figcaption", "address",
    "details", "summary", "hr", "center",
}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_MARKER_CLASS = re.compile(r"reference|footnote|noteref|endnote|fn", re.I)


@dataclass
class _Note:
    """One entry of the notes list the markers point into."""

    number: int | None
    text: str


@dataclass
class _Notes:
    heading: str = NOTES_HEADING
    by_target: dict[str, int] = field(default_factory=dict)  # element id -> marker number
    entries: list[_Note] = field(default_factory=list)
    # Note references that only their link into the notes (or, unlinked, a numbered list of
    # notes) made markers, because the grammar reads their number as a year (1500-2100) or not
    # at all (past 9999): their node's mem_id -> the page's numbers.
    linked_only: dict[int, tuple[int, ...]] = field(default_factory=dict)


# Nesting deeper than this is refused before parsing: the parser's time grows with the square of
# the depth (40,000 nested <div> take 2 s, 400,000 would take minutes). Real pages stay in the
# tens; the hostile-input audit's 10,000 still read.
MAX_DEPTH = 20_000
# The parser's time also grows with the square of one tag's attribute count (200,000 attributes
# in a 1.5 MB page: minutes). A base64 image in `src` is one attribute, however long.
MAX_ATTRIBUTES = 10_000
# `[^<>]*` stops at the next `<`: a page of `<a <a <a …` with no `>` stays linear.
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)([^<>]*)>")
# Elements that are void or closed implicitly by their next sibling: they do not nest deeper.
_FLAT = frozenset(
    "area base br col embed hr img input link meta param source track wbr p li dt dd tr td th "
    "option optgroup rb rt rp thead tbody tfoot colgroup caption".split()
)


# HTML elements for which `<div/>` opens an element like `<div>` (the slash means nothing in
# HTML); in SVG and MathML content `<path/>` really closes itself.
_HTML_CONTAINERS = frozenset(
    "a abbr address article aside audio b bdi bdo blockquote body button canvas center cite code "
    "data del details dfn dialog div dl em fieldset figcaption figure font footer form h1 h2 h3 "
    "h4 h5 h6 head header html i iframe ins kbd label legend main map mark nav noscript object ol "
    "output pre q s samp section select small span strong sub summary sup table template "
    "textarea time u ul var video".split()
)


def _check_depth(doc: str, text: str) -> None:
    """One linear pass over the tags: refuse a page nested deeper than `MAX_DEPTH`, or with a tag
    of more than `MAX_ATTRIBUTES` attributes."""
    if text.count("<") <= MAX_DEPTH and text.count("=") <= MAX_ATTRIBUTES:
        return  # too few tags to nest that deep, too few `=` for one tag to hold that many
    depth = 0
    for match in _TAG.finditer(text):
        close, tag, attributes = match.groups()
        # A tag of more than MAX_ATTRIBUTES `=` is longer than that: count only in such a tag.
        if len(attributes) > MAX_ATTRIBUTES and attributes.count("=") > MAX_ATTRIBUTES:
            raise InputError(f"{doc}: an HTML tag with more than {MAX_ATTRIBUTES:,} attributes")
        tag = tag.lower()
        if tag in _FLAT or (attributes.endswith("/") and tag not in _HTML_CONTAINERS):
            continue
        depth += -1 if close else 1
        if depth > MAX_DEPTH:
            raise InputError(f"{doc}: HTML nested more than {MAX_DEPTH:,} elements deep")
        depth = max(depth, 0)


def read_html(doc: str, text: str, keep_boilerplate: bool = False) -> SourceText:
    """Read one HTML page (see the module docstring for what is kept); `keep_boilerplate` keeps
    every block of the article root."""
    try:
        from selectolax.lexbor import LexborHTMLParser
    except ImportError:  # pragma: no cover - exercised only without the extra
        # a core dependency: only a broken install lacks it
        raise InputError("reading HTML needs 'selectolax', a dependency of claimtrace: "
                         "pip install --force-reinstall claimtrace") from None
    _check_depth(doc, text)
    try:
        tree = LexborHTMLParser(text)
    except Exception:  # selectolax raises plain errors on pathological input
        raise InputError(f"{doc}: not a readable HTML document") from None
    root = _article_root(tree)
    # Wikipedia's content root and furniture classes are known exactly; elsewhere trafilatura judges.
    known_layout = tree.css_first("#mw-content-text") is not None
    is_content = (None if keep_boilerplate or known_layout or beyond_judgement(tree)
                  else main_content_filter(text))
    title = _title_outside(tree, root)
    _render_math(root)  # first: its image and MathML copy are hidden, and hidden things are dropped
    for node in root.css(_DROP):
        node.decompose()
    site = page_address(tree)
    notes = _collect_notes(tree, root, site)
    layout = Layout(doc)
    if title:
        layout.heading(title)
    _Walker(layout, is_content, site, notes).block(root)
    if notes.entries:
        layout.notes(notes.heading, [(n.number, n.text) for n in notes.entries])
    return layout.source(doc, "html")


_FINGERPRINT_DROP = re.compile(r"[\W\d_]+")
_TITLE_TAG = re.compile(r"<title[^>]*>([^<]{1,500})</title>", re.IGNORECASE)


def _fingerprint(text: str) -> str:
    """Letters only, lower case: how a block is found in trafilatura's output whatever it did to
    spacing, quotes and markers (it writes `[1]` as a bare `1`; digits and brackets go here)."""
    return _FINGERPRINT_DROP.sub("", text).lower()


_LABEL_WORDS = 5
_SENTENCE_ENDS = tuple(SENTENCE_END_MARKS)


def _is_label(line: str) -> bool:
    """A short block with no sentence end and nothing cited: "Climate", "Northern Science Wire",
    "Groundwater status report 2019", "From: Department for Water Resources" on a web page."""
    return (
        len(line.split()) <= _LABEL_WORDS
        and not line.rstrip(CLOSING_MARKS).endswith(_SENTENCE_ENDS)
        and not find_markers(line)
        and not editorial_flags(line)
    )


# trafilatura's time grows with the square of an element's children (a paragraph of 8,000 links
# took 38 s, of 2,000 links 3 s) and fast with the page's size (40,000 flat <div> took 42 s).
# Past these, a page is not judged: every block of its article area is kept, as with
# --keep-boilerplate (navigation, footers and asides are still dropped).
JUDGED_ELEMENTS = 10_000
JUDGED_CHILDREN = 1_000


def beyond_judgement(tree: Any) -> bool:
    """Whether the page is too large for trafilatura's judgement in linear time: more than
    `JUDGED_ELEMENTS` elements, or one element with more than `JUDGED_CHILDREN` children."""
    elements = 0
    for node in tree.root.traverse(include_text=False) if tree.root is not None else ():
        elements += 1
        if elements > JUDGED_ELEMENTS:
            return True
        children = 0
        child = node.child
        while child is not None:
            children += 1
            if children > JUDGED_CHILDREN:
                return True
            child = child.next
    return False


def main_content_filter(html: str) -> Callable[[str], bool] | None:
    """A test of whether a block's text is main content, by trafilatura's reading of the page.

    None (keep everything) when trafilatura finds no main content: a fragment, a page that is
    all list. A block with a citation marker or an editor's flag is always kept: boilerplate does
    not cite, and losing a marker would lose a claim's source.
    """
    import trafilatura
    from trafilatura.settings import set_date_params

    try:
        # The metadata are asked for the title only. The page's date is not used: its extensive
        # search runs dateparser on every date-like text (4 sections of 990 `<div>`s holding
        # "in 2020" took 16 s, 0.35 s without it; its caches made a second call on the same page
        # look fast, which passed for a one-time warm-up). Title and text stay the same.
        found = trafilatura.bare_extraction(
            html, include_comments=False, include_tables=False, favor_recall=True, deduplicate=False,
            with_metadata=True, date_extraction_params=set_date_params(extensive=False),
        )
    except Exception:  # trafilatura's own parse failures: judge nothing rather than fail the page
        return None
    if found is None or isinstance(found, dict):  # dict only when asked for (`as_dict=True`)
        return None
    # The page's title is content too: trafilatura reports one apart from the text, and the
    # `<title>` often holds the article's headline after the site's name.
    title_tag = _TITLE_TAG.search(html, 0, 65536)
    titles = f"{found.title or ''}\n{title_tag.group(1) if title_tag else ''}"
    content = _fingerprint(f"{titles}\n{found.text or ''}")
    if len(content) < 200:
        return None

    def is_content(line: str) -> bool:
        if find_markers(line) or editorial_flags(line) or is_reference_heading(line) or is_source_block(line):
            return True
        own = _fingerprint(line)
        return not own or own in content

    return is_content


def page_address(tree: Any) -> str | None:
    """Where the page says it lives (`<link rel=canonical>`, `og:url`, `<base href>`), if it
    says so with an absolute web address: links back to that site's tag, author and comment
    pages are navigation, not sources (`citations.is_navigation`)."""
    for selector, attribute in (("link[rel=canonical]", "href"), ("meta[property='og:url']", "content"),
                                ("base[href]", "href")):
        node = tree.css_first(selector)
        value = (node.attributes.get(attribute) or "").strip() if node is not None else ""
        if value.lower().startswith(("http://", "https://")):
            return value
    return None


def _article_root(tree: Any) -> Any:
    """The element holding the article: the largest match of the first selector that matches."""
    for selector in _ROOTS:
        nodes = tree.css(selector)
        if nodes:
            return max(nodes, key=lambda n: len(n.text(deep=True) or ""))
    return tree.root


def _title_outside(tree: Any, root: Any) -> str | None:
    """Wikipedia's title (`h1#firstHeading`) sits outside the content root; keep it as a heading."""
    if root.css_first("h1") is not None:
        return None
    h1 = tree.css_first("h1")
    return _squash(h1.text(deep=True)) if h1 is not None else None


def _render_math(root: Any) -> None:
    """Wikipedia math is a hidden MathML copy plus an image; keep its TeX so sentences stay whole.

    Hermitian matrix: "a matrix {A} is Hermitian" instead of "a matrix  is Hermitian".
    """
    for node in root.css(".mwe-math-element"):
        img = node.css_first("img")
        math = node.css_first("math")
        tex = (img.attributes.get("alt") if img is not None else None) or (
            math.attributes.get("alttext") if math is not None else None) or ""
        tex = re.sub(r"^\{\\displaystyle\s*(.*)\}$", r"\1", tex.strip(), flags=re.S)
        node.replace_with(f" {tex} " if node.tag == "div" else tex)  # display math stands apart


# ---------------------------------------------------------------------------------------------
# markers


def marker_numbers(node: Any) -> tuple[str, tuple[int, ...]] | None:
    """`("12", (12,))`, `("1, 2", (1, 2))` or `("3-7", (3, …, 7))` when `node` (a sup or a link)
    is a citation marker the grammar reads (`citations.marker_reading`), else None.

    A bare superscript digit is NOT a marker: New Zealand's "268,021 km<sup>2</sup>" is an
    area. A marker needs a link to a fragment, brackets, or a footnote-ish class.
    """
    if not _small(node):
        return None
    raw = _squash(node.text(deep=True))
    label = marker_reading(raw)
    if label is None:
        return None
    bracketed = raw.startswith("[") and raw.endswith("]")
    linked = _fragment(node) is not None
    classy = bool(_MARKER_CLASS.search(" ".join(_classes(node)))) or _role(node) == "doc-noteref"
    if not (bracketed or linked or classy) or _is_backlink(node):
        return None
    # A bare link with digits is a cross-reference ("section <a href='#outlook'>2</a>" in the
    # pandoc fixture) unless it says it is a note reference or wraps a superscript.
    if node.tag == "a" and not (bracketed or classy or node.css_first("sup") is not None):
        return None
    return label


def _role(node: Any) -> str:
    return node.attributes.get("role") or ""


def _is_backlink(node: Any) -> bool:
    """A note's link back to its marker (Word's `<a href="#_ftnref1">[2]</a>` looks like a marker)."""
    target = _fragment(node) or ""
    return target.startswith(("cite_ref", "fnref", "_ednref", "_ftnref")) or _role(node) == "doc-backlink"


# A note reference holds a few nodes (`<sup><a>1</a></sup>`); Nature links each number of a
# raised list (`<sup><a>1</a>,<a>2</a>,…</sup>`: six numbers are 18 nodes, 30 about 90).
_MARKER_NODES = 128


def _small(node: Any) -> bool:
    """Whether `node` holds at most a few elements, as every marker does (`<sup><a>1</a></sup>`).

    Checked before any whole-subtree work: 19,000 nested `<sup>` would otherwise each read the
    text of all those below them.
    """
    for count, _ in enumerate(node.traverse(include_text=True)):
        if count > _MARKER_NODES:
            return False
    return True


def _fragment(node: Any) -> str | None:
    """The `#id` a marker links to (the node itself or a link inside or around it)."""
    links = [node] if node.tag == "a" else node.css("a")
    parent = node.parent
    if parent is not None and parent.tag == "a":  # Word: <a href="#_ftn1"><sup>[1]</sup></a>
        links.append(parent)
    for link in links:
        href = link.attributes.get("href") or ""
        if "#" in href and href.split("#", 1)[1]:
            return href.split("#", 1)[1]
    return None


def _classes(node: Any) -> list[str]:
    out = []
    while node is not None and node.tag in ("sup", "a", "span"):
        out.append(node.attributes.get("class") or "")
        node = node.child if node.child is not None and node.child.tag in ("a", "span") else None
    return out


def _is_marker_candidate(node: Any) -> bool:
    """Elements that may hold a marker: `<sup>`, and links like Word's `<a href="#_edn1">[1]</a>`."""
    if node.tag == "sup":
        return True
    if node.tag == "a":
        href = node.attributes.get("href") or ""
        return href.startswith("#") and (node.parent is None or node.parent.tag != "sup")
    return False


# ---------------------------------------------------------------------------------------------
# notes


def _collect_notes(tree: Any, root: Any, site: str | None = None) -> _Notes:
    """Find the entries the markers point at, render them, and cut them out of the body.

    Entry numbers come from the marker that links to the entry (Wikipedia shows "[3]" for
    `cite_note-Census2018_pdc-5`), else from the entry's position in its `<ol>`. They stay the
    page's numbers, whatever they are (a note 1999, a 12,000th note): the markers are handed
    forward as markers (`layout.note_reference`), not left to the grammar to read back.
    """
    notes = _Notes()
    targets: dict[str, int] = {}
    linked_only: list[tuple[int, tuple[list[tuple[str, int]], tuple[int, ...]]]] = []  # mem_id, links, numbers
    unlinked: list[tuple[int, int]] = []  # a `<sup>[1500]</sup>` linking nowhere: mem_id, number
    for node in root.css("sup, a[href^='#']"):
        if not _is_marker_candidate(node):
            continue
        reading = marker_numbers(node)
        own = None if reading else _page_note_numbers(node)
        target = _fragment(node) if reading else None  # both checked the size first
        if reading and target and reading[0].isdigit():
            targets.setdefault(target, int(reading[0]))
        elif own:
            linked_only.append((node.mem_id, own))
        elif not reading and (number := _unlinked_note_number(node)) is not None:
            unlinked.append((node.mem_id, number))
    anchors = _anchors(tree) if targets or linked_only else {}
    for mem_id, (pairs, numbers) in linked_only:
        # Only links into list items: a raised year linking to a figure or a section stays a year.
        found = [_entry_node(anchors.get(target)) for target, _ in pairs]
        if all(entry is not None and entry.tag == "li" for entry in found):
            for target, number in pairs:
                targets.setdefault(target, number)
            notes.linked_only[mem_id] = numbers
    if unlinked:
        listed = _listed_note_numbers(root)
        notes.linked_only.update((mem_id, (number,)) for mem_id, number in unlinked if listed(number))
    entries = []
    seen: set[int] = set()
    for target, number in targets.items():
        entry = _entry_node(anchors.get(target))
        if entry is not None and entry.mem_id not in seen:
            seen.add(entry.mem_id)
            entries.append((entry, number))
    containers = list(root.css(_NOTE_CONTAINERS))
    for entry, _ in entries:
        if entry.parent is not None and entry.parent.tag in ("ol", "ul") and entry.tag == "li":
            containers.append(entry.parent)
    notes.heading = _notes_heading(root, containers, [e for e, _ in entries]) or NOTES_HEADING
    if entries:
        _add_uncited_siblings(entries)
        for entry, number in entries:
            for back in entry.css(_BACKLINKS):
                back.decompose()
            notes.entries.append(_Note(number, _with_urls(_inline_text(entry, site), entry, site)))
        notes.entries.sort(key=lambda n: (n.number is None, n.number or 0))
    for node in [e for e, _ in entries] + containers:
        if node.parent is not None:
            node.decompose()
    return notes


# `1999`, `[1999]`, `1999, 2000`, `1999–2001`: the page's numbers of a note reference.
_PAGE_NUMBERS = re.compile(r"\[?\s*[0-9]{1,9}(?:\s*[,;\-\u2013\u2014]\s*[0-9]{1,9})*\s*\]?")
_PAGE_RANGE = 100  # as `citations`' ranges: a wider one is no run of notes


def _page_note_numbers(node: Any) -> tuple[list[tuple[str, int]], tuple[int, ...]] | None:
    """The (fragment, number) of each note a reference links to, and the numbers it cites
    (`1999–2001` links two notes and cites three), when the citation grammar
    does not read its number because the page numbers its notes where `[n]` reads a year or
    nothing (`<sup><a href="#n1999">1999</a></sup>` into an `<ol start="1990">`;
    `<sup><a href="#n1999">1999</a>,<a href="#n2000">2000</a></sup>`): a small `<sup>` or
    bracketed link holding nothing but those numbers, each linking to a fragment. It counts
    only when every fragment is a note (`_collect_notes`)."""
    if not _small(node) or _is_backlink(node):
        return None
    raw = _squash(node.text(deep=True))
    if not _PAGE_NUMBERS.fullmatch(raw):
        return None
    bracketed = raw.startswith("[") and raw.endswith("]")
    if node.tag == "a" and not (bracketed or node.css_first("sup") is not None):
        return None  # a bare link with digits is a cross-reference (see `marker_numbers`)
    links = [node] if node.tag == "a" else node.css("a")
    if len(links) <= 1:
        target = _fragment(node)
        digits = raw.strip("[] ")
        return ([(target, int(digits))], (int(digits),)) if target and digits.isdigit() and int(digits) >= 1 else None
    # One raised list, each number its own link: `1999,2000` or, a range, `1999–2001`.
    pairs = []
    for link in links:
        href, digits = link.attributes.get("href") or "", _squash(link.text(deep=True))
        if not (href.startswith("#") and len(href) > 1 and digits.isascii() and digits.isdigit() and int(digits) >= 1):
            return None
        pairs.append((href[1:], int(digits)))
    if "".join(str(n) for _, n in pairs) != re.sub(r"[^0-9]", "", raw):
        return None  # text outside the links, or a number not linked
    lo, hi = pairs[0][1], pairs[-1][1]
    if len(pairs) == 2 and re.search("[-\u2013\u2014]", raw):
        return (pairs, tuple(range(lo, hi + 1))) if 0 < hi - lo <= _PAGE_RANGE else None
    numbers = tuple(n for _, n in pairs)
    return (pairs, numbers) if len(set(numbers)) == len(numbers) else None


def _unlinked_note_number(node: Any) -> int | None:
    """The number of a `<sup>[1500]</sup>` the grammar reads as a year (or past 9999, not at
    all): a note reference only where a numbered list of notes has that item
    (`_listed_note_numbers`)."""
    if node.tag != "sup" or not _small(node) or node.css_first("a") is not None:
        return None
    raw = _squash(node.text(deep=True))
    digits = raw[1:-1].strip() if raw.startswith("[") and raw.endswith("]") else ""
    return int(digits) if digits.isascii() and digits.isdigit() and len(digits) <= 9 and int(digits) >= 1 else None


def _listed_note_numbers(root: Any) -> Callable[[int], bool]:
    """Whether a number is an item of an `<ol>` under a notes heading ("Notes", "References"):
    the items the walk numbers as entries (`_Walker.list_number`). One pass over the page."""
    ranges: list[tuple[int, int]] = []
    in_notes = False
    for node in root.traverse():
        if node.tag in _HEADINGS:
            in_notes = is_reference_heading(_squash(node.text(deep=True)))
        elif node.tag == "ol" and in_notes:
            start = list_start(node)
            ranges.append((start, start + sum(1 for c in node.iter() if c.tag == "li")))
    merged: list[list[int]] = []
    for lo, hi in sorted(ranges):  # disjoint, sorted: each look-up a bisection (10,000 lists stay fast)
        if merged and lo <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    starts = [lo for lo, _ in merged]

    def listed(number: int) -> bool:
        i = bisect_right(starts, number) - 1
        return i >= 0 and number < merged[i][1]

    return listed


def _anchors(tree: Any) -> dict[str, Any]:
    """Every element a fragment can name, by `id` (first wins) or else `name`: built once, so
    that 10,000 markers do not search the page 10,000 times."""
    by_id: dict[str, Any] = {}
    by_name: dict[str, Any] = {}
    for node in tree.css("[id], [name]"):
        attributes = node.attributes
        if attributes.get("id"):
            by_id.setdefault(attributes["id"], node)
        if attributes.get("name"):
            by_name.setdefault(attributes["name"], node)
    return {**by_name, **by_id}


def _entry_node(node: Any | None) -> Any | None:
    """The block (li, p, div...) holding the element a marker's fragment names."""
    while node is not None and node.tag not in ("li", "p", "div", "dd", "section", "aside", "body"):
        node = node.parent
    if node is None or node.tag == "body":
        return None
    return node


def list_start(ol: Any) -> int:
    """The number of an `<ol>`'s first item: `start="5"` → 5, `start="12000"` → 12000. Anything
    but 1 to 9 ASCII digits (`start="²"`, a 5,000-digit number) is ignored, as browsers ignore
    what they cannot parse."""
    value = (ol.attributes.get("start") or "").strip()
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 9 else 1


def _add_uncited_siblings(entries: list[tuple[Any, int]]) -> None:
    """Entries of the same `<ol>` that no marker points to still belong to the list (numbered by position)."""
    known = {e.mem_id for e, _ in entries}
    parents = {e.parent.mem_id: e.parent for e, _ in entries if e.tag == "li" and e.parent is not None}
    for parent in parents.values():
        start = list_start(parent)
        items = [c for c in parent.iter() if c.tag == "li"]
        for i, item in enumerate(items):
            if item.mem_id not in known:
                entries.append((item, start + i))
                known.add(item.mem_id)


def _notes_heading(root: Any, containers: list[Any], entries: list[Any]) -> str | None:
    """The heading that introduces the notes ("References", "Notes"...), removed from the body.

    Every notes-like heading that directly precedes a notes container goes: New Zealand has
    "Footnotes" (group notes) and "Citations" (the numbered list); the last one names the section.
    """
    anchors = {n.mem_id for n in containers + entries}
    name = None
    last_heading = None
    doomed = []
    for node in root.traverse():
        if node.tag in _HEADINGS:
            last_heading = node
        elif node.mem_id in anchors and last_heading is not None:
            text = _squash(last_heading.text(deep=True))
            if is_reference_heading(text):
                name = text
                doomed.append(last_heading)
            last_heading = None
    for heading in doomed:  # not during the traversal: lexbor's iterator must not lose its node
        heading.decompose()
    return name


# ---------------------------------------------------------------------------------------------
# body walk


# The walk's work items besides a node to visit (the node itself): finish a block, end a
# heading, end a link.
_FLUSH, _END_HEADING, _END_LINK = range(3)


class _Walker:
    """Emits one line per block element, with markers rendered as `[n]`.

    The walk keeps its own stack instead of recursing, so a page nested 10,000 elements deep is
    read like any other (Python's recursion limit is about 1,000). A node on the stack is
    visited, an int is one of the actions above: no tuple per node (a page of 100,000 links has
    200,000 nodes).
    """

    def __init__(self, layout: Layout, is_content: Callable[[str], bool] | None = None, site: str | None = None,
                 notes: _Notes | None = None):
        self.layout = layout
        self.notes = notes or _Notes()
        self.is_content = is_content
        self.site = site  # the page's own address: its tag and author links are not sources
        self.buf: list[str] = []
        self.hrefs: list[str] = []  # the URL of each link opened in the current line, in order
        self.heading = False
        self.entry: int | None = None  # the number `list_number` wrote at the start of the line
        self._item_numbers: dict[int, dict[int, int]] = {}  # <ol> -> its <li> -> position
        self._urls: dict[str, str | None] = {}  # href -> `source_url(href, site)`
        self._stack: list[Any] = []

    def block(self, node: Any) -> None:
        stack = self._stack = [_FLUSH]
        self._children(node)
        while stack:
            item = stack.pop()
            if type(item) is not int:
                self.node(item)
            elif item == _FLUSH:
                self.flush()
            elif item == _END_LINK:
                self.buf.append(LINK_CLOSE)
            else:
                self.heading = False

    def _children(self, node: Any, *then: int) -> None:
        """Visit `node`'s children next, then do the actions `then` (in that order)."""
        stack = self._stack
        stack.extend(reversed(then))
        children = list(node.iter(include_text=True))
        children.reverse()
        stack.extend(children)

    def node(self, node: Any) -> None:
        """Handle one node; the work its content still needs goes on the stack."""
        tag = node.tag
        if tag == "-text":
            self.buf.append(node.text_content or "")
        elif tag == "a":
            self.anchor(node)
        elif tag in ("-comment", "head", "title"):
            pass
        elif tag == "br":
            self.buf.append(" ")
        elif tag == "sup":
            if reading := marker_numbers(node) or self._linked_only(node):
                self.marker(reading, _squash(node.text(deep=True)))
            elif "reference" in (node.attributes.get("class") or ""):
                pass  # Wikipedia group notes "[n 7]" and page locators ":p. 234"
            elif (raised := _raised_text(node)) is not None:
                self.buf.append(raised)
            else:
                self._children(node)
        elif tag in _HEADINGS:
            self.flush()
            self.heading = True
            self._children(node, _FLUSH, _END_HEADING)
        elif tag == "li":
            self.flush()
            self.list_number(node)
            self._children(node, _FLUSH)
        elif tag in _BLOCKS:
            self.flush()
            self._children(node, _FLUSH)
        else:
            self._children(node)

    def anchor(self, node: Any) -> None:
        """An `<a>`: a note reference (`<a href="#_edn1">[1]</a>`), a web link, or neither.
        Its attributes are read once (`_is_marker_candidate` reads them for a link)."""
        href = node.attributes.get("href") or ""
        if href.startswith("#"):
            parent = node.parent
            if (parent is None or parent.tag != "sup") and (reading := marker_numbers(node) or self._linked_only(node)):
                self.marker(reading, _squash(node.text(deep=True)))
                return
        if href in self._urls:  # a page links the same address many times: decided once
            url = self._urls[href]
        else:
            url = self._urls[href] = source_url(href, self.site)
        if not url:
            self._children(node)
            return
        self.buf.append(LINK_OPEN)
        self.hrefs.append(url)
        self._children(node, _END_LINK)

    def list_number(self, node: Any) -> None:
        """Items of an `<ol>` after a "References" heading keep their number as `[n]`.

        A page that writes `<sup>[1]</sup>` and a plain `<h2>References</h2><ol>` list has no
        links to follow; numbering the items lets the reference parser read the list.
        """
        parent = node.parent
        if parent is not None and parent.tag == "ol" and self.layout.in_reference_section:
            positions = self._item_numbers.get(parent.mem_id)
            if positions is None:  # once per list: 10,000 items must not mean 10,000 scans
                items = [c for c in parent.iter() if c.tag == "li"]
                positions = self._item_numbers[parent.mem_id] = {c.mem_id: i for i, c in enumerate(items)}
            self.entry = list_start(parent) + positions.get(node.mem_id, 0)
            self.buf.append(f"[{self.entry}] ")

    def _linked_only(self, node: Any) -> tuple[str, tuple[int, ...]] | None:
        """The page's numbers of a note reference that only its link into the notes (or a
        numbered list of notes) made one."""
        numbers = self.notes.linked_only.get(node.mem_id)
        return None if numbers is None else (", ".join(map(str, numbers)), numbers)

    def marker(self, reading: tuple[str, tuple[int, ...]], printed: str) -> None:
        """Append the note reference glued to the preceding word: "a claim [1]" is written
        "a claim[1]"; one printed raised without brackets (`<sup><a href="#ref-CR1">1</a></sup>`,
        Nature's form) is written raised, "a claim¹", as it reads on the page. It is handed
        forward as a marker citing the numbers read (`layout.note_reference`), whatever they are."""
        while self.buf and not self.buf[-1].strip():
            self.buf.pop()
        if self.buf:
            self.buf[-1] = self.buf[-1].rstrip()
        label, numbers = reading
        bracketed = printed.startswith("[") and printed.endswith("]")
        shown = f"[{label}]" if bracketed else to_superscript(printed.replace(" ", ""))
        self.buf.append(note_reference(numbers, shown))

    def flush(self) -> None:
        line, links, notes = squash_links("".join(self.buf), self.hrefs, self.layout.next_start)
        entry, self.entry = self.entry, None
        self.buf = []
        self.hrefs = []
        if not line:
            return
        heading = self.heading
        if self.is_content is not None:
            # A line with a note reference is kept: boilerplate does not cite.
            if not (notes or self.is_content(line)):
                return
            # A site name, a category, "From: Ministry X", a bold `<p><strong>Label</strong></p>`:
            # a heading for this line only. The state must not outlive it: a label that stayed
            # set turned every later paragraph of a news article into headings (issue 20).
            heading = heading or (not notes and _is_label(line))
        if heading:
            self.layout.heading(line)
        else:
            self.layout.paragraph(line, links, placed=True, notes=notes, entry=entry)


def _raised_text(node: Any) -> str | None:
    """A small `<sup>`'s text written raised (`it<sup>3</sup>` → `it³`, `cm<sup>2</sup>` →
    `cm²`), or None to read it as ordinary content (no digit in it, or a web link inside).

    The reader only writes what is printed; whether `³` cites note 3 is the citation grammar's
    call (`citations.Superscript`), the same for HTML, Word, PDF and typed Unicode.
    """
    if not _small(node) or any(source_url(a.attributes.get("href") or "") for a in node.css("a")):
        return None
    text = _squash(node.text(deep=True))
    raised = to_superscript(text)
    return raised if raised != text else None


def _with_urls(text: str, entry: Any, site: str | None = None) -> str:
    """Append the entry's web links: Wikipedia's citations carry the URL only in the title link,
    and the reference parser reads URLs from the text."""
    urls = []
    for link in entry.css("a[href]"):
        href = source_url(link.attributes.get("href") or "", site)  # `//doi.org/…` too
        if href and href not in text and href not in urls:
            urls.append(href)
    return " ".join([text, *urls]) if urls else text


def _inline_text(node: Any, site: str | None = None) -> str:
    """A note's text on one line (nested markers rendered, nested blocks joined by spaces)."""
    layout = Layout()
    _Walker(layout, site=site).block(node)
    return " ".join(line for line in layout.text.split("\n") if line)
