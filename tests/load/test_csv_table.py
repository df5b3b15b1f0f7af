"""CSV reading: fields keep their exact positions; `;` files, BOM and quotes are handled."""

from __future__ import annotations

from pathlib import Path

from generator.diagnostics import Diagnostics
from generator.load.csv_table import load_csv


def test_csv_fields_keep_positions_with_semicolons_bom_and_quotes(tmp_path: Path) -> None:
    file = tmp_path / "a.csv"
    file.write_bytes(
        '\ufeffdate;note;x\r\n2026-10-01;"Khách; nói\n""ok""";cuối\r\n\r\nz;;\n'.encode()
    )
    diagnostics = Diagnostics()
    table = load_csv(file, "a.csv", diagnostics, root=tmp_path)
    assert table is not None and diagnostics.items == []
    assert table.delimiter == ";"
    header, row, blank, last = table.records
    assert [f.value for f in header.fields] == ["date", "note", "x"]
    assert [f.value for f in row.fields] == ["2026-10-01", 'Khách; nói\n"ok"', "cuối"]
    assert [(f.pos.line, f.pos.col) for f in row.fields] == [(2, 1), (2, 12), (3, 9)]
    assert blank.line == 4 and [f.value for f in blank.fields] == [""]
    assert last.line == 5 and [f.value for f in last.fields] == ["z", "", ""]


def test_lines_without_quotes_keep_columns_under_every_line_ending(tmp_path: Path) -> None:
    # Lines without a quote are split whole; they must give what the tokenizer gives.
    decomposed = "Nguye\u0302\u0303n"  # NFD: read back as NFC "Nguyễn"
    file = tmp_path / "a.csv"
    file.write_text(f'a,b,c\r\n{decomposed},\'=1+2,\rx,"y",z\n,,', encoding="utf-8")
    diagnostics = Diagnostics()
    table = load_csv(file, "a.csv", diagnostics, root=tmp_path)
    assert table is not None and diagnostics.items == []
    fields = [[(f.value, f.pos.line, f.pos.col) for f in r.fields] for r in table.records]
    assert fields == [
        [("a", 1, 1), ("b", 1, 3), ("c", 1, 5)],
        [("Nguyễn", 2, 1), ("=1+2", 2, 10), ("", 2, 16)],
        [("x", 3, 1), ("y", 3, 3), ("z", 3, 7)],
        [("", 4, 1), ("", 4, 2), ("", 4, 3)],
    ]


def test_csv_unclosed_quote_is_an_error(tmp_path: Path) -> None:
    file = tmp_path / "a.csv"
    file.write_text('date,note\n2026-10-01,"open\n', encoding="utf-8")
    diagnostics = Diagnostics()
    table = load_csv(file, "a.csv", diagnostics, root=tmp_path)
    assert table is not None and [r.line for r in table.records] == [1]
    assert [d.format() for d in diagnostics.items] == [
        "a.csv:2:12: error: CSV field has an unclosed or misplaced quote"
    ]


def test_a_bad_quote_drops_its_record_and_reading_goes_on(tmp_path: Path) -> None:
    file = tmp_path / "a.csv"
    file.write_text('date,note\n2026-10-01,"a" b\n2026-10-02,ok\n', encoding="utf-8")
    diagnostics = Diagnostics()
    table = load_csv(file, "a.csv", diagnostics, root=tmp_path)
    assert table is not None
    assert [(r.line, [f.value for f in r.fields]) for r in table.records] == [
        (1, ["date", "note"]),
        (3, ["2026-10-02", "ok"]),
    ]
    assert [d.format() for d in diagnostics.items] == [
        "a.csv:2:12: error: CSV field has an unclosed or misplaced quote"
    ]


def test_csv_that_is_not_utf8_hints_at_saving_as_utf8(tmp_path: Path) -> None:
    file = tmp_path / "a.csv"
    file.write_bytes("date,note\n2026-10-01,Khách\n".encode("cp1258"))
    diagnostics = Diagnostics()
    assert load_csv(file, "a.csv", diagnostics, root=tmp_path) is None
    assert diagnostics.items[0].format() == (
        "a.csv:2:14: error: invalid UTF-8 (byte 0xE1); save as CSV UTF-8"
    )
