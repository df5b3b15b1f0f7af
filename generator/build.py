"""Orchestration: check everything a build needs, then edition -> query -> render -> write,
into a staging folder swapped in at the end.

`check_project` is everything `handbook check` reports and `build` would refuse. A failed build
leaves the previous output folder exactly as it was.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from generator import __version__
from generator.check.docs_folder import check_docs_folder, check_docs_links
from generator.check.files import managers_data
from generator.check.project import validate_project
from generator.check.site_config import SiteConfig, read_site_config
from generator.diagnostics import Diagnostics, Position
from generator.edition import edition_date, for_audience, source_date_epoch, tool_epoch
from generator.model.handbook import Audience, Handbook
from generator.text import is_ascii_digits
from generator.write.output import MARKER, staging, write_file

if TYPE_CHECKING:
    from generator.query.kpi import KpiReport
    from generator.query.training import TrainingReport


@dataclass
class ProjectCheck:
    """Everything `check` reports and `build` would refuse."""

    handbook: Handbook | None  # None when there are errors
    diagnostics: Diagnostics
    site_config: SiteConfig
    file_count: int
    docs: list[str]  # hand-written files under docs/ that may be copied


def check_project(project: Path, *, today: date) -> ProjectCheck:
    """Content and records, mkdocs.yml (with MkDocs' own validation when the file is safe to
    hand to MkDocs) and the hand-written docs/ pages and their links, in one run."""
    from generator.write.mkdocs_site import config_problems

    with _long_lived_objects():
        result = validate_project(project, today=today)
    diagnostics = result.diagnostics
    site_config = read_site_config(project, diagnostics)
    if site_config.exists and not site_config.has_errors:
        for setting, message, error in config_problems(project, site_config):
            at = site_config.positions.get(setting, Position(site_config.path))
            (diagnostics.error if error else diagnostics.warning)(at, message)
    docs = check_docs_folder(project, diagnostics)
    if result.handbook is not None and any(page.endswith(".md") for page in docs):
        generated = generated_page_files(result.handbook)
        check_docs_links(project, docs, generated, diagnostics)
    file_count = result.file_count + len(docs) + (1 if site_config.exists else 0)
    handbook = None if diagnostics.has_errors() else result.handbook
    return ProjectCheck(handbook, diagnostics, site_config, file_count, docs)


@contextlib.contextmanager
def _long_lived_objects() -> Iterator[None]:
    """No cyclic garbage collection while the project is read, and what it read frozen
    afterwards. Loading makes hundreds of thousands of objects that live as long as the build
    (YAML nodes, CSV fields, the model), and each collection would walk all of them again:
    that was a third of `check`'s time on a 1,000-SOP project with 20,000 training records.
    Reading makes little cyclic garbage; `unfreeze` first hands back what an earlier build in
    this process (`serve`, tests) froze, so it can be collected."""
    gc.unfreeze()
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.collect()  # what reading left behind, before the rest is frozen
        gc.freeze()
        if enabled:
            gc.enable()


def generated_page_files(handbook: Handbook) -> set[str]:
    """The Markdown files the build generates for either edition (a docs/ page may link them)."""
    from generator.query.checklists import CHECKLIST_KINDS
    from generator.render.common.urls import CHECKLISTS_URL, checklist_path, docs_file
    from generator.render.site.pages import page_files

    managers = for_audience(handbook, "managers")
    files = page_files(managers)
    files.update(docs_file(url) for url in ("audit/", CHECKLISTS_URL, "training/", "scorecard/"))
    files.update(
        docs_file(checklist_path(kind, item_id))
        for kind in CHECKLIST_KINDS
        for item_id in managers.items(kind)
    )
    return files


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
    strict: bool = False


class StrictWarningsError(Exception):
    """--strict and MkDocs warned about hand-written pages: nothing is written (exit 1)."""

    def __init__(self, diagnostics: Diagnostics) -> None:
        super().__init__("warnings about hand-written pages")
        self.diagnostics = diagnostics


def build(checked: ProjectCheck, options: BuildOptions, timings: Timings) -> Diagnostics:
    """Render and write one edition; raises on failure, leaving `options.out` untouched.
    Returns MkDocs' warnings about hand-written pages (with --strict they stop the build)."""
    assert checked.handbook is not None, "only a project without errors builds"
    with timings.stage("edition"):
        edition = for_audience(checked.handbook, options.audience)
        day = edition_date(edition)
    with timings.stage("training"):
        training = _training_report(edition)
    with timings.stage("results"):
        results = _results_report(edition, training)
    with _source_date_epoch(source_date_epoch(day)) as epoch, staging(options.out) as folder:
        warnings = _write_site(edition, results, training, checked, options, folder, timings)
        if options.strict and warnings.items:
            raise StrictWarningsError(warnings)
        if options.pdf:
            with timings.stage("pdf"):
                _write_pdfs(edition, results, checked.site_config, options, folder, epoch, day)
        (folder / MARKER).write_text(
            json.dumps({"generator": "handbook", "version": __version__}) + "\n", encoding="utf-8"
        )
    return warnings


def _say(message: str) -> None:
    print(message, flush=True)


def _write_site(
    edition: Handbook,
    results: KpiReport | None,
    training: TrainingReport | None,
    checked: ProjectCheck,
    options: BuildOptions,
    folder: Path,
    timings: Timings,
) -> Diagnostics:
    from generator.render.site.pages import SEARCH_WORKER, site_pages
    from generator.write.mkdocs_site import SiteBuild, build_site
    from generator.write.search import index_site

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
        if training is not None:
            from generator.render.site.training import TRAINING_URL, training_page

            extra_pages[f"{TRAINING_URL}index.md"] = training_page(edition, training)
        if results is not None:
            from generator.render.common.urls import docs_file
            from generator.render.site.scorecard import SCORECARD_URL, scorecard_page

            extra_pages[docs_file(SCORECARD_URL)] = scorecard_page(edition, results)
        pages = site_pages(
            edition,
            pdf_links=options.pdf,
            extra_pages=extra_pages,
            results=results,
            training=training,
        )
        assets.update(pages.assets)
    with tempfile.TemporaryDirectory(prefix="handbook-docs-") as docs_name, timings.stage("mkdocs"):
        docs = Path(docs_name)
        _prepare_docs(options.project, checked.docs, edition, assets, docs)
        organisation = edition.organisation
        logo = f"_content/{organisation.logo}" if organisation.logo else None
        page_warnings = build_site(
            options.project,
            checked.site_config,
            docs,
            folder,
            SiteBuild(
                site_name=organisation.name,
                language=organisation.language,
                logo=logo,
                nav=pages.nav,
                extra_css=[*pages.extra_css, *extra_css],
                extra_javascript=[*pages.extra_javascript, *extra_javascript],
                search_worker=SEARCH_WORKER,
            ),
            pages.pages,
            _say,
            checked.docs,
        )
    with timings.stage("search"):
        index_site(folder, edition.organisation.language)
    warnings = Diagnostics()
    for page, message in page_warnings:
        warnings.warning(Position(f"docs/{page}"), message)
    return warnings


def _results_report(edition: Handbook, training: TrainingReport | None) -> KpiReport | None:
    """The KPI results' figures of an edition that has results (the managers edition)."""
    if edition.results is None:
        return None
    from generator.query.kpi import kpi_report
    from generator.query.training import coaching_lookup

    lookup = coaching_lookup(edition, training) if training is not None else None
    return kpi_report(edition, training=lookup)


def _training_report(edition: Handbook) -> TrainingReport | None:
    """The training figures of an edition with a roster (the managers edition)."""
    if edition.training is None:
        return None
    from generator.query.training import training_report

    return training_report(edition)


def _prepare_docs(
    project: Path, hand_written: list[str], edition: Handbook, assets: dict[str, bytes], docs: Path
) -> None:
    """The checked hand-written docs/ files, the site's assets and content files under
    `_content/` (the adapter writes the generated pages)."""
    for rel in hand_written:
        write_file(docs / rel, (project / "docs" / rel).read_bytes())
    for rel, data in assets.items():
        write_file(docs / rel, data)
    content = (project / "content").resolve()
    for rel in edition.content_files:
        source = (content / rel).resolve()
        # Validated already; a safety net, not a message.
        if not source.is_relative_to(content):
            raise RuntimeError(f"content file {rel} resolves outside content/")
        if edition.audits is None and managers_data(rel):
            raise RuntimeError(f"managers-only file {rel} in the staff edition")
        write_file(docs / "_content" / rel, source.read_bytes())


def _site_url(config: SiteConfig) -> str | None:
    """mkdocs.yml's `site_url` when it is a plain text (an `!ENV` value is not known here)."""
    value = config.values.get("site_url")
    return (value.strip() or None) if isinstance(value, str) else None


def _write_pdfs(
    edition: Handbook,
    results: KpiReport | None,
    site_config: SiteConfig,
    options: BuildOptions,
    folder: Path,
    epoch: int,
    day: date,
) -> None:
    from generator.render.book.textbook import book_document
    from generator.render.checklist.print import checklist_documents
    from generator.write.pdf import render_pdfs

    site_url = _site_url(site_config)
    documents = [
        book_document(edition, role_id, edition_date=day, results=results, site_url=site_url)
        for role_id in edition.roles
    ]
    documents.extend(checklist_documents(edition, site_url=site_url))
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
    epoch = int(saved) if saved and is_ascii_digits(saved) else default
    os.environ["SOURCE_DATE_EPOCH"] = str(tool_epoch(epoch))
    try:
        yield epoch
    finally:
        if saved is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved
