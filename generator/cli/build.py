"""`handbook build` and `handbook serve`."""

from __future__ import annotations

import argparse
import errno
import shutil
import tempfile
import traceback
from pathlib import Path
from typing import Any

from generator.cli.common import (
    EXIT_CONTENT,
    EXIT_OK,
    InternalError,
    add_project,
    add_strict_today,
    content_exit_code,
    port_number,
    positive_int,
    positive_seconds,
    print_diagnostics,
    today,
)
from generator.diagnostics import Diagnostics, Position, UsageError
from generator.load.project import find_project

DEFAULT_BOOK_TIMEOUT = 300.0
# What the machine, not handbook, gets wrong while writing: a full disk, no permission.
_ENVIRONMENT_ERRORS = frozenset(
    {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM, errno.EIO}
)


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
        type=positive_int,
        metavar="N",
        help="PDF worker processes (default: one per core)",
    )
    build.add_argument(
        "--book-timeout",
        type=positive_seconds,
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
    serve.add_argument("--port", type=port_number, default=8000, help="port (default: 8000)")
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


def _build(args: argparse.Namespace) -> int:
    from generator.build import (
        BuildOptions,
        StrictWarningsError,
        Timings,
        build,
        check_project,
    )
    from generator.write.mkdocs_site import SiteError, TemplateRefusedError
    from generator.write.output import resolve_out
    from generator.write.pdf import PdfError
    from generator.write.search import SearchIndexError

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
        strict=args.strict,
    )
    try:
        warnings = build(checked, options, timings)
    except StrictWarningsError as stopped:
        print_diagnostics(stopped.diagnostics, len(checked.docs))
        return EXIT_CONTENT
    except TemplateRefusedError as refused:
        problems = Diagnostics()
        problems.error(
            Position(checked.site_config.path),
            "a template of yours (theme.custom_dir or extra_templates) tried to reach Python,"
            f" which templates may not do: {refused}",
        )
        print_diagnostics(problems, checked.file_count)
        return EXIT_CONTENT
    except (SiteError, PdfError, SearchIndexError) as problem:
        raise InternalError(str(problem)) from problem
    except OSError as error:
        if error.errno not in _ENVIRONMENT_ERRORS:
            raise
        raise UsageError(f"cannot write the site to {out}: {error.strerror}") from None
    if warnings.items:
        print_diagnostics(warnings, len(checked.docs))
    print(timings.line())
    print(f"Wrote the {args.audience} edition to {out}")
    return EXIT_OK


def _serve(args: argparse.Namespace) -> int:
    from generator.build import BuildOptions, Timings, build, check_project
    from generator.resources import templates_dir
    from generator.write.mkdocs_site import check_address, serve

    project = find_project(Path(args.project))
    check_address(args.host, args.port)
    served = Path(tempfile.mkdtemp(prefix="handbook-serve-"))

    def rebuild() -> None:
        try:
            checked = check_project(project, today=today(args.today))
            print_diagnostics(checked.diagnostics, checked.file_count)
            if checked.handbook is None:
                print("Content has errors; still serving the last good build.", flush=True)
                return
            options = BuildOptions(project, served, args.audience, False, None, 1, False)
            timings = Timings({})
            warnings = build(checked, options, timings)
            if warnings.items:
                print_diagnostics(warnings, len(checked.docs))
            print(f"Rebuilt in {sum(timings.stages.values()):.1f} s", flush=True)
        except Exception:  # a preview must survive anything; show it and keep serving
            traceback.print_exc()

    try:
        rebuild()
        print(f"Serving on http://{args.host}:{args.port}/ (Ctrl+C to stop)", flush=True)
        watched = [project / "content", project / "roles", project / "docs", project / "mkdocs.yml"]
        serve(served, args.host, args.port, [*watched, templates_dir()], rebuild)
    finally:
        shutil.rmtree(served, ignore_errors=True)
    return EXIT_OK
