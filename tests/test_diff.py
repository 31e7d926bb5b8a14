"""`claimtrace diff`: sentences matched by text, not position; exit 1 when a source was dropped."""

from __future__ import annotations

import csv
import io
import json

from typer.testing import CliRunner

from claimtrace import extract
from claimtrace.cli import app
from claimtrace.diff import diff_ledgers

OLD = ("Sea level rose 20 cm since 1901.[1] Rates tripled since 1970.[2] The council met on Monday.\n\n"
       "References\n[1] Church (2011) Sea level. J 1: 2.\n[2] NOAA (2022) Rise. J 2: 3.\n")
NEW = ("The council met on Monday. Sea level rose 20 cm since 1901.[1] Rates have tripled since 1970. "
       "Wages fell 4% in 2020.\n\nReferences\n[1] Church (2011) Sea level. J 1: 2.\n")


def test_moved_sentences_are_unchanged_and_edits_are_changes():
    result = diff_ledgers(extract(OLD, doc="old"), extract(NEW, doc="new"))
    by_change = {c.change: c for c in result.changes}
    assert set(by_change) == {"changed", "added"}  # moving "The council met…" is no change
    edited = by_change["changed"]
    assert edited.old.text == "Rates tripled since 1970.[2]" and edited.dropped_sources == ("NOAA 2022. Rise",)
    assert by_change["added"].new.text == "Wages fell 4% in 2020." and by_change["added"].dropped_sources == ()
    assert result.counts()["sentences_that_lost_a_source"] == 1


def test_renumbered_marker_is_a_source_change_not_a_new_sentence():
    result = diff_ledgers(extract("Prices rose 5% in 2020.[3]"), extract("Prices rose 5% in 2020.[4]"))
    (change,) = result.changes
    assert change.change == "unchanged" and change.dropped_sources == ("[3]",) and change.added_sources == ("[4]",)


def test_sources_are_the_entries_not_their_numbers():
    """Renumbering the list loses nothing; swapping the entry behind a number loses a source."""
    old = extract("Prices rose 5%.[1] Wages fell 2%.[2]\n\nReferences\n[1] Smith J (2020) Prices. J 1: 2.\n[2] Doe A (2021) Wages. J 3: 4.\n")
    renumbered = extract("Rents rose 9%.[1] Prices rose 5%.[2] Wages fell 2%.[3]\n\nReferences\n[1] Roe B (2022) Rents. J 5: 6.\n"
                         "[2] Smith J (2020) Prices. J 1: 2.\n[3] Doe A (2021) Wages. J 3: 4.\n")
    assert diff_ledgers(old, renumbered).dropped_sources == 0
    swapped = extract("Prices rose 5%.[1] Wages fell 2%.[2]\n\nReferences\n[1] Smith J (2020) Prices. J 1: 2.\n[2] A blog (2023) My view. Blog.\n")
    (change,) = diff_ledgers(old, swapped).changes
    assert change.dropped_sources == ("Doe 2021. Wages",) and change.added_sources


def test_cli_exit_codes_and_formats(tmp_path):
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text(OLD, encoding="utf-8")
    new.write_text(NEW, encoding="utf-8")
    runner = CliRunner()
    dropped = runner.invoke(app, ["diff", str(old), str(new), "-f", "csv"])
    assert dropped.exit_code == 1
    rows = list(csv.DictReader(io.StringIO(dropped.stdout)))
    assert [r["change"] for r in rows] == ["changed", "added"] and rows[0]["dropped_sources"] == "NOAA 2022. Rise"
    assert "1 sentence lost a source" in dropped.stderr
    same = runner.invoke(app, ["diff", str(old), str(old), "-f", "json"])
    assert same.exit_code == 0 and json.loads(same.stdout)["changes"] == []
    missing = runner.invoke(app, ["diff", str(old), str(tmp_path / "nope.txt")])
    assert missing.exit_code == 2 and "no such file" in missing.stderr
