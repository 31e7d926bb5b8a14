"""Citations linked to reference-list entries, end to end (extract and the CLI)."""

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimtrace import extract, extract_path
from claimtrace.cli import app

FIXTURES = Path(__file__).parent / "fixtures"
WIKIPEDIA = Path(__file__).parents[1].parent / "shared" / "datasets" / "wikipedia-html"

STYLES = {
    "bracket": lambda n: f"[{n}] Source {n}, “Title {n},” https://example.org/{n} (2021).",
    "dot": lambda n: f"{n}. Source {n}, “Title {n},” https://example.org/{n} (2021).",
    "paren": lambda n: f"{n}) Source {n}, “Title {n},” https://example.org/{n} (2021).",
    "caret": lambda n: f"^ Source {n}, “Title {n},” https://example.org/{n} (2021).",
}


def _with_list(seed_text, style, heading):
    lines = [STYLES[style](n) for n in range(1, 26)]
    return seed_text.rstrip("\n") + "\n" + (f"{heading}\n" if heading else "") + "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    "style,heading",
    [("bracket", "Notes"), ("bracket", None), ("dot", "References"), ("dot", None),
     ("paren", "Endnotes"), ("paren", None), ("caret", "Notes")],
)
def test_seed_with_reference_list_links_all_25_markers(seed_text, seed_ledger, style, heading):
    text = _with_list(seed_text, style, heading)
    ledger = extract(text, doc="seed")
    assert [r.number for r in ledger.references] == list(range(1, 26))
    linked = {n for r in ledger.records for n in r.linked_references}
    assert linked == set(range(1, 26))
    for record in ledger.records:
        assert record.linked_references == record.citations
        assert text[record.start : record.end] == record.text
    # The list adds no sentence or heading to the body.
    assert [r.text for r in ledger.records] == [r.text for r in seed_ledger.records]
    assert ledger.integrity.reference_list is True
    assert ledger.integrity.missing_entries == () and ledger.integrity.uncited_entries == ()
    assert all(ref.cited_by >= 1 for ref in ledger.references)
    quoted = next(r for r in ledger.references if r.number == 20)
    assert quoted.cited_by == 3  # the sentence with [20] and the two it closes a quotation for


def test_integrity_reports_gaps_duplicates_and_uncited(seed_text):
    body = "Prices rose 5% in 2020.[1] Wages fell 2% in 2021.[3] Rents doubled in 2022.[2]\n"
    refs = "References\n[1] One.\n[2] Two.\n[2] Two again.\n[4] Four.\n"
    ledger = extract(body + refs)
    report = ledger.integrity
    assert report.missing_entries == (3,)
    assert report.uncited_entries == (4,)
    assert report.duplicate_entries == (2,)
    assert report.uncited_claim_share == 0.0


def test_no_reference_list_is_reported(seed_ledger):
    assert seed_ledger.integrity.reference_list is False
    assert seed_ledger.references == ()
    assert seed_ledger.integrity.missing_entries == tuple(range(1, 26))


def test_references_command_csv(seed_text, tmp_path):
    path = tmp_path / "seed.txt"
    path.write_text(_with_list(seed_text, "dot", "References"), encoding="utf-8")
    result = CliRunner().invoke(app, ["references", str(path)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [int(r["number"]) for r in rows] == list(range(1, 26))
    assert rows[0]["urls"] == "https://example.org/1" and rows[0]["year"] == "2021"
    assert rows[0]["title"] == "Title 1" and rows[0]["cited_by"] == "1"
    assert "25 reference entries" in result.stderr


def test_references_command_json_has_integrity(tmp_path):
    path = tmp_path / "doc.txt"
    path.write_text("Prices rose 5% in 2020.[1][3]\nReferences\n[1] One.\n[2] Two.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["references", str(path), "-f", "json"])
    data = json.loads(result.stdout)["documents"][0]
    assert [r["number"] for r in data["references"]] == [1, 2]
    assert data["integrity"]["missing_entries"] == [3]
    assert data["integrity"]["uncited_entries"] == [2]
    assert "cited but missing: 3" in result.stderr
    assert CliRunner().invoke(app, ["references", str(path), "-f", "table"]).exit_code == 2


def test_extract_json_carries_references(tmp_path):
    path = tmp_path / "doc.txt"
    path.write_text("Prices rose 5% in 2020.[1]\nReferences\n[1] One, https://a.example/x.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(path), "-f", "json", "--include-text"])
    doc = json.loads(result.stdout)["documents"][0]
    assert doc["references"][0]["urls"] == ["https://a.example/x"]
    assert doc["records"][0]["linked_references"] == [1]
    assert "References" not in [r["text"] for r in doc["records"]]


@pytest.mark.parametrize(
    "name", ["sup_brackets.html", "pandoc_footnotes.html", "word_endnotes.html", "article.md",
             "references.md", "article.docx", "references.docx", "article.pdf"],
)
def test_every_input_form_links_its_markers(name):
    pytest.importorskip("selectolax")
    ledger = extract_path(str(FIXTURES / name))
    cited = {n for r in ledger.records for m in r.markers for n in m.numbers}
    assert cited, "fixture has markers"
    assert ledger.references, "fixture has a reference list"
    assert ledger.integrity.reference_list
    assert set(ledger.integrity.missing_entries) == set(), ledger.integrity
    for record in ledger.records:
        assert set(record.linked_references) == set(record.citations)


@pytest.mark.skipif(not WIKIPEDIA.exists(), reason="../shared datasets not present")
def test_wikipedia_page_end_to_end():
    pytest.importorskip("selectolax")
    ledger = extract_path(str(WIKIPEDIA / "wikipedia.html"), __import__("claimtrace").ExtractOptions(include_text=True))
    assert ledger.summary.markers == 76
    assert ledger.integrity.missing_entries == ()
    for record in ledger.records:
        assert ledger.text[record.start : record.end] == record.text


def test_markdown_footnotes_do_not_collide_with_literal_markers(tmp_path):
    path = tmp_path / "mix.md"
    path.write_text(
        "# Report\n\nSales grew 5% in 2020.[1] Costs fell 3% in 2021.[^x]\n\n"
        "## References\n\n1. Sales report 2020.\n\n[^x]: Cost study 2021.\n",
        encoding="utf-8",
    )
    ledger = extract_path(str(path))
    assert [(r.number, r.text) for r in ledger.references] == [(1, "Sales report 2020."), (2, "Cost study 2021.")]
    assert ledger.integrity.duplicate_entries == ()
    cited = {r.text.split()[0]: r.linked_references for r in ledger.records if r.linked_references}
    assert cited == {"Sales": (1,), "Costs": (2,)}


def test_docx_word_notes_do_not_collide_with_typed_markers(tmp_path):
    docx = pytest.importorskip("docx")
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_fixtures", FIXTURES / "make_fixtures.py")
    fixtures = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fixtures)
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    d = docx.Document()
    d.add_paragraph("Sales grew 5% in 2020.[1]")
    p = d.add_paragraph("Costs fell 3% in 2021.")
    fixtures._note_reference(p, "footnote", 1)
    d.add_paragraph("References", style="Heading 1")
    d.add_paragraph("[1] Sales report 2020.")
    part = Part(PackURI("/word/footnotes.xml"), fixtures.CT_BASE + "footnotes+xml",
                fixtures._note_xml("footnote", {1: "Cost study 2021."}).encode(), d.part.package)
    d.part.relate_to(part, fixtures.RT_BASE + "footnotes")
    path = tmp_path / "mix.docx"
    d.save(str(path))
    ledger = extract_path(str(path))
    assert sorted((r.number, r.text) for r in ledger.references) == [(1, "Sales report 2020."), (2, "Cost study 2021.")]
    assert ledger.integrity.duplicate_entries == ()
    cited = {r.text.split()[0]: r.linked_references for r in ledger.records if r.linked_references}
    assert cited == {"Sales": (1,), "Costs": (2,)}


def test_numbers_beyond_the_list_are_reported():
    text = "Prices rose.[2] Wages fell.[87]\n\nReferences\n[1] A (2001) One. J 1: 1–2.\n[2] B (2002) Two. J 2: 3–4.\n"
    ledger = extract(text)
    assert ledger.integrity.missing_entries == (87,) and ledger.integrity.beyond_list == (87,)
    from claimtrace.messages import integrity_line

    assert "beyond the list's last entry: 87" in integrity_line(ledger.doc, ledger.events()[-1])
