"""Benchmark: large synthetic organisations, built by handbook and as plain MkDocs sites.

    python benchmarks/run.py                   # 1,000 and 5,000 SOPs of 8 steps (1 role / 20 SOPs)
    python benchmarks/run.py --sops 200 --pdf  # smaller, and time the PDF books too
    python benchmarks/run.py --sops 1000 --results # also: what KPI results add to a build
    python benchmarks/run.py --sops 1000 --training # also: 2,000 people, 20,000 training records

For each size it writes both projects under benchmarks/out/, builds each in its own process (so
peak memory is that build's own) and prints wall time, peak memory, output size, pages and links,
handbook's own stages, and search as a phone user meets it: headless Chromium at 390 px opens the
home page over http (text compressed with gzip, as any web host does) and types a query at once;
the table gives the search index's build time, the bytes the browser fetched for search and the
time from typing to the first result, for the first query (the index's start-up included) and for
a second one, handbook's Pagefind next to plain Material's lunr. Figures are compared within one
run on one machine; no threshold is asserted here or in tests.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import os
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORDS = (
    "khách hàng đón tiếp chào hỏi mỉm cười lắng nghe tư vấn liệu trình đặt lịch xác nhận thanh"
    " toán hoá đơn khăn sạch khử khuẩn dụng cụ nhiệt độ nước ấm phòng trị liệu giường tinh dầu"
    " kiểm tra hồ sơ sức khoẻ dị ứng bàn giao ca trưởng ca quản lý chi nhánh báo cáo đúng giờ"
    " nhẹ nhàng an toàn vệ sinh sắp xếp gọn gàng ghi chép phản hồi cảm ơn hẹn lần sau"
).split()


def sentence(seed: int, length: int) -> str:
    words = [WORDS[(seed * 7 + i * 13) % len(WORDS)] for i in range(length)]
    return " ".join(words).capitalize() + "."


@dataclass(frozen=True)
class Size:
    roles: int
    sops: int
    steps: int
    kpis: int
    processes: int


# --- the synthetic organisation ------------------------------------------------------------------


def write_handbook(root: Path, size: Size) -> None:
    if root.exists():
        shutil.rmtree(root)
    (root / "content" / "sops").mkdir(parents=True)
    (root / "content" / "kpis").mkdir()
    (root / "content" / "processes").mkdir()
    (root / "content" / "okrs").mkdir()
    (root / "roles").mkdir()
    departments = 10
    (root / "content" / "organisation.yml").write_text(
        "name: Công ty Cổ phần Dịch vụ Thử Nghiệm\nshort_name: Thử Nghiệm\nlanguage: vi\n"
        "departments:\n"
        + "".join(
            f"  - id: phong-{d}\n    name: Phòng ban số {d}\n    description: {sentence(d, 9)}\n"
            for d in range(departments)
        ),
        encoding="utf-8",
    )
    sops_of_role: dict[int, list[int]] = {r: [] for r in range(size.roles)}
    for s in range(size.sops):
        sops_of_role[s % size.roles].append(s)
        sops_of_role[(s * 7 + 3) % size.roles].append(s)
    for r in range(size.roles):
        manager = "" if r == 0 else f"reports_to: vi-tri-{(r - 1) // 4}\n"
        sops = ", ".join(f"sop-{s}" for s in dict.fromkeys(sops_of_role[r]))
        kpis = "".join(f"  - kpi: kpi-{(r + k) % size.kpis}\n    target: 9{k}\n" for k in range(2))
        (root / "roles" / f"vi-tri-{r}.yml").write_text(
            f"title: Vị trí số {r} — {WORDS[r % len(WORDS)]}\ndepartment: phong-{r % departments}\n"
            f"{manager}purpose: {sentence(r, 20)}\nresponsibilities:\n"
            + "".join(f"  - {sentence(r + i, 12)}\n" for i in range(5))
            + f"sops: [{sops}]\nkpis:\n{kpis}"
            + "onboarding:\n  - phase: Tuần 1\n    goals:\n"
            + f"      - {sentence(r, 8)}\n    sops: [sop-{sops_of_role[r][0]}]\n",
            encoding="utf-8",
        )
    for s in range(size.sops):
        steps = "".join(
            f"  - action: {sentence(s + i, 10)}\n    standard: {sentence(s + i + 1, 12)}\n"
            + (f"    critical: true\n    why: {sentence(s + i + 2, 14)}\n" if i % 4 == 0 else "")
            for i in range(size.steps)
        )
        (root / "content" / "sops" / f"sop-{s}.yml").write_text(
            f"title: Quy trình {s} – {sentence(s, 5)[:-1]}\ncode: SOP-{s:04d}\n"
            f'version: "1.{s % 9}"\n'
            f"effective: 2026-0{1 + s % 9}-1{s % 9}\nowner: vi-tri-{s % size.roles}\n"
            f"purpose: {sentence(s, 25)}\nsteps:\n{steps}"
            f"common_mistakes:\n  - mistake: {sentence(s, 9)}\n    consequence: {sentence(s, 9)}\n"
            f"kpis: [kpi-{s % size.kpis}]\nquiz:\n"
            + "".join(
                f"  - question: {sentence(s + q, 9)[:-1]}?\n    choices: [Có, Không, Tuỳ lúc]\n"
                f"    answer: {q % 3}\n    explain: {sentence(s + q, 11)}\n"
                for q in range(2)
            )
            + f'revisions:\n  - version: "1.{s % 9}"\n    date: 2026-0{1 + s % 9}-1{s % 9}\n'
            f"    changes: {sentence(s, 7)}\ntags: [thẻ {s % 20}]\n",
            encoding="utf-8",
        )
    for k in range(size.kpis):
        (root / "content" / "kpis" / f"kpi-{k}.yml").write_text(
            f"name: Chỉ số {k} {WORDS[k % len(WORDS)]}\ndefinition: {sentence(k, 15)}\n"
            f'value: {sentence(k + 1, 20)}\nformula: A / B × 100\nunit: "%"\n'
            f"direction: higher_is_better\ntarget: 95\nthreshold: 90\nfrequency: monthly\n"
            f"data_source: Phần mềm quản lý\nowner: vi-tri-{k % size.roles}\n"
            f"kind: {'leading' if k % 2 else 'lagging'}\n",
            encoding="utf-8",
        )
    for p in range(size.processes):
        steps = "".join(
            f"  - title: Bước {i + 1} {WORDS[(p + i) % len(WORDS)]}\n"
            f"    role: vi-tri-{(p + i) % size.roles}\n    sop: sop-{(p * 6 + i) % size.sops}\n"
            for i in range(6)
        )
        (root / "content" / "processes" / f"quy-trinh-{p}.yml").write_text(
            f"title: Quy trình liên phòng {p}\nowner: vi-tri-{p % size.roles}\n"
            f"purpose: {sentence(p, 15)}\nsteps:\n{steps}kpis: [kpi-{p % size.kpis}]\n",
            encoding="utf-8",
        )
    (root / "content" / "okrs" / "2026-q4.yml").write_text(
        "period: Quý 4/2026\nstart: 2026-10-01\nend: 2026-12-31\nobjectives:\n"
        "  - objective: Nâng chất lượng dịch vụ\n    owner: vi-tri-0\n    key_results:\n"
        + "".join(
            f"      - result: Chỉ số {k} đạt 97%\n        kpi: kpi-{k}\n        target: 97\n"
            f"        roles: [vi-tri-{k % size.roles}]\n"
            for k in range(5)
        ),
        encoding="utf-8",
    )
    (root / "mkdocs.yml").write_text("site_name: Thử Nghiệm\ntheme:\n  name: material\n", "utf-8")


BRANCHES = ("Quận 1", "Quận 3", "Thủ Đức")


def write_results(root: Path, size: Size, months: int) -> None:
    """Monthly results of every KPI in each branch, and audits of each SOP's critical steps
    (one SOP in ten, every month and branch), so the coaching view has figures to show."""
    last = 2026 * 12 + 9  # October 2026, months counted from year 0
    periods = [divmod(last - months + 1 + m, 12) for m in range(months)]
    periods = [(year, month + 1) for year, month in periods]
    lines = ["date,kpi,value,branch,note"]
    for k in range(size.kpis):
        for b, branch in enumerate(BRANCHES):
            for m, (year, month) in enumerate(periods):
                value = 85 + (k * 7 + b * 5 + m * 3) % 15 + ((k + m) % 10) / 10
                lines.append(f"{year}-{month:02d}-28,kpi-{k},{value:.1f},{branch},")
    results = root / "content" / "results"
    results.mkdir(parents=True, exist_ok=True)
    (results / "ket-qua.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    audit = ["date,branch,auditor,person,role,sop,step,result,note"]
    for s in range(0, size.sops, 10):
        for b, branch in enumerate(BRANCHES):
            for m, (year, month) in enumerate(periods):
                for step in range(1, size.steps + 1, 4):
                    result = "fail" if (s + b + m + step) % 7 == 0 else "pass"
                    audit.append(
                        f"{year}-{month:02d}-15,{branch},Kiểm tra viên,Nhân viên {b},"
                        f"vi-tri-{s % size.roles},sop-{s},{step},{result},"
                    )
    audits = root / "content" / "audits"
    audits.mkdir(parents=True, exist_ok=True)
    (audits / "kiem-tra.csv").write_text("\n".join(audit) + "\n", encoding="utf-8")


def write_plain_site(handbook: Path, root: Path, size: Size) -> None:
    """What a user would write by hand for the same text: a page per SOP and per role,
    MkDocs' default navigation (every page, nested by folder)."""
    import yaml  # the benchmark reads its own generated files

    if root.exists():
        shutil.rmtree(root)
    docs = root / "docs"
    (docs / "sops").mkdir(parents=True)
    (docs / "roles").mkdir()
    (docs / "index.md").write_text("# Cẩm nang\n\nTrang chủ.\n", encoding="utf-8")
    for file in sorted((handbook / "content" / "sops").glob("*.yml")):
        sop = yaml.safe_load(file.read_text(encoding="utf-8"))
        lines = [f"# {sop['title']}", "", f"**{sop['code']}** · phiên bản {sop['version']}", ""]
        lines += ["## Mục đích", "", sop["purpose"], "", "## Các bước", ""]
        for number, step in enumerate(sop["steps"], start=1):
            lines.append(f"{number}. {step['action']}")
            lines.append(f"    - Chuẩn: {step['standard']}")
            if step.get("why"):
                lines.append(f"    - Vì sao: {step['why']}")
        lines += ["", "## Lỗi thường gặp", ""]
        lines += [f"- {m['mistake']} — {m['consequence']}" for m in sop["common_mistakes"]]
        lines += ["", "## Tự kiểm tra", ""]
        for question in sop["quiz"]:
            lines.append(f"- {question['question']} ({', '.join(question['choices'])})")
        (docs / "sops" / f"{file.stem}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for file in sorted((handbook / "roles").glob("*.yml")):
        role = yaml.safe_load(file.read_text(encoding="utf-8"))
        lines = [f"# {role['title']}", "", role["purpose"], "", "## Trách nhiệm", ""]
        lines += [f"- {item}" for item in role["responsibilities"]]
        lines += ["", "## SOP", ""]
        lines += [f"- [{s}](../sops/{s}.md)" for s in role["sops"]]
        (docs / "roles" / f"{file.stem}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        "site_name: Thử Nghiệm\ntheme:\n  name: material\n  language: vi\nplugins:\n  - search\n",
        encoding="utf-8",
    )


# --- measuring ---------------------------------------------------------------------------------


@dataclass
class Measured:
    seconds: float
    peak_mib: float
    stdout: str
    cpu_seconds: float = 0.0  # user + system, the child's and its own children's (Pagefind)


def measure(command: list[str], cwd: Path) -> Measured:
    """Run `command` in a child process; its wall time and its own peak resident memory."""
    wrapper = (
        "import resource, runpy, sys\n"
        "sys.argv = sys.argv[1:]\n"
        "try:\n"
        "    runpy.run_path(sys.argv[0], run_name='__main__') if sys.argv[0].endswith('.py') "
        "else runpy.run_module(sys.argv[0], run_name='__main__', alter_sys=True)\n"
        "except SystemExit as done:\n"
        "    code = done.code\n"
        "else:\n"
        "    code = 0\n"
        "own = resource.getrusage(resource.RUSAGE_SELF)\n"
        "kids = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "cpu = own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime\n"
        "print(f'@@peak {own.ru_maxrss} {kids.ru_maxrss} {cpu}', flush=True)\n"
        "sys.exit(code)\n"
    )
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", wrapper, *command],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")
    match = re.search(r"@@peak (\d+) (\d+) ([0-9.]+)", result.stdout)
    assert match, result.stdout
    peak = max(int(match.group(1)), int(match.group(2))) / 1024
    return Measured(seconds, peak, result.stdout, float(match.group(3)))


def folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def count_pages_and_links(site: Path) -> tuple[int, int]:
    pages = list(site.rglob("index.html"))
    article = re.compile(r'<article class="md-content__inner.*?</article>', re.S)
    links = 0
    for page in pages:
        match = article.search(page.read_text(encoding="utf-8"))
        if match:
            links += len(re.findall(r'<a href="(?!https?:|#)', match.group(0)))
    return len(pages), links


def mib(size: int) -> str:
    return f"{size / 2**20:.1f} MiB"


def stage_seconds(stdout: str) -> dict[str, float]:
    line = re.search(r"^Timings: (.*)$", stdout, re.M)
    found = re.findall(r"(\w+) ([\d.]+) s", line.group(1)) if line else []
    return {name: float(seconds) for name, seconds in found if name != "total"}


# --- search in the browser ------------------------------------------------------------------------

# Requests that belong to search: Pagefind's files and our worker; Material's lunr index, worker
# and language files.
SEARCH_FILES = re.compile(
    r"^/(pagefind/|search/|assets/handbook/search\.js|assets/javascripts/(workers|lunr)/)"
)
COMPRESSED = (".html", ".js", ".json", ".css", ".xml")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the site gzip-compressed where a web host would, counting the bytes sent."""

    sent: list[tuple[str, int]]

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.name.endswith(COMPRESSED) or "gzip" not in self.headers.get(
            "Accept-Encoding", ""
        ):
            return super().send_head()
        if not path.is_file():
            return super().send_head()
        body = _gzipped(path)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _Body(body)

    def copyfile(self, source, outputfile):  # type: ignore[no-untyped-def]
        data = source.read()
        outputfile.write(data)
        self.sent.append((self.path.split("?")[0], len(data)))


class _Body:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self) -> bytes:
        return self.data

    def close(self) -> None:
        pass


@functools.lru_cache(maxsize=4096)
def _gzipped(path: Path) -> bytes:
    return gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)


@contextlib.contextmanager
def serve(site: Path) -> Iterator[tuple[str, list[tuple[str, int]]]]:
    sent: list[tuple[str, int]] = []
    handler = type("Handler", (_Handler,), {"sent": sent})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(site))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", sent
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class SearchRun:
    seconds: float
    kib: float
    results: str  # as Material shows it


def search_figures(site: Path, queries: tuple[str, str]) -> list[SearchRun]:
    """Type `queries` into the site's search box on a phone, one after the other."""
    from playwright.sync_api import sync_playwright

    runs = []
    with serve(site) as (url, sent), sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        page = browser.new_page(viewport={"width": 390, "height": 800})
        page.goto(url, wait_until="load")
        for query in queries:
            page.evaluate(
                "window.__before = document.querySelector('.md-search-result__list')"
                "?.firstElementChild || 'none'"
            )
            already = len(sent)
            if not page.locator("#__search").is_checked():
                page.locator("header label[for=__search]").first.click()
            box = page.locator("input.md-search__input")
            started = time.perf_counter()
            box.fill(query)
            box.press("End")
            # The first result drawn (an empty answer to the focus before the query was typed
            # can say "no results" for a moment: the queries here all have results).
            page.wait_for_function(
                """() => {
                    const list = document.querySelector(".md-search-result__list")
                    const first = list.firstElementChild
                    return first !== null && first !== window.__before
                }""",
                timeout=600_000,
                polling=20,
            )
            seconds = time.perf_counter() - started
            page.wait_for_timeout(500)  # let the rest of this answer's requests finish
            fetched = sum(
                size
                for path, size in sent[(0 if not runs else already) :]
                if SEARCH_FILES.match(path)
            )
            # Material's count (it renders the first ten, the others as the list scrolls).
            meta = page.locator(".md-search-result__meta").inner_text()
            count = re.search(r"\d[\d.,]*k?", meta)
            runs.append(SearchRun(seconds, fetched / 1024, count.group(0) if count else "0"))
        browser.close()
    return runs


# --- one size -----------------------------------------------------------------------------------


def write_training(root: Path, size: Size, people: int, per_person: int = 10) -> None:
    """A roster of `people` in the branches (one in ten with two roles, one in fifty who left)
    and `per_person` training records each on their roles' SOPs: passes of the current and of
    an older version, and fails."""
    sops_of_role: dict[int, list[int]] = {r: [] for r in range(size.roles)}
    for s in range(size.sops):
        sops_of_role[s % size.roles].append(s)
        sops_of_role[(s * 7 + 3) % size.roles].append(s)
    roster = ["person,name,role,branch,joined,left"]
    records = ["date,person,sop,version,trainer,result,score"]
    for p in range(people):
        roles = [p % size.roles] + ([(p + 1) % size.roles] if p % 10 == 0 else [])
        left = "2026-06-30" if p % 50 == 0 else ""
        branch = BRANCHES[p % len(BRANCHES)]
        held = "|".join(f"vi-tri-{r}" for r in roles)
        roster.append(
            f"NV{p:05d},Nhân viên {WORDS[p % len(WORDS)]} {p},{held},{branch},"
            f"2025-0{1 + p % 9}-01,{left}"
        )
        sops = [s for r in roles for s in sops_of_role[r]]
        for n in range(per_person):
            s = sops[(p + n * 3) % len(sops)]
            version = f"1.{s % 9}" if (p + n) % 5 else "0.9"
            result = "fail" if (p + n) % 13 == 0 else "pass"
            records.append(
                f"2026-{1 + (p + n) % 10:02d}-{1 + n:02d},NV{p:05d},sop-{s},{version},"
                f"Huấn luyện viên {n % 4},{result},{80 + (p + n) % 20}"
            )
    (root / "content" / "people.csv").write_text("\n".join(roster) + "\n", encoding="utf-8")
    folder = root / "content" / "training"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "dao-tao.csv").write_text("\n".join(records) + "\n", encoding="utf-8")


def measure_training(project: Path, size: Size, people: int, *, pdf: bool, repeat: int = 3) -> None:
    """`check` and the managers edition without, then with, the roster and training records,
    `repeat` times in turn (a 2-core machine's timings vary by a tenth from run to run): the
    median time they add, wall clock and CPU, and the training page's size."""
    runs: dict[bool, list[tuple[Measured, Measured]]] = {False: [], True: []}
    for _ in range(repeat):
        for present in (False, True):
            _place_training(project, size, people, present=present)
            check = measure(["generator.cli", "check", ".", "--today", "2026-11-29"], project)
            command = ["generator.cli", "build", ".", "--audience", "managers"]
            command += ["--out", "site-managers", "--today", "2026-11-29"]
            build = measure(command + ([] if pdf else ["--no-pdf"]), project)
            runs[present].append((check, build))
    page = project / "site-managers" / "training" / "index.html"
    edition = f"managers edition{'' if pdf else ' --no-pdf'}"
    print(
        f"training ({people:,} people, {people * 10:,} records), medians of {repeat} runs each,"
        f" without -> with; training page {mib(page.stat().st_size)}"
    )
    for label, index in (("check", 0), (edition, 1)):
        for clock, seconds in (("wall", attrgetter("seconds")), ("cpu", attrgetter("cpu_seconds"))):
            without = statistics.median(seconds(run[index]) for run in runs[False])
            with_training = statistics.median(seconds(run[index]) for run in runs[True])
            added = with_training - without
            print(
                f"  {label} ({clock}): {without:.2f}s -> {with_training:.2f}s"
                f" (+{added:.2f}s, {100 * added / with_training:.1f}% of it)"
            )
    for label, present in (("without", False), ("with", True)):
        stages = re.search(r"^Timings: (.*)$", runs[present][-1][1].stdout, re.M)
        if stages:
            print(f"  handbook stages {label} (last run): {stages.group(1)}")


def _place_training(project: Path, size: Size, people: int, *, present: bool) -> None:
    if present:
        write_training(project, size, people)
        return
    for path in (project / "content" / "people.csv", project / "content" / "training"):
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()


def run_size(
    size: Size,
    out: Path,
    pdf: bool,
    queries: tuple[str, str],
    results_months: int | None,
    training_people: int | None = None,
) -> None:
    root = out / f"{size.sops}-sops"
    handbook_project, plain_project = root / "handbook", root / "plain"
    write_handbook(handbook_project, size)
    write_plain_site(handbook_project, plain_project, size)
    print(f"\n== {size.roles} roles, {size.sops} SOPs x {size.steps} steps, "
          f"{size.kpis} KPIs, {size.processes} processes")  # fmt: skip

    plain = measure([str(HERE / "lunr_timed.py"), "-q", "-d", "site"], plain_project)
    ours = measure(
        ["generator.cli", "build", ".", "--no-pdf", "--out", "site", "--today", "2026-11-29"],
        handbook_project,
    )
    rows = []
    for name, run, site in (
        ("plain MkDocs Material", plain, plain_project / "site"),
        ("handbook build --no-pdf", ours, handbook_project / "site"),
    ):
        pages, links = count_pages_and_links(site)
        rows.append((name, run, folder_size(site), pages, links))
    header = ("wall", 9), ("peak mem", 11), ("output", 12), ("pages", 7)
    print(" " * 26 + "".join(f"{name:>{width}}" for name, width in header) + f"{'links':>8}")
    for name, run, output, pages, links in rows:
        print(
            f"{name:26}{run.seconds:8.1f}s{run.peak_mib:9.0f}MiB{mib(output):>12}"
            f"{pages:7d}{links:8d}"
        )
    stages = re.search(r"^Timings: (.*)$", ours.stdout, re.M)
    if stages:
        print(f"handbook stages: {stages.group(1)}")
    print(
        f"ratios (handbook / plain): time {ours.seconds / plain.seconds:.2f},"
        f" disk {rows[1][2] / rows[0][2]:.2f}"
    )

    # lunr's index is built inside MkDocs' run, by Material's search plugin (timed there).
    lunr = re.search(r"@@lunr ([\d.]+)", plain.stdout)
    lunr_index = float(lunr.group(1)) if lunr else float("nan")
    timings = stage_seconds(ours.stdout)
    pagefind_index = timings.get("search", 0.0)
    site_build = sum(timings.values())
    lunr_size = (plain_project / "site" / "search" / "search_index.json").stat().st_size
    pagefind_size = folder_size(handbook_project / "site" / "pagefind")
    print(f"search queries: 1st {queries[0]!r}, 2nd {queries[1]!r} (390 px, gzip over http)")
    columns = ("index", 9), ("of build", 10), ("on disk", 11), ("1st KiB", 9), ("1st s", 8)
    columns += ("hits", 6), ("2nd KiB", 9), ("2nd s", 8), ("hits", 6)
    print(" " * 26 + "".join(f"{name:>{width}}" for name, width in columns))
    for name, index_seconds, build_seconds, disk, site in (
        ("Material lunr", lunr_index, plain.seconds, lunr_size, plain_project / "site"),
        ("handbook Pagefind", pagefind_index, site_build, pagefind_size, handbook_project / "site"),
    ):
        first, second = search_figures(site, queries)
        print(
            f"{name:26}{index_seconds:8.1f}s{100 * index_seconds / build_seconds:9.0f}%"
            f"{mib(disk):>11}{first.kib:9.0f}{first.seconds:8.2f}{first.results:>6}"
            f"{second.kib:9.0f}{second.seconds:8.2f}{second.results:>6}"
        )
    if pdf:
        with_pdf = measure(
            ["generator.cli", "build", ".", "--out", "site-pdf", "--today", "2026-11-29"],
            handbook_project,
        )
        print(f"with PDFs: {with_pdf.seconds:.1f}s, peak {with_pdf.peak_mib:.0f} MiB")
        stages = re.search(r"^Timings: (.*)$", with_pdf.stdout, re.M)
        if stages:
            print(f"handbook stages: {stages.group(1)}")
    if results_months:
        measure_results(handbook_project, size, results_months, pdf=pdf)
    if training_people:
        measure_training(handbook_project, size, training_people, pdf=pdf)


def measure_results(project: Path, size: Size, months: int, *, pdf: bool) -> None:
    """The managers edition built without results, then with them: the time they add."""
    write_results(project, size, months)
    results = project / "content" / "results"
    aside = project / "results-aside"
    command = ["generator.cli", "build", ".", "--audience", "managers", "--out", "site-managers"]
    command += ["--today", "2026-11-29"] + ([] if pdf else ["--no-pdf"])
    results.rename(aside)
    without = measure(command, project)
    aside.rename(results)
    with_results = measure(command, project)
    count = size.kpis * len(BRANCHES) * months
    added = with_results.seconds - without.seconds
    print(
        f"managers edition{'' if pdf else ' --no-pdf'}: {without.seconds:.1f}s without results,"
        f" {with_results.seconds:.1f}s with {count:,} results"
        f" (+{added:.1f}s, {100 * added / with_results.seconds:.1f}% of the build)"
    )
    stages = re.search(r"^Timings: (.*)$", with_results.stdout, re.M)
    if stages:
        print(f"handbook stages: {stages.group(1)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sops", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--roles", type=int, help="default: one role per 20 SOPs")
    parser.add_argument("--steps", type=int, default=8)
    parser.add_argument("--kpis", type=int, default=100)
    parser.add_argument("--processes", type=int, default=20)
    parser.add_argument("--out", type=Path, default=HERE / "out")
    parser.add_argument("--pdf", action="store_true", help="also time the PDF books")
    parser.add_argument(
        "--queries",
        nargs=2,
        default=("thanh toán hoá đơn", "khu khuan dung cu"),
        help="the two queries typed (default: one with diacritics, one without)",
    )
    parser.add_argument(
        "--results",
        type=int,
        nargs="?",
        const=24,
        metavar="MONTHS",
        help="also time the managers edition with and without MONTHS (default 24) of KPI"
        " results in 3 branches",
    )
    parser.add_argument(
        "--training",
        type=int,
        nargs="?",
        const=2000,
        metavar="PEOPLE",
        help="also time check and the managers edition with and without a roster of PEOPLE"
        " (default 2,000) and 10 training records each",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="--training: runs without and with the records, in turn (default 3; medians)",
    )
    parser.add_argument(
        "--only-added",
        action="store_true",
        help="skip the plain-MkDocs comparison and search timings (only --results/--training)",
    )
    args = parser.parse_args()
    for sops in args.sops:
        roles = args.roles or max(5, sops // 20)
        size = Size(roles, sops, args.steps, args.kpis, args.processes)
        if args.only_added:
            root = args.out / f"{size.sops}-sops" / "handbook"
            write_handbook(root, size)
            if args.results:
                measure_results(root, size, args.results, pdf=args.pdf)
            if args.training:
                measure_training(root, size, args.training, pdf=args.pdf, repeat=args.repeat)
        else:
            run_size(size, args.out, args.pdf, tuple(args.queries), args.results, args.training)


if __name__ == "__main__":
    main()
