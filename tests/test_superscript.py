"""Superscript numerals as citation markers: the recognizer's table, its vetoes, and each reader
that writes raised text (HTML `<sup>`, Word superscript runs, a PDF's small raised digits).

Fixtures are made here (python-docx, fpdf2); nothing from the dev set is copied in.
"""

from __future__ import annotations

import io
import time

import pytest

from claimtrace import ExtractOptions, extract, extract_bytes
from claimtrace.citations import SUPERSCRIPT, explain, find_markers, strip_markers
from claimtrace.sentences import split_sentences
from claimtrace.text import to_superscript

# (text, [(raw, numbers)], recognizer of the first)
CITATIONS = [
    ("Naps restore it³.", [("³", (3,))], "superscript"),
    ("Naps restore it.³ Next", [("³", (3,))], "superscript"),
    ("shown¹,² here", [("¹,²", (1, 2))], "superscript_list"),
    ("shown¹, ² here", [("¹, ²", (1, 2))], "superscript_list"),
    ("shown¹˒² here", [("¹˒²", (1, 2))], "superscript_list"),
    ("shown³⁻⁵ here", [("³⁻⁵", (3, 4, 5))], "superscript_range"),
    ("shown³–⁵ here", [("³–⁵", (3, 4, 5))], "superscript_range"),
    ("shown³– ⁵ here", [("³– ⁵", (3, 4, 5))], "superscript_range"),  # a PDF line broke after the dash
    ("shown¹,⁴⁻⁶ here", [("¹,⁴⁻⁶", (1, 4, 5, 6))], "superscript_list"),
    ("shown¹⁴ here", [("¹⁴", (14,))], "superscript"),
    # PLOS's `[1]–[2]` set raised, brackets and all (39 of the 87 dev articles).
    ("shown¹]–[² here", [("¹]–[²", (1, 2))], "superscript_range"),
    ("shown⁴],[⁶]–[⁹.", [("⁴],[⁶]–[⁹", (4, 6, 7, 8, 9))], "superscript_list"),
    ("a size of 385 g⁵⁰:³⁸³.", [("⁵⁰:³⁸³", (50,))], "superscript_locator"),
    ("plate B¹:fig.⁴ and", [("¹:fig.⁴", (1,))], "superscript_locator"),
    ("figured by Asher (²⁵: fig. 1L)", [("²⁵", (25,))], "superscript"),
    ("One of the first was Merton’s³ model", [("³", (3,))], "superscript"),
    ("cells (n=34)⁵² and", [("⁵²", (52,))], "superscript"),
    ("reported in 2010¹⁴, as", [("¹⁴", (14,))], "superscript"),  # a year, then a note
    ("release of IL-10¹⁴.", [("¹⁴", (14,))], "superscript"),  # a name ending in 10, then a note
    ("upward by 400 m¹⁰⁴.", [("¹⁰⁴", (104,))], "superscript"),  # a unit, but no power is 104
    ("ten studies²,³ found", [("²,³", (2, 3))], "superscript_list"),  # lists are never powers
    ("in R²⁹ here", [("²⁹", (29,))], "superscript"),
    ("both forms[1] and¹⁵ here", [("[1]", (1,)), ("¹⁵", (15,))], "single"),
]

# (text, the veto `explain` names)
NOT_CITATIONS = [
    ("an area of 5 cm²", "unit"),
    ("268,021 km² of land", "unit"),
    ("a volume of 3 m³ here", "unit"),
    ("an acceleration of 9.8 m/s² here", "unit"),
    ("a density of 10⁻⁶ here", "exponent"),
    ("a rate of 2 s⁻¹ here", "exponent"),
    ("about 1.5×10⁶ cells", "exponent"),
    ("R² = 0.91", "exponent"),
    ("2³ = 8", "exponent"),
    ("the term x² here", "variable"),
    ("an R² of 0.9", "variable"),
    ("a χ² test", "variable"),
    ("the variance σ² of", "variable"),
    ("Ca²⁺ ions", "charge"),
    ("SO₄²⁻ ions", "charge"),
    ("labelled with ¹⁴C glucose", "isotope"),
    ("[³H]thymidine uptake", "isotope"),
    ("a stray [²] glyph", "detached"),
    ("² alone", "detached"),
    ("a “³ quote", "detached"),
    ("in ²⁰¹⁹ here", None),  # a raised year is not note 2019
]

# Not digits, never raised-digit candidates: ordinals and footnote symbols stay as printed.
NOT_DIGITS = ["the 1st trial", "the 1ˢᵗ trial", "a result* here", "a result† here", "a resultᵃ here"]


@pytest.mark.parametrize("text,expected,recognizer", CITATIONS)
def test_superscript_forms(text, expected, recognizer):
    hits = find_markers(text)
    assert [(h.raw, h.numbers) for h in hits] == expected
    assert hits[0].recognizer == recognizer
    assert all(h.style == ("bracket" if h.raw.startswith("[") else "superscript") for h in hits)
    for hit in hits:
        assert text[hit.start : hit.end] == hit.raw


@pytest.mark.parametrize("text,why", NOT_CITATIONS)
def test_superscript_vetoes(text, why):
    assert find_markers(text) == []
    assert explain(text) == why


@pytest.mark.parametrize("text", NOT_DIGITS)
def test_ordinals_and_symbols_are_not_markers(text):
    assert find_markers(text) == []


def test_pinpoint_is_kept_as_locator():
    assert [h.locator for h in find_markers("a size of 385 g⁵⁰:³⁸³.")] == ["383"]
    assert [h.locator for h in find_markers("plate B¹:fig.⁴ and")] == ["fig.4"]


def test_brackets_keep_their_style():
    assert [(h.style, h.recognizer) for h in find_markers("a [1] b [2-3] c")] == [("bracket", "single"), ("bracket", "range")]


@pytest.mark.parametrize("text", ["Naps restore it³. Sleep helps.", "Naps restore it.³ Sleep helps.",
                                  "Naps restore it¹,². Sleep helps.", "Naps restore it.³⁻⁵ Sleep helps."])
def test_a_superscript_marker_stays_with_its_sentence(text):
    markers = find_markers(text)
    spans = split_sentences(text, markers)
    assert [text[s.start : s.end] for s in spans][1] == "Sleep helps."
    first = text[spans[0].start : spans[0].end]
    assert strip_markers(first) in ("Naps restore it.", "Naps restore it")
    assert strip_markers(first) + "" == first.replace(markers[0].raw, "")


def test_a_vetoed_superscript_stays_in_the_claim_text():
    assert strip_markers("It covers 5 km² of reef.") == "It covers 5 km² of reef."


def test_superscript_ledger_rows():
    ledger = extract("Short naps restore alertness in adults³. The reef covers 5 km² of sea floor.¹,⁴⁻⁶\n"
                     "\nReferences\n1. A. 2001.\n2. B. 2002.\n3. C. 2003.\n4. D. 2004.\n5. E. 2005.\n6. F. 2006.\n")
    rows = {r.text: r for r in ledger.records}
    assert rows["Short naps restore alertness in adults³."].citations == (3,)
    assert rows["The reef covers 5 km² of sea floor.¹,⁴⁻⁶"].citations == (1, 4, 5, 6)
    assert [m.to_dict()["style"] for r in ledger.records for m in r.markers] == ["superscript", "superscript"]
    assert ledger.integrity is not None and ledger.integrity.uncited_entries == (2,)


# Pathological runs that yield few or no markers: each must take well under a second a megabyte.
@pytest.mark.parametrize("probe", ["¹,", "¹]–[", "⁵⁰:fig.", "10⁻", "¹⁻", "]–[¹", "¹²³⁴⁵⁶⁷⁸⁹⁰", "¹˒ "])
def test_superscript_patterns_are_linear(probe):
    """Asserted as a shape, not a wall-clock limit (the suite shares its machine): four times the
    text takes about four times the time (a quadratic pattern: sixteen), and a megabyte never
    takes minutes. The quiet-machine figure is in the README (well under a second a megabyte)."""
    def timed(size: int) -> float:
        text = probe * (size // len(probe))
        began = time.perf_counter()
        find_markers(text)
        return time.perf_counter() - began

    small = min(timed(250_000) for _ in range(2))
    large = min(timed(1_000_000) for _ in range(2))
    assert large < 10 * small + 0.1, (probe, small, large)
    assert large < 10.0, (probe, large)


@pytest.mark.parametrize("probe", ["a¹ ", "x² ", "Ca²⁺ "])
def test_dense_superscripts_take_linear_time(probe):
    """Every piece a marker or a veto: the time grows with the text, not faster."""
    def timed(n: int) -> float:
        text = probe * n
        began = time.perf_counter()
        find_markers(text)
        return time.perf_counter() - began

    small, large = min(timed(10_000) for _ in range(2)), min(timed(40_000) for _ in range(2))
    assert large < 8 * small + 0.05


def test_to_superscript_writes_only_what_has_a_raised_form():
    assert to_superscript("3–5") == "³–⁵"
    assert to_superscript("1,2") == "¹,²"
    assert to_superscript("-6") == "⁻⁶"
    assert to_superscript("2+") == "²⁺"
    assert to_superscript("st") == "st" and to_superscript("*") == "*" and to_superscript("+") == "+"


# ---------------------------------------------------------------------------------------------
# readers

HTML = """<html><body><article>
<p>Short naps restore alertness in adults<sup>3</sup>. Long naps do not<sup>1,2</sup>.</p>
<p>Nature links its notes<sup><a href="#ref-CR4">4</a>,<a href="#ref-CR5">5</a></sup> and ranges work<sup>4–6</sup>.</p>
<p>The reef covers 344,400 km<sup>2</sup> and the 1<sup>st</sup> survey found Ca<sup>2+</sup> in x<sup>2</sup> samples.</p>
<p>The pandoc form works too.<a href="#fn1" class="footnote-ref" role="doc-noteref"><sup>6</sup></a></p>
<p>A footnote symbol<sup>*</sup> and a letter<sup>a</sup> are not notes.</p>
<h2>References</h2>
<ol><li id="ref-CR1">A. One. 2001.</li><li id="ref-CR2">B. Two. 2002.</li><li id="ref-CR3">C. Three. 2003.</li>
<li id="ref-CR4">D. Four. 2004.</li><li id="ref-CR5">E. Five. 2005.</li><li id="fn1">F. Six. 2006.</li></ol>
</article></body></html>"""


def _cited(ledger):
    return {r.text: r.citations for r in ledger.records if r.citations}


def _styles(ledger):
    return {m.style for r in ledger.records for m in r.markers}


def test_html_superscripts():
    ledger = extract_bytes("page.html", HTML.encode(), ExtractOptions(keep_boilerplate=True))
    cited = _cited(ledger)
    assert cited == {
        "Short naps restore alertness in adults³.": (3,),
        "Long naps do not¹,².": (1, 2),
        "Nature links its notes⁴,⁵ and ranges work⁴–⁶.": (4, 5, 6),
        "The pandoc form works too.⁶": (6,),
    }
    texts = [r.text for r in ledger.records]
    assert "The reef covers 344,400 km² and the 1st survey found Ca²⁺ in x² samples." in texts
    assert "A footnote symbol* and a letter a are not notes." in texts or any("symbol*" in t for t in texts)
    assert _styles(ledger) == {"superscript"}
    assert ledger.integrity is not None and ledger.integrity.missing_entries == ()


def _docx(parts_per_paragraph) -> bytes:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    for parts in parts_per_paragraph:
        paragraph = document.add_paragraph()
        for text, raised in parts:
            paragraph.add_run(text).font.superscript = raised
    document.add_heading("References", level=2)
    for i, entry in enumerate(["A. One. 2001.", "B. Two. 2002.", "C. Three. 2003.", "D. Four. 2004."], 1):
        document.add_paragraph(f"{i}. {entry}")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_docx_superscript_runs():
    data = _docx([
        [("Short naps restore alertness in adults", False), ("3", True), (". Long naps do not", False), ("1,2", True),
         (".", False)],
        [("The reef covers 5 km", False), ("2", True), (" of sea floor and ranges work", False), ("2–4", True), (".", False)],
    ])
    ledger = extract_bytes("paper.docx", data)
    assert _cited(ledger) == {
        "Short naps restore alertness in adults³.": (3,),
        "Long naps do not¹,².": (1, 2),
        "The reef covers 5 km² of sea floor and ranges work²–⁴.": (2, 3, 4),
    }
    assert _styles(ledger) == {"superscript"}


def _pdf(raise_by_rise: bool) -> bytes:
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.c_margin = 0  # no cell padding: the raised digits touch the words around them, as typeset
    pdf.add_page()

    def write(text: str, raised: bool = False) -> None:
        if raise_by_rise:  # fpdf2's own superscript: a text rise (`Ts`), baseline unmoved
            pdf.char_vpos = "SUP" if raised else "LINE"
            pdf.write(5, text)
        elif raised:  # a smaller font on a higher baseline, as LibreOffice and Word print
            pdf.set_font("Helvetica", "", 7)
            x, y = pdf.get_x(), pdf.get_y()
            pdf.text(x, y + 2.2, text)
            pdf.set_x(x + pdf.get_string_width(text))
            pdf.set_font("Helvetica", "", 11)
        else:
            pdf.write(5, text)

    pdf.set_font("Helvetica", "", 11)
    write("Short naps restore alertness in adults")
    write("3", True)
    write(". Long naps do not")
    write("1,2", True)
    write(". The reef covers 5 km")
    write("2", True)
    write(" of sea floor.")
    pdf.char_vpos = "LINE"
    pdf.ln(12)
    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(0, 8, "References", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 11)
    for i, entry in enumerate(["A. One. 2001.", "B. Two. 2002.", "C. Three. 2003."], 1):
        pdf.cell(0, 6, f"{i}. {entry}", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


@pytest.mark.parametrize("raise_by_rise", [True, False], ids=["text-rise", "raised-baseline"])
def test_pdf_raised_small_digits(raise_by_rise):
    pytest.importorskip("pypdf")
    ledger = extract_bytes("paper.pdf", _pdf(raise_by_rise), ExtractOptions(include_text=True))
    assert ledger.text is not None and "km² of sea floor" in ledger.text
    assert _cited(ledger) == {
        "Short naps restore alertness in adults³.": (3,),
        "Long naps do not¹,².": (1, 2),
    }
    assert _styles(ledger) == {"superscript"}


def test_a_raised_number_past_the_list_is_no_note():
    text = ("Short naps restore alertness in adults³. A key space of 2⁶⁴ is large.\n\n"
            "References\n1. A. 2001.\n2. B. 2002.\n3. C. 2003.\n")
    ledger = extract(text)
    assert [m.raw for r in ledger.records for m in r.markers] == ["³"]
    assert explain("a key of 2⁶⁴ here") == "superscript"  # without a list it cannot be told
    assert [hit[2] for hit in SUPERSCRIPT.hits("of 2⁶⁴", 3)] == ["beyond_list"]
    assert ledger.integrity is not None and ledger.integrity.beyond_list == ()


def test_component_knows_the_list_end_when_told():
    import spacy

    import claimtrace.components  # noqa: F401  (registers the factories)

    nlp = spacy.blank("en")
    nlp.add_pipe("claimtrace_citations", config={"last_entry": 3})
    doc = nlp("Naps restore it³. A space of 2⁶⁴ keys.")
    assert [(s.text, s._.ct_style) for s in doc.spans["ct_citations"]] == [("³", "superscript")]
