"""The managers site's training page (`training/`): the summary by branch and by role, one
matrix per branch (people x the SOPs required in it, a symbol and a word in every cell) and the
action list. The staff edition has no roster and so no training page.

Built as one string, not through a template: a 2,000-person matrix has a few hundred thousand
cells, and each cell is written as `<td>✓ Đạt</td>` with no per-cell attribute."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from decimal import Decimal
from html import escape

from generator.model.handbook import Handbook
from generator.query.training import STATUSES, TrainingCounts, TrainingReport
from generator.render.common.locale import Locale
from generator.render.common.training import TrainingText
from generator.render.common.urls import page_path, relative
from generator.render.site.markdown import markdown_text

TRAINING_URL = "training/"


def training_page(handbook: Handbook, report: TrainingReport) -> str:
    """Markdown (with raw HTML blocks: no blank line inside one) for `training/index.md`."""
    locale = Locale(handbook.organisation.language)
    labels = locale.labels
    text = TrainingText(labels, locale.number, locale.date)
    counts = labels(
        "training_counts",
        people=locale.number(_d(report.people)),
        records=locale.number(_d(report.records_read)),
        files=report.files_read,
    )
    intro = labels("training_intro", date=locale.date(report.today))
    parts = [
        f"# {markdown_text(labels('training'))}",
        "",
        f'<p class="hb-audit-summary">{escape(intro)} · {escape(counts)}</p>',
        "",
    ]
    if not report.pairs:
        return "\n".join([*parts, escape(labels("no_training_pairs")), ""])
    header = "".join(
        [
            '<tr><th scope="col">{first}</th>',
            f'<th scope="col" class="hb-audit-num">{escape(labels("required_pairs"))}</th>',
            *(
                f'<th scope="col" class="hb-audit-num">{escape(text.status(s))}</th>'
                for s in STATUSES
            ),
            f'<th scope="col" class="hb-audit-num">{escape(labels("coverage"))}</th></tr>',
        ]
    )

    def summary(title: str, first: str, rows: list[tuple[str, TrainingCounts]]) -> list[str]:
        lines = [f"## {markdown_text(title)}", ""]
        lines.append('<div class="hb-scroll"><table>')
        lines.append(f"<thead>{header.format(first=escape(first))}</thead><tbody>")
        lines += [_summary_row(name, figures, text) for name, figures in rows]
        lines += ["</tbody></table></div>", ""]
        return lines

    by_branch = [(f.branch, f.counts) for f in report.by_branch]
    by_branch.append((labels("overall"), report.total))
    parts += summary(labels("by_branch"), labels("branch"), by_branch)
    by_role = [(handbook.roles[f.role].title, f.counts) for f in report.by_role]
    parts += summary(labels("by_role"), labels("role"), by_role)

    cell = {status: f"<td>{escape(text.status(status))}</td>" for status in STATUSES}
    for matrix in report.matrices:
        title = labels("training_matrix_of", branch=matrix.branch)
        parts += [f"## {markdown_text(title)}", ""]
        columns = "".join(
            f'<th scope="col"><a href="{relative(TRAINING_URL, page_path("sop", s))}"'
            f' title="{escape(handbook.sops[s].title)}">{escape(handbook.sops[s].code)}</a></th>'
            for s in matrix.sops
        )
        parts.append(
            # Cells tell a search nothing: the matrix stays out of the index (its size too).
            '<div class="hb-unindexed hb-scroll" data-search-exclude>'
            f'<table class="hb-table hb-training-matrix">'
            f"<caption>{escape(title)}</caption><thead>"
            f'<tr><th scope="col">{escape(labels("person"))}</th>{columns}'
            "</tr></thead><tbody>"
        )
        column = {sop_id: n for n, sop_id in enumerate(matrix.sops)}
        for person in matrix.people:
            row = matrix.cells[person.key]
            filled = sorted((column[sop_id], cell[pair.status]) for sop_id, pair in row.items())
            cells = "".join(_matrix_cells(filled, len(matrix.sops)))
            parts.append(f'<tr><th scope="row">{escape(person.name)}</th>{cells}</tr>')
        parts += ["</tbody></table></div>", ""]

    parts += [f"## {markdown_text(labels('training_actions'))}", ""]
    if not report.actions:
        return "\n".join([*parts, escape(labels("no_training_actions")), ""])
    parts += [f"<p>{escape(labels('training_actions_hint'))}</p>", ""]
    heads = ("kpi_status", "branch", "person", "sop", "trained_on", "due_date")
    parts.append(
        '<div class="hb-unindexed hb-scroll" data-search-exclude>'
        '<table class="hb-table hb-training-actions"><thead><tr>'
        + "".join(f'<th scope="col">{escape(labels(h))}</th>' for h in heads)
        + "</tr></thead><tbody>"
    )
    # Consecutive pairs of one person with the same status, dates and version share a row
    # listing their SOP codes: the order stays the spec's, and a 2,000-person roster's action
    # list shrinks from one row per pair to a few per person.
    rows: dict[tuple[str, ...], list[str]] = {}
    # Tens of thousands of rows share a few statuses and dates: each is written once.
    status_text = {status: text.status(status) for status in STATUSES}
    day = functools.cache(locale.date)
    for pair in report.actions:
        latest = pair.latest
        trained = "" if latest is None else f"{day(latest.date)} · {latest.version}"
        key = (
            status_text[pair.status],
            text.since(pair, handbook),
            pair.person.branch,
            pair.person.key,
            pair.person.name,
            trained,
            "" if pair.due is None else day(pair.due),
        )
        rows.setdefault(key, []).append(handbook.sops[pair.sop].code)
    for (status, since, branch, _, name, trained, due), codes in rows.items():
        detail = f'<span class="hb-audit-detail">{escape(since)}</span>' if since else ""
        parts.append(
            f"<tr><td>{escape(status)}{detail}</td><td>{escape(branch)}</td>"
            f"<td>{escape(name)}</td><td>{escape(', '.join(codes))}</td>"
            f"<td>{escape(trained)}</td><td>{due}</td></tr>"
        )
    parts += ["</tbody></table></div>", ""]
    return "\n".join(parts)


def _matrix_cells(filled: list[tuple[int, str]], columns: int) -> Iterator[str]:
    """A row's cells from its filled ones (column, cell), in column order: each run of columns
    where nothing is required is one empty cell spanning them (the table draws no line between
    cells, so it looks the same). A large matrix is mostly empty: at 2,000 people and 1,000 SOPs
    this makes 165,000 cells of 2 million for the browser, and the page 11.1 MB -> 5.5 MB."""
    at = 0
    for index, html in filled:
        if index > at:
            yield _empty_cell(index - at)
        yield html
        at = index + 1
    if columns > at:
        yield _empty_cell(columns - at)


def _empty_cell(span: int) -> str:
    # The end tag is left out (HTML allows it before a cell or the row's end).
    return "<td>" if span == 1 else f'<td colspan="{span}">'


def _summary_row(name: str, counts: TrainingCounts, text: TrainingText) -> str:
    numbers = "".join(f'<td class="hb-audit-num">{counts.statuses[s]}</td>' for s in STATUSES)
    return (
        f'<tr><th scope="row">{escape(name)}</th><td class="hb-audit-num">{counts.required}</td>'
        f'{numbers}<td class="hb-audit-num">{text.coverage(counts) or "–"}</td></tr>'
    )


def _d(number: int) -> Decimal:

    return Decimal(number)
