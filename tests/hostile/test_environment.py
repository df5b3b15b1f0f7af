"""Issue 15, class 10 and the extra checks of the brief: environment problems, the terminal,
command-line values, signals, and the weak spots of `check`.

Spec, "Safety rules added in v2": a content file that cannot be read is a diagnostic at its
1:1 (exit 1); an unusable `--out`, a port in use, a bad `--host` are one line naming the thing,
exit 2, nothing left behind; a reader that stops early ends quietly; a closed stdout or stderr
is survived; SIGTERM behaves like SIGINT; numbers, dates and CLI values take ASCII digits only;
`check` runs in time linear in the size of the project.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from support import MINIMAL, REPO, TODAY, Run, copy_project, run_handbook
from support_hostile import (
    assert_content_error,
    assert_diagnostic,
    assert_no_crash,
    assert_usage_error,
    build,
    check,
    console_script,
    diagnostics,
    locate,
    minimal_copy,
    replace_in,
    run_cli,
    tree_contains,
)
from support_site import tree_digest

NOBODY = 65534
_SUMMARY = re.compile(r"^\d+ errors?, \d+ warnings? in \d+ files?$")


# --- unreadable files and unusable output folders ------------------------------------------


@pytest.fixture
def shared_tmp() -> Iterator[Path]:
    """A temporary folder every user can enter (pytest's own is private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="handbook-hostile-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _unprivileged(folder: Path) -> tuple[str, ...]:
    """A command prefix that runs as 'nobody' when we are root (root reads and writes anything,
    so permissions would not apply); the test is skipped where that cannot be done."""
    if os.geteuid() != 0:
        return ()
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: cannot drop privileges")
    prefix = (setpriv, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups")
    probe = folder / "probe"
    probe.write_text("x", encoding="utf-8")
    probe.chmod(0o000)
    try:
        result = subprocess.run(
            [*prefix, *console_script(), "--help"], capture_output=True, check=False, cwd=folder
        )
        denied = subprocess.run([*prefix, "cat", str(probe)], capture_output=True, check=False)
    finally:
        probe.unlink()
    if result.returncode != 0 or denied.returncode == 0:
        pytest.skip("cannot run handbook as an unprivileged user here")
    return prefix


def _readable_by_all(root: Path) -> None:
    for path in [root, *root.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)


def test_an_unreadable_content_file_is_a_diagnostic_at_1_1(shared_tmp: Path) -> None:
    project = copy_project(MINIMAL, shared_tmp / "project")
    _readable_by_all(shared_tmp)
    (project / "roles" / "truong-ca.yml").chmod(0o000)
    (project / "content" / "audits" / "2026-10.csv").chmod(0o000)
    run = run_cli(
        "check", str(project), "--today", TODAY,
        cwd=shared_tmp, env={"HOME": str(shared_tmp)}, prefix=_unprivileged(shared_tmp),
    )  # fmt: skip
    assert_content_error(run, "roles/truong-ca.yml", (1, 1), ("read",))
    assert_diagnostic(run, "content/audits/2026-10.csv", (1, 1), "error", ("read",))


def test_a_read_only_output_parent_is_a_usage_error(shared_tmp: Path) -> None:
    project = copy_project(MINIMAL, shared_tmp / "project")
    parent = shared_tmp / "chi-doc"
    parent.mkdir()
    _readable_by_all(shared_tmp)
    parent.chmod(0o555)
    run = run_cli(
        "build", str(project), "--no-pdf", "--out", str(parent / "site"), "--today", TODAY,
        cwd=shared_tmp, env={"HOME": str(shared_tmp)}, prefix=_unprivileged(shared_tmp),
    )  # fmt: skip
    assert_usage_error(run, "chi-doc")
    assert list(parent.iterdir()) == []


@pytest.mark.parametrize(
    "out", ["/proc/handbook-site", "/proc/self/handbook-site", "/sys/handbook-site"]
)
def test_an_output_folder_under_a_pseudo_filesystem_is_a_usage_error(
    tmp_path: Path, out: str
) -> None:
    run = build(minimal_copy(tmp_path), Path(out), "--no-pdf")
    assert_usage_error(run, "handbook-site")


# --- the preview server ---------------------------------------------------------------------


def _serve(*args: str) -> Run:
    project = MINIMAL
    return run_cli("serve", str(project), "--today", TODAY, *args, timeout=120)


def _assert_one_line_exit_2(run: Run, *keywords: str) -> None:
    assert_no_crash(run)
    assert run.code == 2, f"exit {run.code}:\n{run.err}"
    other = [
        line
        for line in run.err.splitlines()
        if line.strip() and not _SUMMARY.match(line) and not line.startswith(("usage:", " "))
    ]
    assert len(other) == 1 and all(word in other[0] for word in keywords), run.err


def test_serve_on_a_port_in_use_is_one_line_and_exit_2() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = str(taken.getsockname()[1])
        _assert_one_line_exit_2(_serve("--port", port), port)


@pytest.mark.parametrize(
    ("option", "value"), [("--port", "99999"), ("--port", "-1"), ("--host", "999.1.1.1")]
)
def test_serve_with_a_bad_address_is_one_line_and_exit_2(option: str, value: str) -> None:
    _assert_one_line_exit_2(_serve(option, value), value)


# --- pipes and closed streams ---------------------------------------------------------------


def _run_into_closed_pipe(*args: str) -> tuple[int, str]:
    """Run with stdout a pipe whose reader has already gone (`handbook ... | head -1` once
    head has exited): every write meets EPIPE."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        process = subprocess.run(
            [*console_script(), *args],
            stdout=write_end,
            stderr=subprocess.PIPE,
            timeout=120,
            check=False,
        )
    finally:
        os.close(write_end)
    return process.returncode, process.stderr.decode("utf-8", errors="replace")


@pytest.mark.parametrize(
    "args",
    [
        ("schema",),
        ("audit", "sheet", str(MINIMAL), "--role", "truong-ca"),
        ("audit", "report", str(MINIMAL)),
    ],
    ids=["schema", "audit-sheet", "audit-report"],
)
def test_a_reader_that_stops_early_ends_quietly(args: tuple[str, ...]) -> None:
    code, err = _run_into_closed_pipe(*args)
    assert code in (0, 141, -signal.SIGPIPE), f"exit {code}:\n{err}"
    noise = [line for line in err.splitlines() if line.strip() and not _SUMMARY.match(line)]
    assert noise == [], err


def test_schema_to_a_reader_that_reads_everything_is_fine() -> None:
    # The guard of the test above: the same command into a live pipe.
    run = run_cli("schema")
    assert run.code == 0 and run.err == "" and run.out.startswith("{")


def _closing(fd: int) -> Callable[[], None]:
    def close() -> None:
        os.close(fd)

    return close


@pytest.mark.parametrize(("scenario", "expected"), [("valid", 0), ("invalid", 1)])
def test_check_survives_a_closed_stderr(tmp_path: Path, scenario: str, expected: int) -> None:
    project = minimal_copy(tmp_path)
    if scenario == "invalid":
        replace_in(project / "roles" / "truong-ca.yml", "title: Trưởng ca", "titel: Trưởng ca")
    run = run_cli("check", str(project), "--today", TODAY, preexec_fn=_closing(2))
    assert run.code == expected, run.out


@pytest.mark.parametrize(
    "args",
    [
        ("schema",),
        ("audit", "sheet", str(MINIMAL), "--role", "truong-ca"),
        ("audit", "report", str(MINIMAL)),
    ],
    ids=["schema", "audit-sheet", "audit-report"],
)
def test_commands_that_print_survive_a_closed_stdout(args: tuple[str, ...]) -> None:
    run = run_cli(*args, preexec_fn=_closing(1))
    assert_no_crash(run)


def test_build_survives_a_closed_stdout(tmp_path: Path) -> None:
    # Progress lines go nowhere, the site is written all the same.
    out = tmp_path / "site"
    run = run_cli(
        "build", str(minimal_copy(tmp_path)), "--no-pdf", "--out", str(out), "--today", TODAY,
        preexec_fn=_closing(1),
    )  # fmt: skip
    assert_no_crash(run)
    assert run.code == 0, run.err
    assert (out / "index.html").is_file()


# --- SIGTERM during a build with books --------------------------------------------------------


def _children(pid: int) -> set[int]:
    """Every descendant of `pid`, from the parent ids in /proc/<n>/stat."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    found: set[int] = set()
    pending = [pid]
    while pending:
        parent = pending.pop()
        kids = {child for child, ppid in parents.items() if ppid == parent}
        found |= kids
        pending.extend(kids)
    return found


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status


@pytest.mark.e2e
def test_sigterm_during_the_books_stops_cleanly(tmp_path: Path) -> None:
    project = tmp_path / "cam-nang"
    project.mkdir()
    for name in ("content", "roles", "docs"):
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, project / name)
    shutil.copyfile(REPO / "mkdocs.yml", project / "mkdocs.yml")
    out = tmp_path / "site"
    first = run_cli("build", str(project), "--no-pdf", "--out", str(out), "--today", TODAY)
    assert first.code == 0, first.err
    before = tree_digest(out)
    environment = {key: value for key, value in os.environ.items() if key != "SOURCE_DATE_EPOCH"}
    process = subprocess.Popen(
        [
            *console_script(),
            "build",
            str(project),
            "--out",
            str(out),
            "--today",
            TODAY,
            "--jobs",
            "2",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=environment,
        text=True,
    )
    workers: set[int] = set()
    try:
        assert process.stdout is not None
        for line in process.stdout:  # a line per finished book: the workers are busy
            if line.startswith("PDF "):
                break
        workers = _children(process.pid)
        assert workers, "no PDF worker found"
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=120)  # EOF only once every worker let go of stderr
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(_alive(pid) for pid in workers):
            time.sleep(0.1)
        assert process.returncode in (143, -signal.SIGTERM), process.returncode
        assert [p.name for p in tmp_path.iterdir() if ".handbook-new-" in p.name] == []
        assert tree_digest(out) == before, "the previous output was changed"
        assert [pid for pid in workers if _alive(pid)] == [], "orphan PDF workers"
        assert "Traceback" not in err, err
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        for pid in workers:  # our own test's processes, by id
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)


# --- the terminal ---------------------------------------------------------------------------


_RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f\x9b]")


@pytest.mark.parametrize("where", ["yaml-key", "file-name", "csv-header"])
def test_escape_sequences_from_content_never_reach_the_terminal(tmp_path: Path, where: str) -> None:
    project = minimal_copy(tmp_path)
    if where == "yaml-key":
        sop = project / "content" / "sops" / "dong-ca.yml"
        sop.write_text(
            sop.read_text(encoding="utf-8") + '"\\e]0;pwned\\a\\e[2J": 1\n', encoding="utf-8"
        )
    elif where == "file-name":
        (project / "roles" / "x\x1b[31mdo.yml").write_text("title: X\n", encoding="utf-8")
    else:
        audit = project / "content" / "audits" / "2026-10.csv"
        replace_in(audit, ",note\n", ",note,\x1b[2J\x1b[H\n")
    run = run_cli("check", str(project), "--today", TODAY)
    assert_no_crash(run)
    assert run.code in (0, 1)
    assert _RAW_CONTROL.findall(run.err) == [], repr(run.err)


# --- numbers, dates and command-line values ---------------------------------------------------


def test_arabic_indic_digits_are_not_a_number(tmp_path: Path) -> None:
    project = minimal_copy(tmp_path)
    organisation = project / "content" / "organisation.yml"
    replace_in(organisation, "language: vi", "language: vi\nreview_every_months: ١٢")
    assert_content_error(check(project), "content/organisation.yml", locate(organisation, "١٢"))


def test_arabic_indic_digits_are_not_an_audit_date(tmp_path: Path) -> None:
    project = minimal_copy(tmp_path)
    audit = project / "content" / "audits" / "2026-10.csv"
    replace_in(
        audit,
        "2026-10-02,Quận 1,Lan,Minh,nhan-vien-pha-che,pha-tra,3",
        "٢٠٢٦-١٠-٠٢,Quận 1,Lan,Minh,nhan-vien-pha-che,pha-tra,3",
    )
    assert_content_error(check(project), "content/audits/2026-10.csv", locate(audit, "٢٠٢٦"))


@pytest.mark.parametrize("value", ["٣", "３"])
def test_jobs_takes_ascii_digits_only(tmp_path: Path, value: str) -> None:
    run = build(minimal_copy(tmp_path), tmp_path / "site", "--no-pdf", "--jobs", value)
    assert_usage_error(run, "--jobs")
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize(
    "args",
    [
        ("check", "{project}", "--today", "20260101"),
        ("check", "{project}", "--today", "2026-W48-1"),
        ("audit", "report", "{project}", "--since", "20260101"),
    ],
    ids=["today-basic", "today-week", "since-basic"],
)
def test_command_line_dates_take_the_specified_form_only(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    project = str(minimal_copy(tmp_path))
    run = run_handbook(*(project if arg == "{project}" else arg for arg in args))
    assert_usage_error(run, "YYYY-MM-DD")


def test_a_command_line_date_in_the_specified_form_is_accepted(tmp_path: Path) -> None:
    # The guards of the tests above: ISO dates pass, and what is refused today stays refused.
    project = minimal_copy(tmp_path)
    assert check(project).code == 0
    assert_usage_error(run_handbook("check", str(project), "--today", "2026-11-29T00:00"))
    build_run = build(project, tmp_path / "site", "--no-pdf", "--jobs", "²")
    assert_usage_error(build_run, "--jobs")


@pytest.mark.parametrize("value", ["nan", "0", "-1", "inf", "1e999"])
def test_book_timeout_must_be_a_positive_finite_number(tmp_path: Path, value: str) -> None:
    run = build(minimal_copy(tmp_path), tmp_path / "site", "--no-pdf", f"--book-timeout={value}")
    assert_usage_error(run, "--book-timeout")
    assert not (tmp_path / "site").exists()


# --- check's weak spots -----------------------------------------------------------------------


def test_a_csv_quote_error_does_not_hide_the_other_problems(tmp_path: Path) -> None:
    project = minimal_copy(tmp_path)
    audit = project / "content" / "audits" / "2026-10.csv"
    audit.write_text(
        "date,branch,auditor,person,role,sop,step,result,note\n"
        '2026-10-02,Quận 1,Lan,Minh,nhan-vien-pha-che,pha-tra,3,fail,"Ủ "2" phút"\n'
        "2026-10-03,Quận 1,Lan,Minh,nhan-vien-pha-che,khong-co,3,fail,\n"
        "2026-10-04,Quận 1,Lan,Minh,nhan-vien-pha-che,pha-tra,3,faill,\n",
        encoding="utf-8",
    )
    run = check(project)
    assert_content_error(run, "content/audits/2026-10.csv", locate(audit, '"Ủ'), ("quote",))
    assert_diagnostic(run, "content/audits/2026-10.csv", locate(audit, "khong-co"), "error")
    assert_diagnostic(run, "content/audits/2026-10.csv", locate(audit, "faill"), "error")


def test_a_future_dated_audit_is_a_warning_at_its_date(tmp_path: Path) -> None:
    project = minimal_copy(tmp_path)
    audit = project / "content" / "audits" / "2026-10.csv"
    replace_in(
        audit,
        "2026-10-02,Quận 1,Lan,Minh,nhan-vien-pha-che,pha-tra,3",
        "2027-10-02,Quận 1,Lan,Minh,nhan-vien-pha-che,pha-tra,3",
    )
    run = check(project)
    assert_no_crash(run)
    assert_diagnostic(run, "content/audits/2026-10.csv", locate(audit, "2027-10-02"), "warning")


def test_a_broken_link_in_a_docs_page_fails_strict(tmp_path: Path) -> None:
    project = minimal_copy(tmp_path)
    (project / "docs").mkdir()
    page = project / "docs" / "them.md"
    page.write_text("# Thêm\n\nXem [trang cũ](khong-co.md).\n", encoding="utf-8")
    checked = check(project, "--strict")
    assert_no_crash(checked)
    assert checked.code == 1
    assert_diagnostic(checked, "docs/them.md", None, None, ("khong-co.md",))
    built = build(project, tmp_path / "site", "--no-pdf", "--strict")
    assert built.code == 1 and not (tmp_path / "site").exists()


@pytest.mark.parametrize("kind", ["svg-script", "svg-onload", "html-file"])
def test_active_content_files_are_refused_or_neutralised(tmp_path: Path, kind: str) -> None:
    project = minimal_copy(tmp_path)
    content = project / "content"
    sop = content / "sops" / "dong-ca.yml"
    if kind == "html-file":
        (content / "forms").mkdir()
        (content / "forms" / "mau.html").write_text(
            "<html><body><script>alert(document.cookie)</script></body></html>", encoding="utf-8"
        )
        replace_in(
            sop, "purpose: Kết thúc ca gọn gàng, đủ tiền.", "purpose: Xem [mẫu](forms/mau.html)."
        )
        needle = "Xem [mẫu]"
    else:
        body = (
            "<script>alert(document.cookie)</script>"
            if kind == "svg-script"
            else '<circle onload="alert(1)" cx="5" cy="5" r="4"/>'
        )
        (content / "assets" / "x.svg").write_text(
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">{body}</svg>',
            encoding="utf-8",
        )
        replace_in(sop, "    critical: true", "    critical: true\n    image: assets/x.svg")
        needle = "assets/x.svg"
    checked = check(project)
    assert_no_crash(checked)
    if checked.code == 1:
        assert_diagnostic(checked, "content/sops/dong-ca.yml", locate(sop, needle))
        return
    built = build(project, tmp_path / "site", "--no-pdf")
    assert built.code == 0, built.err
    served = tmp_path / "site" / "_content"
    assert tree_contains(served, b"<script") == [] and tree_contains(served, b"onload") == []


@pytest.mark.e2e
@pytest.mark.timeout(300)
def test_check_of_twenty_thousand_mistyped_ids_stays_linear(tmp_path: Path) -> None:
    # 20,000 glossary terms, and a role whose 20,000 responsibilities each link a mistyped
    # term: every link needs a hint. Measured before the fix (2 cores): 1,000 links 23 s,
    # 2,000 links 91 s, 4,000 links 311 s, i.e. quadratic (20,000 would take about 2 hours);
    # the same project with correct ids checks in 10.5 s. The bound is generous (a slow
    # machine); what is asserted is the count of diagnostics and hints.
    count = 20_000
    project = minimal_copy(tmp_path)
    (project / "content" / "glossary.yml").write_text(
        "".join(
            f"- term: Thuật ngữ {n}\n  id: thuat-ngu-{n:05d}\n  definition: Nghĩa {n}.\n"
            for n in range(count)
        ),
        encoding="utf-8",
    )
    role = project / "roles" / "truong-ca.yml"
    replace_in(
        role,
        "  - Mở và đóng ca đúng quy trình.\n",
        "".join(f"  - Xem [[term:thuat-ngu-{n:05d}x]].\n" for n in range(count)),
    )
    try:
        run = run_cli("check", str(project), "--today", TODAY, timeout=120)
    except subprocess.TimeoutExpired:
        pytest.fail("check of 20,000 mistyped ids took longer than 120 s")
    assert_no_crash(run)
    found = [d for d in diagnostics(run.err) if d.path == "roles/truong-ca.yml"]
    assert len(found) == count
    assert all("did you mean 'thuat-ngu-" in d.message for d in found)
