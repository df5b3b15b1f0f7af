"""Orchestration: check -> edition -> render -> write, into a staging folder swapped in at the end.

A failed build leaves the previous output folder exactly as it was.
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
from generator.diagnostics import Diagnostics
from generator.edition import edition_date, for_audience, source_date_epoch
from generator.model import Audience, Handbook
from generator.project import UsageError
from generator.site import SiteConfig, check_docs_folder, read_site_config
from generator.validate import validate_project

MARKER = ".handbook-build"


@dataclass
class ProjectCheck:
    handbook: Handbook | None  # None when there are errors
    diagnostics: Diagnostics
    site_config: SiteConfig
    file_count: int


def check_project(project: Path, *, today: date) -> ProjectCheck:
    """Everything `check` reports and `build` would refuse: content, audits, mkdocs.yml, docs/."""
    result = validate_project(project, today=today)
    diagnostics = result.diagnostics
    site_config = read_site_config(project, diagnostics)
    docs_count = check_docs_folder(project, diagnostics)
    file_count = result.file_count + docs_count + (1 if site_config.exists else 0)
    handbook = None if diagnostics.has_errors() else result.handbook
    return ProjectCheck(handbook, diagnostics, site_config, file_count)


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


def resolve_out(project: Path, out: Path | None) -> Path:
    """The output folder, refused (exit 2) where replacing it would destroy sources."""
    target = (out if out is not None else project / "site").resolve()
    sources = [project, project / "content", project / "roles", project / "docs"]
    for source in sources:
        resolved = source.resolve()
        if target == resolved or resolved.is_relative_to(target):
            raise UsageError(f"unsafe --out {target}: it would replace {source}")
        if source != project and target.is_relative_to(resolved):
            raise UsageError(f"unsafe --out {target}: it is inside {source}")
    if target.exists() and not target.is_dir():
        raise UsageError(f"--out {target} is a file, not a folder")
    if target.is_dir() and any(target.iterdir()) and not (target / MARKER).is_file():
        raise UsageError(
            f"--out {target} is not empty and was not created by handbook; choose another folder"
        )
    return target


def build(
    handbook: Handbook, site_config: SiteConfig, options: BuildOptions, timings: Timings
) -> None:
    """Render and write one edition; raises on failure, leaving `options.out` untouched."""
    with timings.stage("edition"):
        edition = for_audience(handbook, options.audience)
        day = edition_date(edition)
    with _source_date_epoch(source_date_epoch(day)) as epoch, _staging(options.out) as staging:
        _write_site(edition, site_config, options, staging, timings)
        if options.pdf:
            with timings.stage("pdf"):
                _write_pdfs(edition, options, staging, epoch, day)
        (staging / MARKER).write_text(
            json.dumps({"generator": "handbook", "version": __version__}) + "\n", encoding="utf-8"
        )


def _say(message: str) -> None:
    print(message, flush=True)


def _write_site(
    edition: Handbook,
    site_config: SiteConfig,
    options: BuildOptions,
    staging: Path,
    timings: Timings,
) -> None:
    from generator.render.audit_pages import audit_report_page
    from generator.render.checklists import checklist_pages
    from generator.render.site_pages import site_pages
    from generator.site import SiteBuild, build_site

    with timings.stage("pages"):
        extra_pages: dict[str, str] = {}
        assets: dict[str, bytes] = {}
        extra_css: list[str] = []
        extra_javascript: list[str] = []
        if edition.audience == "managers":
            from generator.audit import adherence_report
            from generator.render.checklists import (
                CHECKLIST_SCRIPT,
                CHECKLIST_STYLESHEET,
                checklist_assets,
            )

            extra_pages["audit/index.md"] = audit_report_page(
                edition, adherence_report(edition.audits, edition)
            )
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
            staging,
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
        _write(docs / rel, data)
    content = (project / "content").resolve()
    for rel in edition.content_files:
        source = (content / rel).resolve()
        if not source.is_relative_to(content):  # validated already; a safety net, not a message
            raise RuntimeError(f"content file {rel} resolves outside content/")
        _write(docs / "_content" / rel, source.read_bytes())


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _write_pdfs(
    edition: Handbook, options: BuildOptions, staging: Path, epoch: int, day: date
) -> None:
    from generator.pdf import render_pdfs
    from generator.render.book import book_document

    documents = [book_document(edition, role_id, edition_date=day) for role_id in edition.roles]
    if edition.audience == "managers":
        from generator.render.checklists import checklist_documents

        documents.extend(checklist_documents(edition))
    render_pdfs(
        documents,
        out_dir=staging,
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


@contextlib.contextmanager
def _staging(out: Path) -> Iterator[Path]:
    """A fresh sibling folder of `out`; swapped into place only if the body succeeds."""
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.handbook-new-", dir=out.parent))
    staging.chmod(0o777 & ~_umask())  # mkdtemp's 0700 is for the temporary name only
    try:
        yield staging
        _swap(staging, out)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _swap(new: Path, out: Path) -> None:
    if not out.exists():
        new.rename(out)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}.handbook-old-", dir=out.parent))
    old.rmdir()
    out.rename(old)
    try:
        new.rename(out)
    except OSError:
        old.rename(out)
        raise
    shutil.rmtree(old, ignore_errors=True)
