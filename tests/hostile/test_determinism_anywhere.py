"""Issue 15, class 8 and acceptance 3: the same project gives the same bytes wherever it sits.

Spec, "Determinism and safety": same input, same output bytes. The example organisation is
copied to two folders of different path lengths and built with its books; every output file
is compared byte for byte. Books with raster images (PNG, JPEG) are checked apart: WeasyPrint
names a raster image's PDF object after the MD5 of its URL, which is the absolute `file://`
path of the image, so those books change with the folder (SVG images are drawn as vectors and
carry no such name, which is why the example, whose only image is an SVG, stays identical).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PIL import Image

from support import MINIMAL, REPO, TODAY, copy_project
from support_hostile import replace_in, run_cli
from support_site import tree_digest

pytestmark = pytest.mark.e2e

SHORT = "a"
LONG = "mot-thu-muc-rat-dai/va-sau-hon-nua/cho-ban-sao-thu-hai"


def _example_copy(root: Path) -> Path:
    project = root / "cam-nang"
    project.mkdir(parents=True)
    for name in ("content", "roles", "docs"):
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, project / name)
    shutil.copyfile(REPO / "mkdocs.yml", project / "mkdocs.yml")
    return project


def _build(project: Path, *extra: str) -> Path:
    out = project.parent / "site"
    run = run_cli(
        "build", str(project), "--out", str(out), "--today", TODAY, *extra, cwd=project.parent
    )
    assert run.code == 0, run.err + run.out
    return out


def _differences(first: Path, second: Path) -> list[str]:
    left, right = tree_digest(first), tree_digest(second)
    return sorted(path for path in left.keys() | right.keys() if left.get(path) != right.get(path))


def _mentions(root: Path, folder: Path) -> list[str]:
    needles = [str(folder).encode(), folder.as_uri().encode()]
    return sorted(
        path.relative_to(root).as_posix()
        for path in root.rglob("*")
        if path.is_file() and any(needle in path.read_bytes() for needle in needles)
    )


def test_the_example_builds_to_the_same_bytes_in_two_folders(tmp_path: Path) -> None:
    first = _example_copy(tmp_path / SHORT)
    second = _example_copy(tmp_path / LONG)
    assert (first / "content" / "assets" / "gap-khan.svg").is_file()
    out_first, out_second = _build(first), _build(second)
    assert any((out_first / "pdf").glob("*.pdf"))
    assert _differences(out_first, out_second) == []
    assert _mentions(out_first, first) == [] and _mentions(out_second, second) == []


def test_books_with_raster_images_are_the_same_in_two_folders(tmp_path: Path) -> None:
    outs = []
    for folder in (SHORT, LONG):
        project = copy_project(MINIMAL, tmp_path / folder / "tiem-tra")
        assets = project / "content" / "assets"
        picture = Image.new("RGB", (40, 30), (200, 30, 30))
        picture.save(assets / "am.png")
        picture.save(assets / "tra.jpg", quality=80)
        sop = project / "content" / "sops" / "pha-tra.yml"
        replace_in(
            sop,
            "    why: Ấm nóng giữ nhiệt cho trà.",
            "    why: Ấm nóng giữ nhiệt cho trà.\n    image: assets/am.png",
        )
        replace_in(
            sop,
            "  - action: Cho 5 g trà vào ấm.",
            "  - action: Cho 5 g trà vào ấm.\n    image: assets/tra.jpg",
        )
        outs.append(_build(project, "--jobs", "2"))
    assert _differences(outs[0], outs[1]) == []
