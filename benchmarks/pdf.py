"""PDF benchmark: time per book and per page, the worker pool's speed-up over one process, and
how much of the PDF time is WeasyPrint itself versus our own code.

    python benchmarks/pdf.py                 # the example organisation (repository root)
    python benchmarks/pdf.py benchmarks/out/handbook --roles 10   # first 10 roles of a project

Figures come from one run on one machine; compare them with each other, not with a threshold.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import tempfile
import time
from datetime import date
from pathlib import Path

from generator.check.project import validate_project
from generator.edition import edition_date, for_audience, source_date_epoch
from generator.render.book.textbook import book_document
from generator.render.common.print import PrintDocument
from generator.write.pdf import RenderedPdf, edition_id, render_documents

ROOT = Path(__file__).resolve().parent.parent


def _render(
    documents: list[PrintDocument], content: Path, jobs: int, epoch: int
) -> tuple[float, list[RenderedPdf], list[str]]:
    with tempfile.TemporaryDirectory() as out:
        started = time.perf_counter()
        rendered = render_documents(
            documents,
            out_dir=Path(out),
            content_dir=content,
            jobs=jobs,
            timeout=600,
            source_date_epoch=epoch,
            progress=False,
        )
        wall = time.perf_counter() - started
        digests = [hashlib.sha256(r.path.read_bytes()).hexdigest() for r in rendered]
    return wall, rendered, digests


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", nargs="?", type=Path, default=ROOT)
    parser.add_argument("--roles", type=int, help="only the first N roles (by id)")
    parser.add_argument("--audience", choices=("staff", "managers"), default="managers")
    args = parser.parse_args()
    handbook = validate_project(args.project, today=date(2026, 11, 29)).handbook
    if handbook is None:
        raise SystemExit("the project has errors; run `handbook check` first")
    edition = for_audience(handbook, args.audience)
    day = edition_date(edition)
    content = args.project / "content"
    roles = list(edition.roles)[: args.roles] if args.roles else list(edition.roles)

    started = time.perf_counter()
    documents = [book_document(edition, role, edition_date=day) for role in roles]
    templates = time.perf_counter() - started
    started = time.perf_counter()
    for document in documents:
        edition_id(document.html, document.assets, content)
    hashing = time.perf_counter() - started
    print(f"{len(documents)} books; our templates {templates:.2f} s, edition ids {hashing:.3f} s")

    cores = os.cpu_count() or 1
    serial_wall, rendered, serial_digests = _render(documents, content, 1, source_date_epoch(day))
    pages = sum(r.pages for r in rendered)
    weasyprint = sum(r.weasyprint_seconds for r in rendered)
    per_book, per_page = serial_wall / len(rendered), 1000 * serial_wall / pages
    print(
        f"1 process: {serial_wall:.1f} s for {pages} pages:"
        f" {per_book:.2f} s per book, {per_page:.0f} ms per page"
    )
    serial_total = templates + hashing + serial_wall
    print(
        f"WeasyPrint itself (HTML -> layout -> PDF): {weasyprint:.1f} s,"
        f" {100 * weasyprint / serial_total:.1f}% of the serial PDF time; our code: templates"
        f" {100 * templates / serial_total:.1f}%, edition ids {100 * hashing / serial_total:.2f}%,"
        f" workers and writing {100 * (serial_wall - weasyprint) / serial_total:.1f}%"
    )
    if cores > 1:
        pool_wall, _, pool_digests = _render(documents, content, cores, source_date_epoch(day))
        print(
            f"{cores} processes: {pool_wall:.1f} s, {pool_wall / len(rendered):.2f} s per book;"
            f" speed-up {serial_wall / pool_wall:.2f}x;"
            f" identical bytes: {pool_digests == serial_digests}"
        )


if __name__ == "__main__":
    main()
