"""Training outputs end to end on real builds: the managers' `training/` page shows the same
figures as `training report --format csv`, SOP and role pages carry their figures, the nav
lists audit report, training, scorecard in that order, and the staff edition (site, Pagefind
files, sitemap, books) holds no roster name and no training page."""

from __future__ import annotations

import csv
import html
import io
import re
from collections import Counter
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from support_training_project import PEOPLE_NAMES, training_project

from generator.query.training import STATUSES

from support import REPO, TODAY, run_handbook
from support_site import files_containing, pagefind_fragments, pagefind_text

pytestmark = pytest.mark.e2e

WORDS = {  # vi labels: symbol and word
    "current": "✓ Đạt",
    "expired": "⌛ Hết hạn",
    "outdated": "↻ Học lại",
    "failed": "✕ Chưa đạt",
    "due": "○ Cần học",
    "overdue": "⚠ Quá hạn",
}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = training_project(tmp_path_factory.mktemp("training") / "p")
    (project / "mkdocs.yml").write_text("site_url: https://tra-sen.example/\n", "utf-8")
    return project


def _build(project: Path, out: Path, audience: str, *extra: str) -> Path:
    run = run_handbook(
        "build", str(project), "--out", str(out), "--audience", audience, "--today", TODAY, *extra
    )
    assert run.code == 0, run.err + run.out
    return out


@pytest.fixture(scope="module")
def managers(project: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(project, tmp_path_factory.mktemp("managers") / "site", "managers", "--no-pdf")


@pytest.fixture(scope="module")
def staff(project: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(project, tmp_path_factory.mktemp("staff") / "site", "staff")


def _text(cell: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", cell)).strip()


def _tables(page: str) -> list[str]:
    return re.findall(r"<table.*?</table>", page, flags=re.S)


def _rows(table: str) -> list[list[str]]:
    """Each row's cells, one per column; a cell ends where the next begins (empty cells omit
    `</td>`) and a cell spanning n columns counts n times."""
    return [_cells(row) for row in re.findall(r"<tr>(.*?)</tr>", table, flags=re.S)]


def _cells(row: str) -> list[str]:
    pieces = re.split(r"<t[hd]([^>]*)>", row)[1:]
    cells: list[str] = []
    for attributes, content in zip(pieces[::2], pieces[1::2], strict=True):
        span = re.search(r'colspan="(\d+)"', attributes)
        cells += [_text(content)] * (int(span.group(1)) if span else 1)
    return cells


def test_the_page_and_the_csv_report_show_the_same_figures(project: Path, managers: Path) -> None:
    run = run_handbook("training", "report", str(project), "--today", TODAY, "--format", "csv")
    assert run.code == 0, run.err
    pairs = list(csv.DictReader(io.StringIO(run.out)))
    page = (managers / "training" / "index.html").read_text(encoding="utf-8")
    by_branch, by_role, *matrices, actions = _tables(page)
    # The summary by branch: required, each status, coverage, from the CSV's rows.
    summary = {row[0]: row[1:] for row in _rows(by_branch)[1:]}
    summary.update({row[0]: row[1:] for row in _rows(by_role)[1:]})
    titles = {"truong-ca": "Trưởng ca", "nhan-vien-pha-che": "Nhân viên pha chế"}
    groups = [("Tổng thể", pairs)]
    groups += [(b, [p for p in pairs if p["branch"] == b]) for b in {p["branch"] for p in pairs}]
    groups += [(titles[r], [p for p in pairs if p["role"] == r]) for r in titles]
    for name, mine in groups:
        found = Counter(p["status"] for p in mine)
        coverage = f"{100 * found['current'] / len(mine):.1f}".replace(".", ",") + "%"
        assert summary[name] == [str(len(mine)), *(str(found[s]) for s in STATUSES), coverage]
    # Each matrix cell is the CSV's status as a symbol and a word; not required: empty.
    shown: dict[tuple[str, str, str], str] = {}
    for table in matrices:
        branch = _text(re.search(r"<caption>(.*?)</caption>", table).group(1)).split(": ")[1]  # type: ignore[union-attr]
        header, *rows = _rows(table)
        for row in rows:
            for code, cell in zip(header[1:], row[1:], strict=True):
                shown[branch, row[0], code] = cell
    expected = {(p["branch"], p["name"], p["code"]): WORDS[p["status"]] for p in pairs}
    assert {k: v for k, v in shown.items() if v} == expected
    assert shown["Quận 1", "An Khánh Vy", "SOP-QL-01"] == ""  # not required of a barista
    # The action list: every pair not current, the most urgent first.
    listed = [row for row in _rows(actions)[1:]]
    # (a person's pairs with the same status and dates share a row: count their SOP codes)
    assert sum(len(row[3].split(", ")) for row in listed) == sum(
        p["status"] != "current" for p in pairs
    )
    assert [row[0].split(" ")[0] for row in listed] == ["⚠", "✕", "↻", "○"]
    assert listed[2][0] == "↻ Học lạitừ v1.1, 01/03/2026"  # since which version and date


def test_sop_and_role_pages_show_their_figures_linking_to_training(managers: Path) -> None:
    sop = (managers / "sops" / "pha-tra" / "index.html").read_text(encoding="utf-8")
    assert (
        '<a href="../../training/">Đào tạo: 0/3 đạt (0,0%) · ↻ Học lại 1 · ✕ Chưa đạt 1'
        " · ○ Cần học 1</a>" in sop
    )
    role = (managers / "roles" / "truong-ca" / "index.html").read_text(encoding="utf-8")
    assert "Đào tạo: 1/3 đạt (33,3%) · ↻ Học lại 1 · ⚠ Quá hạn 1</a>" in role


def test_the_nav_puts_training_after_the_audit_report_and_before_the_scorecard(
    managers: Path,
) -> None:
    home = (managers / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'href="(audit/|training/|scorecard/|checklists/)"', home)
    assert links[:3] == ["audit/", "training/", "scorecard/"]


def test_the_staff_edition_holds_no_roster_and_no_training_page(staff: Path) -> None:
    assert not (staff / "training").exists()
    for name in PEOPLE_NAMES:
        assert files_containing(staff, name) == [], name
    search = pagefind_text(staff)
    fragments = " ".join(str(f) for f in pagefind_fragments(staff))
    sitemap = (staff / "sitemap.xml").read_text(encoding="utf-8")
    assert "/sops/pha-tra/" in sitemap and "training" not in sitemap
    books = sorted((staff / "pdf").glob("*.pdf"))
    assert books
    texts = [
        " ".join(" ".join(p.get_textpage().get_text_range().split()) for p in pdfium.PdfDocument(b))
        for b in books
    ]
    for name in PEOPLE_NAMES:
        assert name not in search and name not in fragments and name not in sitemap
        assert all(name not in text for text in texts), name
    assert "Đào tạo: " not in search + " ".join(texts)


def test_the_managers_edition_has_them(managers: Path) -> None:
    assert "/training/" in (managers / "sitemap.xml").read_text(encoding="utf-8")
    # The page is searchable by its summaries; its matrices and action list are not indexed.
    (page,) = [f for f in pagefind_fragments(managers) if f["url"].endswith("training/")]
    assert "Quận 1" in page["content"] and "Yến Trần Mai" not in page["content"]


def _roster_only_names() -> list[str]:
    """The example's people and trainers whose names occur in no file a staff edition reads
    (not in the YAML content, roles or docs/)."""
    content = REPO / "content"
    names = {row.get("name") or row["person"] for row in _csv_rows(content / "people.csv")}
    names |= {row["person"] for row in _csv_rows(content / "people.csv")}
    for file in sorted((content / "training").glob("*.csv")):
        names |= {row["trainer"] for row in _csv_rows(file)}
    public = " ".join(
        path.read_text(encoding="utf-8")
        for folder in (content, REPO / "roles", REPO / "docs")
        for path in folder.rglob("*")
        if path.suffix in (".yml", ".md")
    )
    found = sorted(name for name in names if name and name not in public)
    assert len(found) >= 10, found  # the example's roster really is tested
    return found


def _csv_rows(path: Path) -> list[dict[str, str]]:
    text = path.read_text(encoding="utf-8-sig")
    dialect = ";" if text.splitlines()[0].count(";") > text.splitlines()[0].count(",") else ","
    return [
        {k.strip().lower(): (v or "").strip() for k, v in row.items()}
        for row in csv.DictReader(io.StringIO(text), delimiter=dialect)
    ]


def test_the_example_staff_edition_holds_no_roster_name(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    names = _roster_only_names()
    site = _build(REPO, tmp_path_factory.mktemp("example") / "site", "staff")
    assert not (site / "training").exists()
    search = pagefind_text(site)
    fragments = " ".join(str(f) for f in pagefind_fragments(site))
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "training" not in sitemap
    books = " ".join(
        " ".join(" ".join(p.get_textpage().get_text_range().split()) for p in pdfium.PdfDocument(b))
        for b in sorted((site / "pdf").glob("*.pdf"))
    )
    assert books
    for name in names:
        assert files_containing(site, name) == [], name
        for where, text in (("search", search), ("fragments", fragments), ("books", books)):
            assert name not in text, (name, where)


def test_the_example_managers_training_page_names_its_people(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    site = _build(REPO, tmp_path_factory.mktemp("example") / "site", "managers", "--no-pdf")
    page = (site / "training" / "index.html").read_text(encoding="utf-8")
    assert all(name in page for name in _roster_only_names()[:3])
    assert "Học lại" in page and "từ v" in page  # an SOP whose revision needs retraining
    # The scorecard's coaching view fills its training column ('4/4 (100%)').
    scorecard = (site / "scorecard" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"<td>\d+/\d+ \(\d+(,\d)?%\)", scorecard)
