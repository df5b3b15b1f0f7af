"""`handbook import`: existing SOP documents (Word .docx, Excel .xlsx) -> draft SOP files.

The public API is `import_documents`. It reads each file, recognises the SOP in it and writes
`content/sops/<id>.yml`, never over an existing file. Everything it needs from the project
(role ids and titles, SOP ids and codes, the language) comes in as plain arguments, so this
package depends only on `generator.text` and `generator.diagnostics`.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePath

from generator.diagnostics import Diagnostics, Position, plural
from generator.importers.blocks import Document, Paragraph, Table
from generator.importers.draft import MESSAGES, DraftFields, draft_text
from generator.importers.parts import Recognised
from generator.importers.recognise import document_language, recognise
from generator.importers.source import UnreadableFileError, read_document
from generator.text import fold, nfc, slugify

SOPS_FOLDER = "content/sops"


@dataclass(frozen=True)
class ImportSettings:
    """What the import needs to know about the project and the command line."""

    project_root: Path
    today: date
    owner: str | None = None  # --owner: a role id (already checked by the caller)
    effective: date | None = None  # --effective
    roles: Mapping[str, str] = field(default_factory=dict)  # role id -> title: possible owners
    existing_sops: Collection[str] = ()  # SOP ids that have a file already
    existing_codes: Mapping[str, str] = field(default_factory=dict)  # code -> file (project rel)
    language: str = "vi"  # the project's language, when a document does not show its own


@dataclass(frozen=True)
class Draft:
    source: str  # the file as given
    path: str  # content/sops/<id>.yml
    text: str
    steps: int
    critical: int
    leftovers: int

    def summary(self) -> str:
        """`content/sops/<id>.yml: 12 steps, 3 critical, 2 paragraphs not recognised`"""
        return (
            f"{self.path}: {plural(self.steps, 'step')}, {self.critical} critical,"
            f" {plural(self.leftovers, 'paragraph')} not recognised"
        )


@dataclass
class ImportResult:
    written: list[Draft] = field(default_factory=list)
    diagnostics: Diagnostics = field(default_factory=Diagnostics)


class MissingOwnerError(Exception):
    """Some documents name no owner that is a role, and there is no --owner: nothing written.

    `diagnostics` holds the problems of the other files, for the caller to print."""

    def __init__(self, sources: list[str], diagnostics: Diagnostics) -> None:
        super().__init__(", ".join(sources))
        self.sources = sources
        self.diagnostics = diagnostics


def import_documents(files: Sequence[str], settings: ImportSettings) -> ImportResult:
    """Read every file, then write one draft per readable file (none at all when an owner is
    missing: that is a usage error, reported before anything is written)."""
    result = ImportResult()
    planned: list[Draft] = []
    without_owner: list[str] = []
    taken_ids = set(settings.existing_sops)
    taken_codes = dict(settings.existing_codes)
    for source in files:
        at = Position(source)
        try:
            document = read_document(Path(source))
        except UnreadableFileError as problem:
            result.diagnostics.error(at, str(problem))
            continue
        found = recognise(document)
        draft = _draft(source, found, document_texts(document), settings, taken_ids, taken_codes)
        if isinstance(draft, str):
            result.diagnostics.error(at, draft)
        elif draft is None:
            without_owner.append(source)
        else:
            planned.append(draft)
    if without_owner:
        raise MissingOwnerError(without_owner, result.diagnostics)
    for draft in planned:
        failure = _write_new(settings.project_root, draft.path, draft.text)
        if failure:
            result.diagnostics.error(Position(draft.source), failure)
        else:
            result.written.append(draft)
    return result


def document_texts(document: Document) -> list[str]:
    """Every paragraph's and cell's text, in order (to tell the language by its letters)."""
    texts: list[str] = []

    def walk(blocks: Sequence[Paragraph | Table]) -> None:
        for block in blocks:
            if isinstance(block, Paragraph):
                texts.append(block.plain)
            else:
                for row in block.rows:
                    for cell in row:
                        walk(cell.blocks)

    walk(document.blocks)
    return texts


def _draft(
    source: str,
    found: Recognised,
    texts: list[str],
    settings: ImportSettings,
    taken_ids: set[str],
    taken_codes: dict[str, str],
) -> Draft | str | None:
    """The draft of one document; an error message; or None when it needs --owner.

    A draft's id and code are added to `taken_ids`/`taken_codes`: later files cannot reuse them."""
    if not any(text.strip() for text in texts):
        return "the document has no text to import; is it the right file?"
    if not found.title:
        return "no title found (a Title or Heading paragraph, or a first line of text)"
    sop_id = slugify(found.title)
    if not sop_id:
        return f"the title '{found.title}' has no letters or digits to make an id from"
    path = f"{SOPS_FOLDER}/{sop_id}.yml"
    if sop_id in taken_ids:
        return (
            f"{path} already exists (or comes from another file of this run); nothing written"
            " for this file: rename the existing file, or change the document's title"
        )
    language = document_language(found, texts, settings.language)
    say = MESSAGES[language]
    notes: dict[str, list[str]] = {}
    owner = _match_role(found.owner, settings.roles)
    if owner is None:
        if settings.owner is None:
            return None
        owner = settings.owner
        note = "owner_unmatched" if found.owner else "owner_option"
        notes["owner"] = [say[note].format(text=found.owner)]
    code = found.code
    if code in taken_codes:
        notes["code"] = [say["taken_code"].format(code=code, path=taken_codes[code])]
        code = None
    if code is None:
        code = f"SOP-{sop_id.upper()}"
        notes.setdefault("code", [say["default_code"]])
        if code in taken_codes:
            used = taken_codes[code]
            return f"the code '{code}' is already used in {used}; give the document a code"
    if found.version is None:
        notes["version"] = [say["default_version"]]
    effective = found.effective or settings.effective or settings.today
    if found.effective is None:
        notes["effective"] = [say["unread_date"].format(text=text) for text in found.unread_dates]
        notes["effective"].append(
            say["effective_option"] if settings.effective else say["effective_today"]
        )
    fields = DraftFields(
        sop_id=sop_id,
        source=PurePath(source).name,
        today=settings.today,
        language=language,
        title=found.title,
        code=code,
        version=found.version or "1.0",
        effective=effective,
        owner=owner,
        purpose=found.section_markdown("purpose") or None,
        scope=found.section_markdown("scope") or None,
        tools=found.tools,
        prerequisites=found.prerequisites,
        steps=found.steps,
        mistakes=found.mistakes,
        leftovers=found.leftovers,
        notes=notes,
        images=found.images,
    )
    taken_ids.add(sop_id)
    taken_codes[code] = path
    return Draft(
        source=source,
        path=path,
        text=draft_text(fields),
        steps=len(found.steps),
        critical=sum(1 for step in found.steps if step.critical),
        leftovers=len(found.leftovers),
    )


def _match_role(text: str | None, roles: Mapping[str, str]) -> str | None:
    """The role a document's owner names: by id, or by title (any case, with or without
    diacritics)."""
    if not text:
        return None
    wanted = _comparable(text)
    for role_id, title in sorted(roles.items()):
        if text.strip() == role_id or _comparable(title) == wanted:
            return role_id
    folded = fold(wanted)
    matches = [role_id for role_id, title in roles.items() if fold(_comparable(title)) == folded]
    return sorted(matches)[0] if len(matches) == 1 else None


def _comparable(text: str) -> str:
    return " ".join(nfc(text).casefold().split())


def _write_new(root: Path, rel: str, text: str) -> str | None:
    """Create `root/rel` with `text`; never replace a file, never write outside the project
    (a `content/sops` that is a link elsewhere). An error message, or None."""
    path = root / rel
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.parent.resolve().is_relative_to(root.resolve()):
            return f"{SOPS_FOLDER} is a link to a folder outside the project; nothing written"
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        return f"{rel} already exists; nothing written for this file"
    except OSError as problem:
        return f"cannot write {rel} ({problem.strerror or problem})"
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as file:
            file.write(text)
    except OSError as problem:
        path.unlink(missing_ok=True)
        return f"cannot write {rel} ({problem.strerror or problem})"
    return None
