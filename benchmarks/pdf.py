"""PDF benchmark: our books against raw WeasyPrint on the same SOP text, tagged and untagged.

    python benchmarks/pdf.py                 # the example organisation (repository root)
    python benchmarks/pdf.py benchmarks/out/handbook --roles 10   # first 10 roles of a project

"Raw WeasyPrint" renders, per book, the same SOPs (title, purpose, steps) as plain HTML with a
bare stylesheet, through the same worker pool and fonts: the difference is the cost of our print
HTML and CSS. Every variant runs on all cores; pages/s counts pages over the workers' busy wall time
(start-up left out), pages/cpu-s over their CPU time (steadier on a busy machine). It also
prints the cost of tagging (tagged / untagged time) and whether the fast font subsetting path
(HarfBuzz's libharfbuzz-subset) is there. Figures come from one run on one machine; compare them
with each other, not with a threshold.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import os
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from generator.check.project import validate_project
from generator.edition import edition_date, for_audience, source_date_epoch
from generator.model.handbook import Handbook
from generator.render.book.textbook import book_document
from generator.render.common.markdown import plain_text
from generator.render.common.print import PrintDocument
from generator.write.pdf import RenderedPdf, render_documents

ROOT = Path(__file__).resolve().parent.parent
BARE_STYLE = (
    "@page { size: A4; margin: 20mm } body { font-family: 'Be Vietnam Pro'; font-size: 10pt }"
)


@dataclass(frozen=True)
class Run:
    wall: float  # the documents' wall time inside the workers, over the number of workers
    cpu: float  # the workers' CPU seconds: steady when other programs share the machine
    pages: int
    digests: tuple[str, ...]
    fast_subsetting: bool

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.wall

    @property
    def pages_per_cpu_second(self) -> float:
        return self.pages / self.cpu


def _render(documents: list[PrintDocument], content: Path, epoch: int, *, tagged: bool) -> Run:
    with tempfile.TemporaryDirectory() as out:
        rendered: list[RenderedPdf] = render_documents(
            documents,
            out_dir=Path(out),
            content_dir=content,
            jobs=os.cpu_count(),
            timeout=600,
            source_date_epoch=epoch,
            progress=False,
            tagged=tagged,
        )
        # Worker start-up (interpreter, WeasyPrint, fonts) is left out: once per build, it
        # would dwarf a small sample.
        wall = sum(r.worker_seconds for r in rendered) / min(os.cpu_count() or 1, len(rendered))
        digests = tuple(hashlib.sha256(r.path.read_bytes()).hexdigest() for r in rendered)
    fast = all(r.fast_subsetting for r in rendered)
    cpu = sum(r.cpu_seconds for r in rendered)
    return Run(wall, cpu, sum(r.pages for r in rendered), digests, fast)


def raw_document(edition: Handbook, role_id: str) -> PrintDocument:
    """The role's SOPs as plain HTML (title, purpose, each step's action, standard, why and
    warnings): what WeasyPrint costs without our templates and CSS."""
    parts = [f"<style>{BARE_STYLE}</style>"]
    for sop_id in edition.roles[role_id].sops:
        sop = edition.sops[sop_id]
        parts.append(f"<h2>{html.escape(sop.title)}</h2>")
        parts.append(f"<p>{html.escape(plain_text(sop.purpose, edition))}</p><ol>")
        for step in sop.steps:
            texts = [step.action, step.standard, step.why, *step.warnings]
            paragraphs = "".join(
                f"<p>{html.escape(plain_text(text, edition))}</p>" for text in texts if text
            )
            parts.append(f"<li>{paragraphs}</li>")
        parts.append("</ol>")
    body = "".join(parts)
    page = f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{role_id}</title>'
    return PrintDocument(
        name=f"raw/{role_id}.pdf",
        html=f"{page}</head><body>{body}</body></html>",
        title=role_id,
        author=edition.organisation.name,
        language=edition.organisation.language,
        assets=(),
    )


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
    epoch = source_date_epoch(day)
    content = args.project / "content"
    roles = list(edition.roles)[: args.roles] if args.roles else list(edition.roles)

    started = time.perf_counter()
    ours = [book_document(edition, role, edition_date=day) for role in roles]
    templates = time.perf_counter() - started
    raw = [raw_document(edition, role) for role in roles]
    cores = os.cpu_count() or 1
    print(f"{len(ours)} books, {cores} worker processes; our templates {templates:.2f} s")

    runs = {
        (name, tagged): _render(documents, content, epoch, tagged=tagged)
        for name, documents in (("ours", ours), ("raw", raw))
        for tagged in (False, True)
    }
    print(
        f"{'':10}{'ours pages/s':>14}{'raw pages/s':>13}{'ratio':>7}"
        f"{'ours pages/cpu-s':>18}{'raw pages/cpu-s':>17}{'ratio':>7}{'pages ours/raw':>16}"
    )
    for tagged in (False, True):
        mine, bare = runs["ours", tagged], runs["raw", tagged]
        print(
            f"{'tagged' if tagged else 'untagged':10}{mine.pages_per_second:14.1f}"
            f"{bare.pages_per_second:13.1f}{mine.pages_per_second / bare.pages_per_second:7.2f}"
            f"{mine.pages_per_cpu_second:18.1f}{bare.pages_per_cpu_second:17.1f}"
            f"{mine.pages_per_cpu_second / bare.pages_per_cpu_second:7.2f}"
            f"{mine.pages:>9d}/{bare.pages:<6d}"
        )
    fast = runs["ours", True].fast_subsetting
    print(f"font subsetting: {'HarfBuzz (fast)' if fast else 'fontTools (slow)'}")
    cost = runs["ours", True].cpu / runs["ours", False].cpu - 1
    print(f"tagging costs {100 * cost:+.1f}% of our book CPU time ({runs['ours', False].cpu:.1f} s"
          f" untagged, {runs['ours', True].cpu:.1f} s tagged)")  # fmt: skip
    again = _render(ours, content, epoch, tagged=True)
    print(f"identical bytes on a second run: {again.digests == runs['ours', True].digests}")


if __name__ == "__main__":
    main()
