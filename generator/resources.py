"""Files the package ships: templates, fonts, label catalogues, starter projects."""

from __future__ import annotations

from importlib.resources import as_file, files
from pathlib import Path

import generator


def package_dir(name: str) -> Path:
    """A folder shipped inside the package, as a real path (fontconfig and Jinja need one)."""
    with as_file(files("generator") / name) as folder:
        return Path(folder)


def templates_dir() -> Path:
    """`site_templates/`: inside the installed wheel; at the checkout's top in editable installs
    (the wheel build copies the top-level folder into the package)."""
    packaged = package_dir("site_templates")
    if packaged.is_dir():
        return packaged
    return Path(generator.__file__).resolve().parent.parent / "site_templates"
