"""Reading content/results/*.csv: values as written, notes on one line, branches as written."""

from __future__ import annotations

from pathlib import Path

from support import MINIMAL, copy_project, load_handbook


def test_values_keep_their_digits_and_notes_fit_one_line(tmp_path: Path) -> None:
    project = copy_project(MINIMAL, tmp_path / "p")
    results = project / "content" / "results"
    results.mkdir()
    (results / "a.csv").write_text(
        "date,kpi,value,branch,note\n"
        '2026-10-05,thoi-gian-phuc-vu,+4,  Quận   1 ,"Hai dòng\n\n<b>ghi chú</b>"\n'
        '2026-10-12,thoi-gian-phuc-vu,"-0,50",,\n'
        "2026-10-19,thoi-gian-phuc-vu,007.10,,\n",
        encoding="utf-8",
    )
    data = load_handbook(project).results
    assert data is not None
    assert [(r.written, str(r.value), r.branch, r.note, r.line) for r in data.results] == [
        ("4", "4", "Quận 1", "Hai dòng <b>ghi chú</b>", 2),
        ("-0.50", "-0.50", "", "", 5),
        ("007.10", "7.10", "", "", 6),
    ]
    assert data.files == ("content/results/a.csv",)
