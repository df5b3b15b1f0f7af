"""`handbook build` and `handbook serve`."""

from __future__ import annotations

import argparse
import tempfile
import traceback
from pathlib import Path
from typing import Any

from generator.cli.common import (
    EXIT_OK,
    InternalError,
    add_project,
    add_strict_today,
    content_exit_code,
    print_diagnostics,
    today,
)
from generator.load.project import find_project

DEFAULT_BOOK_TIMEOUT = 300.0


def add_build_commands(commands: argparse._SubParsersAction[Any]) -> None:
    build = commands.add_parser(
        "build",
        help="build the website, role textbooks (PDF) and checklists",
        description="Validate, then write the onboarding website to DIR (default PROJECT/site),"
        " each role's textbook to DIR/pdf/<role>.pdf and, in the managers edition, audit"
        " checklists to DIR/checklists/. DIR is replaced only when everything succeeded.",
    )
    add_project(build)
    build.add_argument("--out", metavar="DIR", help="output folder (default: PROJECT/site)")
    _add_audience(build)
    build.add_argument("--no-pdf", action="store_true", help="write no PDFs and no links to them")
    build.add_argument(
        "--jobs",
        type=_positive_int,
        metavar="N",
        help="PDF worker processes (default: one per core)",
    )
    build.add_argument(
        "--book-timeout",
        type=float,
        default=DEFAULT_BOOK_TIMEOUT,
        metavar="SECONDS",
        help="give up on a book that takes longer (default: 300)",
    )
    add_strict_today(build)
    build.set_defaults(run=_build)

    serve = commands.add_parser(
        "serve",
        help="preview the website, rebuilding on every change",
        description="Serve a live preview (no PDFs) that rebuilds when content/, roles/, docs/,"
        " mkdocs.yml or the templates change. Content errors are shown here and the last good"
        " build stays online.",
    )
    add_project(serve)
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)"
    )
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    _add_audience(serve)
    add_strict_today(serve)
    serve.set_defaults(run=_serve)


def _add_audience(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--audience",
        choices=("staff", "managers"),
        default="staff",
        help="staff (default) leaves out managers-only content; managers includes everything",
    )


def _positive_int(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a positive whole number")
    return int(text)


def _build(args: argparse.Namespace) -> int:
    from generator.build import BuildOptions, Timings, build
    from generator.check.project import check_project
    from generator.write.mkdocs_site import SiteError
    from generator.write.output import resolve_out
    from generator.write.pdf import PdfError

    project = find_project(Path(args.project))
    out = resolve_out(project, Path(args.out) if args.out else None)
    timings = Timings({})
    with timings.stage("check"):
        checked = check_project(project, today=today(args.today))
    print_diagnostics(checked.diagnostics, checked.file_count)
    code = content_exit_code(checked.diagnostics, strict=args.strict)
    if code != EXIT_OK or checked.handbook is None:
        return code
    options = BuildOptions(
        project=project,
        out=out,
        audience=args.audience,
        pdf=not args.no_pdf,
        jobs=args.jobs,
        book_timeout=args.book_timeout,
        progress=True,  # a bar on a terminal, a line per book otherwise
    )
    try:
        build(checked.handbook, checked.site_config, options, timings)
    except (SiteError, PdfError) as problem:
        raise InternalError(str(problem)) from problem
    print(timings.line())
    print(f"Wrote the {args.audience} edition to {out}")
    return EXIT_OK


def _serve(args: argparse.Namespace) -> int:
    from generator.build import BuildOptions, Timings, build
    from generator.check.project import check_project
    from generator.resources import templates_dir
    from generator.write.mkdocs_site import serve

    project = find_project(Path(args.project))
    served = Path(tempfile.mkdtemp(prefix="handbook-serve-"))

    def rebuild() -> None:
        try:
            checked = check_project(project, today=today(args.today))
            print_diagnostics(checked.diagnostics, checked.file_count)
            if checked.handbook is None:
                print("Content has errors; still serving the last good build.", flush=True)
                return
            options = BuildOptions(project, served, args.audience, False, None, 0, False)
            timings = Timings({})
            build(checked.handbook, checked.site_config, options, timings)
            print(f"Rebuilt in {sum(timings.stages.values()):.1f} s", flush=True)
        except Exception:  # a preview must survive anything; show it and keep serving
            traceback.print_exc()

    rebuild()
    print(f"Serving on http://{args.host}:{args.port}/ (Ctrl+C to stop)", flush=True)
    watched = [project / "content", project / "roles", project / "docs", project / "mkdocs.yml"]
    serve(served, args.host, args.port, [*watched, templates_dir()], rebuild)
    return EXIT_OK
