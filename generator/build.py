"""Orchestration: edition -> query -> render -> write, into a staging folder swapped in at the end.

The checked handbook comes from `check.project.check_project`. A failed build leaves the
previous output folder exactly as it was.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from generator import __version__
from generator.check.site_config import SiteConfig
from generator.edition import edition_date, for_audience, source_date_epoch
from generator.model.handbook import Audience, Handbook
from generator.write.output import MARKER, staging, write_file


@dataclass
class Timings:
    """Seconds per stage, printed after a build (the benchmark reads this line)."""

    stages: dict[str, float]

    @contextlib.contextmanager
    def stage(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.stages[name] = self.stages.get(name, 0.0) + time.perf_counter() - started

    def line(self) -> str:
        parts = ", ".join(f"{name} {seconds:.2f} s" for name, seconds in self.stages.items())
        return f"Timings: {parts}, total {sum(self.stages.values()):.2f} s"


@dataclass(frozen=True)
class BuildOptions:
    project: Path
    out: Path
    audience: Audience
    pdf: bool
    jobs: int | None
    book_timeout: float
    progress: bool


def build(
    handbook: Handbook, site_config: SiteConfig, options: BuildOptions, timings: Timings
) -> None:
    """Render and write one edition; raises on failure, leaving `options.out` untouched."""
    with timings.stage("edition"):
        edition = for_audience(handbook, options.audience)
        day = edition_date(edition)
    with _source_date_epoch(source_date_epoch(day)) as epoch, staging(options.out) as folder:
        _write_site(edition, site_config, options, folder, timings)
        if options.pdf:
            with timings.stage("pdf"):
                _write_pdfs(edition, options, folder, epoch, day)
        (folder / MARKER).write_text(
            json.dumps({"generator": "handbook", "version": __version__}) + "\n", encoding="utf-8"
        )


def _say(message: str) -> None:
    print(message, flush=True)


def _write_site(
    edition: Handbook,
    site_config: SiteConfig,
    options: BuildOptions,
    folder: Path,
    timings: Timings,
) -> None:
    from generator.render.site.pages import site_pages
    from generator.write.mkdocs_site import SiteBuild, build_site

    with timings.stage("pages"):
        extra_pages: dict[str, str] = {}
        assets: dict[str, bytes] = {}
        extra_css: list[str] = []
        extra_javascript: list[str] = []
        if edition.audits is not None:  # the audit loop: report page and web checklists
            from generator.query.adherence import adherence_report
            from generator.render.checklist.web import (
                CHECKLIST_SCRIPT,
                CHECKLIST_STYLESHEET,
                checklist_assets,
                checklist_pages,
            )
            from generator.render.site.audit_report import audit_report_page

            report = adherence_report(edition.audits, edition.organisation.language)
            extra_pages["audit/index.md"] = audit_report_page(edition, report)
            extra_pages.update(checklist_pages(edition, pdf_links=options.pdf))
            assets.update(checklist_assets())
            extra_css.append(CHECKLIST_STYLESHEET)
            extra_javascript.append(CHECKLIST_SCRIPT)
        pages = site_pages(edition, pdf_links=options.pdf, extra_pages=extra_pages)
        assets.update(pages.assets)
    with tempfile.TemporaryDirectory(prefix="handbook-docs-") as docs_name, timings.stage("mkdocs"):
        docs = Path(docs_name)
        _prepare_docs(options.project, edition, assets, docs)
        organisation = edition.organisation
        logo = f"_content/{organisation.logo}" if organisation.logo else None
        build_site(
            options.project,
            site_config,
            docs,
            folder,
            SiteBuild(
                site_name=organisation.name,
                language=organisation.language,
                logo=logo,
                nav=pages.nav,
                extra_css=[*pages.extra_css, *extra_css],
                extra_javascript=[*pages.extra_javascript, *extra_javascript],
            ),
            pages.pages,
            _say,
        )


def _prepare_docs(project: Path, edition: Handbook, assets: dict[str, bytes], docs: Path) -> None:
    """Hand-written docs/, the site's assets and content files under `_content/` (the adapter
    writes the generated pages)."""
    user_docs = project / "docs"
    if user_docs.is_dir():
        shutil.copytree(user_docs, docs, dirs_exist_ok=True, ignore=shutil.ignore_patterns(".*"))
    for rel, data in assets.items():
        write_file(docs / rel, data)
    content = (project / "content").resolve()
    for rel in edition.content_files:
        source = (content / rel).resolve()
        if not source.is_relative_to(content):  # validated already; a safety net, not a message
            raise RuntimeError(f"content file {rel} resolves outside content/")
        write_file(docs / "_content" / rel, source.read_bytes())


def _write_pdfs(
    edition: Handbook, options: BuildOptions, folder: Path, epoch: int, day: date
) -> None:
    from generator.render.book.textbook import book_document
    from generator.render.checklist.print import checklist_documents
    from generator.write.pdf import render_pdfs

    documents = [book_document(edition, role_id, edition_date=day) for role_id in edition.roles]
    documents.extend(checklist_documents(edition))
    render_pdfs(
        documents,
        out_dir=folder,
        content_dir=options.project / "content",
        jobs=options.jobs,
        timeout=options.book_timeout,
        source_date_epoch=epoch,
        progress=options.progress,
    )


@contextlib.contextmanager
def _source_date_epoch(default: int) -> Iterator[int]:
    """The user's SOURCE_DATE_EPOCH if set, else the edition date, for this build only."""
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    epoch = int(saved) if saved and saved.isdigit() else default
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield epoch
    finally:
        if saved is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved
