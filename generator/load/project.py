"""Project discovery: where a project's files are, and which ids they define (file names)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.diagnostics import Diagnostics, Position, UsageError, suggestion
from generator.load.files import outside_problem
from generator.text import is_valid_id, slugify

YAML_SUFFIXES = (".yml", ".yaml")
# kind -> folder relative to the project, holding one <id>.yml per item
KIND_FOLDERS = {
    "role": "roles",
    "sop": "content/sops",
    "process": "content/processes",
    "kpi": "content/kpis",
    "okr": "content/okrs",
}


@dataclass(frozen=True)
class ItemFile:
    kind: str
    id: str
    path: Path
    rel: str  # relative to the project, with '/'
    valid_id: bool


@dataclass
class ProjectFiles:
    root: Path
    organisation: ItemFile | None = None
    glossary: ItemFile | None = None
    items: list[ItemFile] = field(default_factory=list)
    audits: list[tuple[Path, str]] = field(default_factory=list)
    results: list[tuple[Path, str]] = field(default_factory=list)
    people: tuple[Path, str] | None = None  # content/people.csv, the roster
    training: list[tuple[Path, str]] = field(default_factory=list)

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    def of_kind(self, kind: str) -> list[ItemFile]:
        return [item for item in self.items if item.kind == kind]


def find_project(root: Path) -> Path:
    if not root.is_dir():
        raise UsageError(f"{root} is not a folder")
    if not (root / "content").is_dir() and not (root / "roles").is_dir():
        raise UsageError(
            f"{root} is not a handbook project (it has neither content/ nor roles/);"
            " create one with 'handbook init'"
        )
    return root.resolve()


def discover(root: Path, diagnostics: Diagnostics) -> ProjectFiles:
    files = ProjectFiles(root)
    files.organisation = _single_file(root, "content/organisation", "organisation", diagnostics)
    if files.organisation is None:
        diagnostics.error(Position("content/organisation.yml"), "missing required file")
    files.glossary = _single_file(root, "content/glossary", "glossary", diagnostics)
    for kind, folder in KIND_FOLDERS.items():
        files.items.extend(_item_files(root, kind, folder, diagnostics))
    if not files.of_kind("role"):
        diagnostics.error(
            Position("roles/"), "no roles: add at least one job role as roles/<id>.yml"
        )
    files.audits = _csv_files(root, "content/audits", diagnostics)
    files.results = _csv_files(root, "content/results", diagnostics)
    files.people = _people_file(root, diagnostics)
    files.training = _csv_files(root, "content/training", diagnostics)
    return files


PEOPLE_FILE = "content/people.csv"


def _people_file(root: Path, diagnostics: Diagnostics) -> tuple[Path, str] | None:
    path = root / PEOPLE_FILE
    if not (path.is_symlink() or path.exists()):
        return None
    return (path, PEOPLE_FILE) if _readable(root, path, PEOPLE_FILE, diagnostics) else None


def _csv_files(root: Path, folder: str, diagnostics: Diagnostics) -> list[tuple[Path, str]]:
    """The readable CSV files of a records folder (audits, results, training), by path."""
    found: list[tuple[Path, str]] = []
    for path in _visible_files(_folder(root, folder, diagnostics)):
        rel = _rel(root, path)
        if path.suffix.lower() != ".csv" or path.is_dir():
            diagnostics.warning(Position(rel), f"unexpected file in {folder}/ (expected .csv)")
        elif _readable(root, path, rel, diagnostics):
            found.append((path, rel))
    return found


def _rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def _folder(root: Path, folder: str, diagnostics: Diagnostics) -> Path | None:
    """A content folder of the project, or None when it is missing or leaves the project
    (a symlinked folder pointing elsewhere is an error: its files are never read)."""
    path = root / folder
    if not path.is_dir():
        return None
    if not path.resolve().is_relative_to(root.resolve()):
        diagnostics.error(
            Position(folder), "this folder links to a folder outside the project; copy it in"
        )
        return None
    return path


def _visible_files(folder: Path | None) -> list[Path]:
    if folder is None:
        return []
    return sorted(path for path in folder.iterdir() if not path.name.startswith("."))


def _readable(root: Path, path: Path, rel: str, diagnostics: Diagnostics) -> bool:
    """Whether a file may be read: a regular file inside the project by real path."""
    problem = outside_problem(path, root)
    if problem is not None:
        diagnostics.error(Position(rel), f"this file {problem}")
    return problem is None


def _single_file(root: Path, stem: str, kind: str, diagnostics: Diagnostics) -> ItemFile | None:
    found = [root / f"{stem}{suffix}" for suffix in YAML_SUFFIXES]
    existing = [path for path in found if path.is_symlink() or path.exists()]
    if len(existing) == 2:
        diagnostics.error(
            Position(_rel(root, existing[1])),
            f"both {existing[0].name} and {existing[1].name} exist; keep one",
        )
    if not existing or not _readable(root, existing[0], _rel(root, existing[0]), diagnostics):
        return None
    return ItemFile(kind, kind, existing[0], _rel(root, existing[0]), True)


def _item_files(root: Path, kind: str, folder: str, diagnostics: Diagnostics) -> list[ItemFile]:
    items: dict[str, ItemFile] = {}
    for path in _visible_files(_folder(root, folder, diagnostics)):
        rel = _rel(root, path)
        if path.suffix not in YAML_SUFFIXES or path.is_dir():
            diagnostics.warning(
                Position(rel), f"unexpected file in {folder}/ (expected <id>.yml); it is ignored"
            )
            continue
        if not _readable(root, path, rel, diagnostics):
            continue
        item_id = path.stem
        valid = is_valid_id(item_id)
        if not valid:
            slug = slugify(item_id)
            hint = suggestion(slug) if slug else ""
            diagnostics.error(
                Position(rel),
                f"file name '{path.name}' is not a valid id (expected lowercase letters, digits"
                f" and single hyphens){hint}",
            )
        found = ItemFile(kind, item_id, path, rel, valid)
        if item_id in items:
            kept, extra = items[item_id], found
            if extra.path.suffix == ".yml":
                kept, extra = extra, kept
            diagnostics.error(
                Position(extra.rel), f"both {kept.path.name} and {extra.path.name} exist; keep one"
            )
            items[item_id] = kept
            continue
        items[item_id] = found
    return list(items.values())
