"""`handbook serve`: a live preview that rebuilds on changes and survives content errors."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from support import MINIMAL, copy_project
from support_site import CHROMIUM_ARGS, search_pages

pytestmark = pytest.mark.e2e


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return str(response.read().decode("utf-8"))


def _wait_for(predicate_url: str, text: str, timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        try:
            last = _get(predicate_url)
            if text in last:
                return last
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"{text!r} never appeared at {predicate_url}")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[Path, str, subprocess.Popen[str]]]:
    project = copy_project(MINIMAL, tmp_path / "project")
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "serve", str(project), "--port", str(port),
         "--today", "2026-11-29"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        yield project, f"http://127.0.0.1:{port}/", process
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_serve_rebuilds_on_change_and_keeps_serving_through_errors(
    server: tuple[Path, str, subprocess.Popen[str]],
) -> None:
    project, url, process = server
    page = url + "sops/pha-tra/"
    _wait_for(page, "Pha trà sen")

    sop = project / "content" / "sops" / "pha-tra.yml"
    text = sop.read_text(encoding="utf-8")
    sop.write_text(text.replace("title: Pha trà sen", "title: Pha trà sen thượng hạng"), "utf-8")
    _wait_for(page, "Pha trà sen thượng hạng")

    broken = text.replace("answer: 1", "answer: 9")
    sop.write_text(broken, encoding="utf-8")
    time.sleep(3)  # a rebuild is attempted and refused
    assert process.poll() is None
    assert "Pha trà sen" in _get(page)  # the last good build stays online

    role = project / "roles" / "truong-ca.yml"
    sop.write_text(text, encoding="utf-8")
    role.write_text(role.read_text(encoding="utf-8").replace("Trưởng ca", "Trưởng ca tối"), "utf-8")
    _wait_for(url + "roles/truong-ca/", "Trưởng ca tối")

    process.terminate()
    _, errors = process.communicate(timeout=30)
    assert "content/sops/pha-tra.yml:" in errors and "answer 9 is out of range" in errors
    assert "Traceback" not in errors


def test_serve_rebuilds_the_search_index_with_the_site(
    server: tuple[Path, str, subprocess.Popen[str]],
) -> None:
    project, url, _ = server
    page_url = url + "sops/pha-tra/"
    _wait_for(page_url, "Pha trà sen")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        page = browser.new_page()
        page.goto(url)
        assert search_pages(page, "bach tuyet") == []
        sop = project / "content" / "sops" / "pha-tra.yml"
        text = sop.read_text(encoding="utf-8")
        sop.write_text(text.replace("title: Pha trà sen", "title: Pha trà sen Bạch Tuyết"), "utf-8")
        _wait_for(page_url, "Pha trà sen Bạch Tuyết")
        # The preview reloads its open pages after a rebuild: let that happen first.
        page.wait_for_load_state("load")
        page.wait_for_timeout(1000)
        page.goto(url)
        # The SOP, then the pages that list it by title.
        assert search_pages(page, "bach tuyet")[0] == "sops/pha-tra/"
        browser.close()
