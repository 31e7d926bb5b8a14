"""Readers for HTML, Markdown, DOCX and PDF: the text shape the pipeline relies on.

Contract checked for every fixture: one block a line, heading spans are whole lines, markers are
`[n]` glued to the word before, the notes section is last with `[n] entry` lines and the
reference section the pipeline uses (the reader's `reference_section`, or the one found in the
text) covers it.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from claimtrace.citations import find_markers

from claimtrace.errors import InputError, MissingExtraError
from claimtrace.readers import read_bytes, read_path
from claimtrace.readers.source import SourceText
from claimtrace.text import Span
from claimtrace.reference_list import find_reference_section, parse_references

FIXTURES = Path(__file__).parent / "fixtures"
WIKIPEDIA = Path(__file__).parents[1].parent / "shared" / "datasets" / "wikipedia-html"
MARKER = re.compile(r"\[(\d+(?:, \d+)*(?:-\d+)?)\]")


def read(name: str) -> SourceText:
    return read_path(FIXTURES / name)


def lines(st: SourceText) -> list[str]:
    return st.text.split("\n")


def headings(st: SourceText) -> list[str]:
    return [st.text[h.start : h.end] for h in st.headings]


def section(st: SourceText) -> Span | None:
    """The reference section the pipeline will use for this source."""
    return find_reference_section(st.text, st.reference_section)


def body(st: SourceText) -> str:
    found = section(st)
    return st.text[: found.start] if found else st.text


def cited(text: str) -> set[int]:
    out: set[int] = set()
    for raw in MARKER.findall(text):
        for part in raw.split(", "):
            a, _, b = part.partition("-")
            out.update(range(int(a), int(b or a) + 1))
    return out


def check_contract(st: SourceText) -> None:
    """Shape every structured reader promises (see the module docstring)."""
    text = st.text
    assert "\n\n" not in text and text == text.strip()
    for h in st.headings:  # a heading is a whole line
        assert h.start == 0 or text[h.start - 1] == "\n"
        assert h.end == len(text) or text[h.end] == "\n"
    assert not re.search(r"\s\[\d+(?:, \d+)*\](?!\s*\S)", body(st))  # no " [1]" at line ends
    # (4-digit brackets are source text: Hermitian matrix cites "(2001) [1994]")
    assert not re.search(r"[ \t]\[\d{1,3}\]", re.sub(r"(?m)^\[\d+\] ", "", body(st)))
    found = section(st)
    if found:
        assert found.end == len(text)
        assert found.start == 0 or text[found.start - 1] == "\n"
    if st.reference_section:  # a reader's notes section is the end of the text
        assert st.reference_section.end == len(text)


# --- HTML -------------------------------------------------------------------------------------


def test_html_sup_brackets_page():
    st = read("sup_brackets.html")
    check_contract(st)
    assert st.format == "html"
    assert headings(st) == ["Coral reefs in decline", "Causes", "References"]
    assert lines(st)[1].startswith("Coral cover on the Great Barrier Reef fell by half between 1985 and 2012[1].")
    assert "344,400 km², an area" in st.text  # written raised, as printed
    assert not find_markers("344,400 km², an area")  # a superscript unit is not a marker
    assert "Marine heatwaves caused mass bleaching in 2016 and 2017.[2, 3]" in st.text
    assert "recovered within a decade.[2-3]" in st.text
    assert "Warming water stresses corals.[2]" in lines(st)  # list items: one line each
    for furniture in ("Home", "tracking", "Fast fact", "Year", "code [5]", "Copyright", "[edit]", "font-family"):
        assert furniture not in st.text
    refs = parse_references(st.text, section(st))
    assert [r.number for r in refs] == [1, 2, 3]
    assert refs[1].doi == "10.1038/nature21707" and refs[1].year == 2017
    assert refs[0].title == "The 27-year decline of coral cover on the Great Barrier Reef"


def test_html_pandoc_footnotes():
    st = read("pandoc_footnotes.html")
    check_contract(st)
    assert lines(st)[1] == "Lithium demand grew sixfold in a decade.¹ Prices followed² and then fell."  # printed raised
    assert "section 2." in st.text  # a link to a heading is not a marker
    assert st.text[section(st).start :].split("\n")[0] == "Notes"
    refs = parse_references(st.text, section(st))
    assert [r.number for r in refs] == [1, 2, 3]
    assert refs[0].urls == ("https://www.iea.org/reports/critical-minerals",)
    assert refs[1].title == "Lithium price index"
    assert "↩" not in st.text


def test_html_word_endnotes_and_footnotes():
    st = read("word_endnotes.html")
    check_contract(st)
    assert lines(st) == [
        "Water use report",
        "Agriculture uses about 70 percent of the world's freshwater withdrawals[1]. Industry takes most of the rest.[2]",
        "Notes",
        "[1] FAO (2016). AQUASTAT Main Database. http://www.fao.org/aquastat",
        "[2] UN Water (2021). Summary Progress Update.",
    ]
    assert section(st) == Span(st.text.index("Notes"), len(st.text))


def test_html_without_article_markup_reads_the_body():
    st = read_bytes("x.html", b"<html><body><p>One claim.<sup>[1]</sup></p><p>Two.</p></body></html>")
    assert st.text == "One claim.[1]\nTwo."
    assert section(st) is None
    assert read_bytes("empty.html", b"").text == ""


def test_html_keeps_wikipedias_inline_flags():
    """`[citation needed]` sits in a `.noprint` template: the flag stays, the other furniture goes."""
    page = (
        b'<html><body><p>The community has 40,000 contributors.<sup class="noprint Inline-Template '
        b'Template-Fact">[<i><a href="/wiki/Wikipedia:Citation_needed">citation needed</a></i>]</sup>'
        b' <span class="noprint">[edit]</span></p></body></html>'
    )
    st = read_bytes("page.html", page)
    assert st.text == "The community has 40,000 contributors.[citation needed]"
    from claimtrace.pipeline import extract_source

    (record,) = extract_source(st).records
    assert record.flags == ("citation needed",) and record.citations == ()


WIKI = [("wikipedia.html", 76, 76, 72), ("wikipedia-2.html", 417, 415, 368), ("wikipedia-3.html", 6, 6, 5)]


@pytest.mark.skipif(not WIKIPEDIA.is_dir(), reason="../shared/datasets/wikipedia-html not present")
@pytest.mark.parametrize("name,stated,expected,entries", WIKI, ids=[w[0] for w in WIKI])
def test_wikipedia_pages(name, stated, expected, entries):
    st = read_path(WIKIPEDIA / name)
    check_contract(st)
    text = body(st)
    markers = re.findall(r"(?<=\S)\[\d+\]", text)
    # New Zealand states 417: 2 of its markers sit in a data table and a navbox, which we drop.
    assert len(markers) == expected and stated - expected <= 2
    for junk in ("[edit]", "[n ", ":p. ", "Navigation menu", "^ "):
        assert junk not in st.text
    # Editors' inline flags are kept (they become `flags`), as many as the page has.
    assert st.text.count("[citation needed]") == (WIKIPEDIA / name).read_text("utf-8").count("Template-Fact")
    refs = parse_references(st.text, section(st))
    numbered = [r for r in refs if r.number]
    assert [r.number for r in numbered] == list(range(1, entries + 1))
    assert (cited(text) & {int(m[1:-1]) for m in markers}) - {r.number for r in refs} == set()
    assert headings(st)[0] in ("Mozilla", "New Zealand", "Hermitian matrix")


# --- Markdown ---------------------------------------------------------------------------------


def test_markdown_footnotes_lists_and_code():
    st = read("article.md")
    check_contract(st)
    assert st.format == "markdown"
    assert headings(st) == ["Lithium and the energy transition", "Supply", "Outlook", "Notes"]
    assert lines(st)[1] == (
        "Lithium demand grew sixfold in a decade[1], driven by electric vehicles.[2] "
        "Prices followed[3] and then fell; see the IEA report for details."
    )
    assert "Australia mined about half of the world's lithium in 2022.[2]" in lines(st)
    assert "Chile and Argentina hold the largest brine deposits.[3]" in lines(st)
    assert '"We cannot recycle our way out of this," an analyst said.[2]' in lines(st)
    assert "([^iea] is literal in code)" in st.text  # code spans are not rewritten
    for dropped in ("print(", "indented code", "Country", "30%"):
        assert dropped not in st.text
    refs = parse_references(st.text, section(st))
    assert [r.number for r in refs] == [1, 2, 3, 4]  # named notes numbered by first use
    assert refs[0].text.startswith("IEA (2021). The Role of Critical Minerals")
    assert refs[0].urls == ("https://www.iea.org/reports/critical-minerals",)
    assert refs[2].urls == ("https://example.org/lithium-index",)
    assert refs[3].text == "A note nobody cites."


def test_markdown_literal_markers_and_reference_list():
    st = read("references.md")
    check_contract(st)
    assert lines(st)[1] == "Coral cover fell by half between 1985 and 2012.[1] Recovery is slow.[2]"
    refs = parse_references(st.text, section(st))
    assert [r.number for r in refs] == [1, 2]
    assert refs[1].text.endswith("assemblages\". Nature 556: 492.")


def test_markdown_ordered_reference_list_keeps_numbers():
    st = read_bytes("x.md", b"Claim.[2]\n\n## Notes\n\n1. Smith 2001.\n2. Jones 2002.\n")
    assert st.text == "Claim.[2]\nNotes\n[1] Smith 2001.\n[2] Jones 2002."
    assert section(st) == Span(10, len(st.text))


def test_markdown_empty_notes_heading_is_reused():
    st = read_bytes("x.md", b"A claim.[^a]\n\n## Sources\n\n[^a]: Smith 2001.\n")
    assert st.text == "A claim.[1]\nSources\n[1] Smith 2001."


# --- DOCX -------------------------------------------------------------------------------------


def test_docx_footnotes_and_endnotes():
    st = read("article.docx")
    check_contract(st)
    assert st.format == "docx"
    assert headings(st) == ["Sea Level Claims", "Introduction", "Method", "Further reading", "Notes"]
    assert lines(st)[2] == (
        "Global mean sea level rose by about 20 cm between 1901 and 2018.[1] "
        "The rate has roughly tripled since 1970[2]."
    )
    assert "Harbour engineers now plan for a further metre by 2100.[3]" in lines(st)
    assert "Table cell" not in st.text
    refs = parse_references(st.text, section(st))
    assert [r.number for r in refs] == [1, 2, 3]
    assert refs[0].title == "Sea-level rise from the late 19th to the early 21st century"
    assert refs[1].urls == ("https://example.org/noaa-2022",)
    assert refs[2].text.startswith("Author's interview")  # the endnote follows the footnotes
    from claimtrace.pipeline import extract_source

    # Footnotes keep Word's numbers; the endnote keeps the label Word shows it with.
    assert [(r.number, r.label) for r in extract_source(st).references] == [(1, None), (2, None), (3, "i")]


def test_docx_numbered_reference_list():
    st = read("references.docx")
    check_contract(st)
    refs = parse_references(st.text, section(st))
    assert [(r.number, r.year) for r in refs] == [(1, 2012), (2, 2018)]


@pytest.mark.parametrize("data", [b"", b"not a zip", b"PK\x03\x04garbage"])
def test_docx_corrupt(data):
    with pytest.raises(InputError, match=r"^broken\.docx: not a valid DOCX file$"):
        read_bytes("broken.docx", data)


# --- PDF --------------------------------------------------------------------------------------


def test_pdf_reflow_and_references():
    st = read("article.pdf")
    check_contract(st)
    assert st.format == "pdf"
    assert headings(st) == ["Sea Level Claims", "Introduction", "Results", "References"]
    assert lines(st)[2].endswith("as ice sheets lose mass and the warming ocean expands.[1]")
    assert lines(st)[3].endswith("would have seemed alarmist twenty years ago.[2, 3]")
    # de-hyphenated across a page break; running header and page numbers gone
    assert "groundwater extraction over several decades.[3]" in st.text
    assert "Fixture Journal" not in st.text and "\n1\n" not in st.text
    refs = parse_references(st.text, section(st))
    assert [r.number for r in refs] == [1, 2, 3]
    assert refs[0].doi == "10.1007/s10712-011-9119-1"
    assert refs[2].urls == ("https://example.org/subsidence",)


@pytest.mark.parametrize("data", [b"", b"%PDF-1.4\n garbage", b"hello"])
def test_pdf_corrupt(data):
    with pytest.raises(InputError, match=r"^broken\.pdf: not a valid PDF file$"):
        read_bytes("broken.pdf", data)


# --- missing extras ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "module,name,data,extra",
    [("docx", "x.docx", b"", "docx"), ("pypdf", "x.pdf", b"", "pdf")],
)
def test_missing_extra(monkeypatch, module, name, data, extra):
    monkeypatch.setitem(sys.modules, module, None)  # makes `import module` raise ImportError
    with pytest.raises(MissingExtraError, match=rf"claimtrace\[{extra}\]"):
        read_bytes(name, data)


def test_missing_core_dependency_says_reinstall(monkeypatch):
    """selectolax is a core dependency (no extra to name): a broken install gets one line."""
    monkeypatch.setitem(sys.modules, "selectolax.lexbor", None)
    with pytest.raises(InputError, match="force-reinstall"):
        read_bytes("x.html", b"<p>x</p>")


# --- declared encodings ------------------------------------------------------------------------
ENCODED = [
    ("meta charset latin-1", "page.html", b'<html><head><meta charset="ISO-8859-1"></head><body><p>Caf\xe9 prices rose.</p></body></html>'),
    ("http-equiv", "page.html", b'<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251"></head>'
     b"<body><p>Caf\xe9 prices rose.</p></body></html>"),
    ("xml declaration", "page.xhtml", b'<?xml version="1.0" encoding="iso-8859-15"?><html><body><p>Caf\xe9 prices rose.</p></body></html>'),
    ("utf-8 declared", "page.html", '<meta charset="utf-8"><p>Café prices rose.</p>'.encode()),
    ("no declaration: utf-8", "page.html", "<p>Café prices rose.</p>".encode()),
    ("utf-16 with a bom", "page.html", "<p>Café prices rose.</p>".encode("utf-16")),
    ("bom beats a wrong meta", "page.html", b"\xef\xbb\xbf" + '<meta charset="latin-1"><p>Café prices rose.</p>'.encode()),
]


@pytest.mark.parametrize("name,data", [e[1:] for e in ENCODED], ids=[e[0] for e in ENCODED])
def test_each_page_is_decoded_by_its_own_declaration(name, data):
    text = read_bytes(name, data).text
    expected = "Caf\u0439 prices rose." if b"windows-1251" in data else "Café prices rose."
    assert text == expected


def test_a_mixed_batch_decodes_each_file_by_its_declaration(tmp_path):
    from claimtrace.batch import RunConfig, documents, run_batch
    from claimtrace.pipeline import ExtractOptions

    (tmp_path / "latin.html").write_bytes(b'<meta charset="ISO-8859-1"><p>Caf\xe9 prices rose 4%.</p>')
    (tmp_path / "utf8.html").write_bytes('<p>Café prices rose 4%.</p>'.encode())
    outcomes = run_batch([str(tmp_path / "latin.html"), str(tmp_path / "utf8.html")], RunConfig(options=ExtractOptions()))
    texts = [d.records[0].text for d in documents(outcomes)]
    assert texts == ["Café prices rose 4%.", "Café prices rose 4%."]


def test_a_given_encoding_overrides_the_declaration():
    data = b'<meta charset="ISO-8859-1"><p>Caf\xc3\xa9.</p>'
    assert read_bytes("page.html", data, encoding="utf-8").text == "Café."
    with pytest.raises(InputError, match="cannot decode as utf-8 at byte"):
        read_bytes("page.html", b'<meta charset="ISO-8859-1"><p>Caf\xe9.</p>', encoding="utf-8")


# --- hyperlinks as sources ---------------------------------------------------------------------
def test_html_links_are_kept_with_offsets_and_count_as_citations():
    from claimtrace import extract_bytes

    page = (b'<html><body><article><p>Prices rose 40% last year, <a href="https://stats.example/report">'
            b"according to  the agency</a>. Wages fell 3% in 2020.</p>"
            b'<p>See <a href="#top">above</a>, <a href="/about">our team</a> and <a href="//doi.org/10.1/x"> a DOI </a>.</p>'
            b"</article></body></html>")
    st = read_bytes("page.html", page)
    assert [(st.text[k.start:k.end], k.url) for k in st.links] == [
        ("according to the agency", "https://stats.example/report"), ("a DOI", "https://doi.org/10.1/x")]
    assert "a DOI ." in st.text and "  " not in st.text  # white space squashed around anchors
    ledger = extract_bytes("page.html", page)
    prices, wages = ledger.records[:2]
    assert prices.is_cited and not prices.citations and prices.links[0].text == "according to the agency"
    assert not wages.is_cited
    summary = ledger.summary
    assert (summary.link_cited_claims, summary.marker_cited_claims, summary.links) == (1, 0, 2)


def test_markdown_links_are_kept_with_offsets():
    st = read_bytes("a.md", b"Prices rose 40%, [the agency said](https://stats.example/r) on *Monday*. See [here](#x).\n")
    assert st.text == "Prices rose 40%, the agency said on Monday. See here."
    (link,) = st.links
    assert (st.text[link.start:link.end], link.url) == ("the agency said", "https://stats.example/r")


def test_docx_body_hyperlinks_are_sources():
    docx = pytest.importorskip("docx")
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml.ns import qn
    from docx.oxml import OxmlElement
    import io

    document = docx.Document()
    paragraph = document.add_paragraph("Prices rose 40% last year, ")
    rid = document.part.relate_to("https://stats.example/report", RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rid)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "the agency said"
    run.append(text)
    link.append(run)
    paragraph._p.append(link)
    paragraph.add_run(".")
    buffer = io.BytesIO()
    document.save(buffer)
    st = read_bytes("linked.docx", buffer.getvalue())
    assert st.text == "Prices rose 40% last year, the agency said."
    (found,) = st.links
    assert (st.text[found.start:found.end], found.url) == ("the agency said", "https://stats.example/report")


# --- boilerplate on web pages --------------------------------------------------------------------
WEB = sorted((FIXTURES / "web").glob("*.html"))


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize("page", WEB, ids=[p.stem for p in WEB])
def test_web_pages_keep_the_article_and_drop_boilerplate(page):
    """Every content block of the written fixtures survives; most boilerplate does not (the rest
    is reported by benchmarks/eval_boilerplate.py), and `keep_boilerplate` keeps it all."""
    import json

    gold = json.loads(page.with_suffix(".gold.json").read_text("utf-8"))
    text = _flat(read_path(page).text)
    everything = _flat(read_path(page, keep_boilerplate=True).text)
    assert [c for c in gold["content"] if _flat(c) not in text] == []
    kept = [b for b in gold["boilerplate"] if _flat(b) in text]
    assert len(kept) <= len(gold["boilerplate"]) // 3, kept
    assert sum(_flat(b) in everything for b in gold["boilerplate"]) >= len(kept)


def test_boilerplate_filter_keeps_what_cites():
    """A block trafilatura would drop stays when it carries a marker or an editor's flag."""
    from claimtrace.readers.html import main_content_filter

    prose = " ".join(["The council approved the new budget after a long debate about schools."] * 6)
    page = f"<html><body><article><p>{prose}</p></article><footer><p>Share this</p></footer></body></html>"
    is_content = main_content_filter(page)
    assert is_content is not None
    assert not is_content("Share this")
    assert is_content("Share this.[3]") and is_content("Share this.[citation needed]")


@pytest.mark.parametrize("lines,joined", [
    (["a hyphen-", "ated word"], "a hyphenated word"),
    (["the infor-", "mation age"], "the information age"),
    (["a non-", "reversible step"], "a non-reversible step"),
    (["a low-", "dimensional space"], "a low-dimensional space"),
    (["in Anglo-", "Saxon times"], "in Anglo-Saxon times"),
])
def test_pdf_dehyphenation_keeps_real_hyphens(lines, joined):
    from claimtrace.readers.pdf import _join, _Words

    assert _join(lines, _Words(lines)) == joined


def test_pdf_dehyphenation_follows_the_documents_own_usage():
    from claimtrace.readers.pdf import _join, _Words

    lines = ["a low-", "dimensional space"]
    assert _join(lines, _Words([*lines, "and lowdimensional again"])) == "a lowdimensional space"


def test_markdown_notes_keep_the_renderers_numbers_and_their_labels():
    from claimtrace import extract_bytes

    # No typed reference list: `[^smith]` is note 1, as a Markdown renderer shows it.
    ledger = extract_bytes("a.md", b"Prices rose.[^smith] Wages fell.[^2]\n\n[^smith]: Smith (2020) Prices.\n[^2]: Doe (2021) Wages.\n")
    assert [r.citations for r in ledger.records] == [(1,), (2,)]
    assert [(ref.number, ref.label) for ref in ledger.references] == [(1, "smith"), (2, None)]
    # A typed reference list owns the typed numbers: the notes come after them.
    typed = b"A claim.[1] Another.[^n]\n\n## References\n\n1. Roe (2019) A book.\n\n[^n]: A note.\n"
    assert [r.citations for r in extract_bytes("b.md", typed).records if r.citations] == [(1,), (2,)]


def test_pdf_page_foot_footnotes_become_notes():
    pytest.importorskip("pypdf")
    from claimtrace.pipeline import extract_source

    st = read("footnotes.pdf")
    check_contract(st)
    assert "2018.¹ The rate" in st.text and "higher,³ and insurers" in st.text  # raised, as printed
    assert "Church, J. A." not in body(st)  # the footnotes left the body sentences
    assert "1 raise the walls 2 move the pumps" in st.text  # a numbered list without marks stays
    ledger = extract_source(st)
    assert [(r.number, r.year) for r in ledger.references] == [(1, 2011), (2, 2022), (3, 2018)]
    assert [r.citations for r in ledger.records if r.citations] == [(1,), (2,), (3,)]


def test_a_pdf_line_opening_with_0_is_no_footnote():
    """A wrapped line that opens with 0 ("0 and 360°") under a decimal ("1.0") is body text:
    no note is numbered 0 (a real PLOS ONE PDF was refused whole as "a note numbered 0")."""
    from claimtrace.readers.pdf import _take_footnotes

    page = ["Angles ranged from 1.0 to 2.5 and from", "0 and 360 degrees over the", "groups."]
    notes: list[tuple[int, str]] = []
    assert _take_footnotes(page, notes) == page and notes == []


@pytest.mark.parametrize("line,label", [
    ("Climate", True), ("Northern Science Wire", True), ("From: Department for Water Resources", True),
    ("Prices rose 40% last year.", False), ("Water rose.[2]", False), ("It grew [citation needed]", False),
    ("The council approved the new budget after a long debate", False),  # six words: prose
])
def test_short_unpunctuated_web_lines_are_labels(line, label):
    from claimtrace.readers.html import _is_label

    assert _is_label(line) is label


def test_html_hidden_elements_are_dropped_but_a_collapsed_section_is_read():
    """`<p hidden>` is not shown by a browser and was a claim in the ledger (the README says
    hidden elements are dropped); `hidden="until-found"` is a collapsed section a reader opens
    (Wikipedia's mobile pages), and stays."""
    page = (b"<html><body><article><p>Visible claim rose 5% in 2020.</p><p hidden>Hidden one rose 9%.</p>"
            b"<div hidden='until-found'><p>Collapsed section rose 7% in 2021.</p></div></article></body></html>")
    text = read_bytes("x.html", page).text
    assert "Visible claim" in text and "Collapsed section" in text and "Hidden one" not in text


def test_html_center_is_a_block():
    """`<center>` began a block in every browser; its text was glued to the next block's."""
    page = b"<html><body><center>Crime fell 14% in 2015.</center><font>Taxes rose 2% in 2014.</font></body></html>"
    assert read_bytes("x.html", page).text.splitlines() == ["Crime fell 14% in 2015.", "Taxes rose 2% in 2014."]


def _docx_with_body(body: str) -> bytes:
    """A Word file (python-docx's blank document) whose body is `body`'s WordprocessingML."""
    import io
    import zipfile

    docx = pytest.importorskip("docx")
    blank = io.BytesIO()
    docx.Document().save(blank)
    out = io.BytesIO()
    with zipfile.ZipFile(blank) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/document.xml":
                data = ('<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w='
                        f'"http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}<w:sectPr/>'
                        "</w:body></w:document>").encode()
            target.writestr(item.filename, data)
    return out.getvalue()


def _run(text: str, properties: str = "") -> str:
    return f'<w:r>{properties}<w:t xml:space="preserve">{text}</w:t></w:r>'


def test_docx_characters_word_writes_as_elements():
    """`COVID‑19` typed with a non-breaking hyphen read `COVID19`; a `w:sym` sign (`%` from the
    Symbol font) was lost; an optional hyphen shows only at a line break."""
    body = (f"<w:p>{_run('The COVID')}<w:r><w:noBreakHyphen/></w:r>{_run('19 rate rose in 2020 among')}"
            f"<w:r><w:softHyphen/></w:r>{_run(' adults.')}</w:p>"
            f"<w:p>{_run('Over 40')}<w:r><w:sym w:font='Symbol' w:char='F025'/></w:r>{_run(' of voters, ')}"
            f"<w:r><w:sym w:font='Symbol' w:char='F061'/></w:r>{_run(' = 0.05, ')}"
            f"<w:r><w:sym w:font='Wingdings' w:char='F04A'/></w:r>{_run(' said so in 2021.')}</w:p>")
    lines = read_bytes("x.docx", _docx_with_body(body)).text.splitlines()
    assert lines == ["The COVID-19 rate rose in 2020 among adults.", "Over 40% of voters, α = 0.05, \ufffd said so in 2021."]


def test_docx_text_word_does_not_show_is_not_read():
    """A hidden run (`w:vanish`) and the old place of moved text (`w:moveFrom`) were read as the
    document's sentences; the moved text was read twice."""
    hidden = _run("HIDDEN The minister lied. ", "<w:rPr><w:vanish/></w:rPr>")
    shown = _run("SHOWN The minister spoke. ", "<w:rPr><w:vanish w:val='false'/></w:rPr>")
    body = (f"<w:p>{_run('Unemployment fell to 4% last year. ')}{hidden}{shown}{_run('Prices rose 9%.')}</w:p>"
            f"<w:p><w:moveFrom>{_run('Old place says 5 deaths.')}</w:moveFrom>"
            f"<w:moveTo>{_run('New place says 5 deaths.')}</w:moveTo></w:p>")
    lines = read_bytes("x.docx", _docx_with_body(body)).text.splitlines()
    assert lines == ["Unemployment fell to 4% last year. SHOWN The minister spoke. Prices rose 9%.", "New place says 5 deaths."]


def test_pdf_ligatures_are_read_as_their_letters():
    """A typeset `ﬁ` comes out of a PDF as one character: "the ﬁnal ﬁgures show the ofﬁcial
    ﬂow" matched no search for "final" and no English word."""
    from claimtrace.readers.pdf import _page_text

    class Page:  # what pypdf gives for a page set with ligatures (its visitors see other pieces)
        def extract_text(self, **visitors):
            return "The ﬁnal ﬁgures show that the ofﬁcial ﬂow of funds rose, aﬀecting ﬀ ﬃ ﬄ ﬅ ﬆ."

    assert _page_text(Page()) == "The final figures show that the official flow of funds rose, affecting ff ffi ffl st st."


def test_docx_paragraphs_in_custom_xml_are_read():
    """A template's tagged block (`w:customXml` around paragraphs) is body text in Word; it was
    skipped, and nothing said so."""
    body = (f"<w:p>{_run('Before it, prices rose 5% in 2020.')}</w:p>"
            f"<w:customXml w:element='finding'><w:p>{_run('Deaths rose 12% in 2020.')}</w:p></w:customXml>")
    assert read_bytes("x.docx", _docx_with_body(body)).text.splitlines() == [
        "Before it, prices rose 5% in 2020.", "Deaths rose 12% in 2020."]
