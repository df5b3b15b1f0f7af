"""Blocks -> the parts of an SOP: title, fields, sections, steps, and what was not recognised.

One pass in document order. Labels ("Mục đích", "Mã số:") switch sections or set fields; a
numbered list (Word's or typed "1."), or a table whose header row names step columns, gives
the steps. A table without such a header is layout: its cells are read like paragraphs, so a
two-column "Mã số | SOP-01" form works the same as "Mã số: SOP-01". Whatever finds no place
is kept, in order, as a leftover for the draft's `# not recognised:` comments.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from generator.importers import labels
from generator.importers.blocks import (
    Cell,
    Document,
    Paragraph,
    Span,
    Table,
    drop_prefix,
    drop_span_range,
    typed_marker,
    with_typed_marker,
)
from generator.importers.parts import Leftover, MistakePart, Recognised, StepPart
from generator.importers.values import find_date, is_number, looks_like_version

_LIST_SECTIONS = frozenset({"tools", "prerequisites", "common_mistakes"})
_ARROW = re.compile(r"\s+(?:→|->|=>|⇒)\s+")
_LIST_SEPARATOR = re.compile(r"\s*;\s*|,\s+")
_TYPED_STEP_CELL = re.compile(r"^\s*(?:bước|buoc|step)?\s*\d{1,3}\s*[.):]?\s*", re.IGNORECASE)


def recognise(document: Document) -> Recognised:
    recogniser = _Recogniser(document)
    recogniser.run()
    return recogniser.found


class _Recogniser:
    def __init__(self, document: Document) -> None:
        self.document = document
        self.found = Recognised(images=document.images)
        self.title_paragraph = _choose_title(document.blocks)
        self.section = "start"
        self.pending: str | None = None  # a field label whose value is the next paragraph
        self.step: StepPart | None = None  # the step that nested items and lines attach to
        self.mistake: MistakePart | None = None
        self.intro: list[Paragraph] = []  # plain paragraphs in a steps section, no list yet
        self.section_list_steps = 0
        self.listed_section = False  # the section's items so far were list items

    def run(self) -> None:
        for block in self.document.blocks:
            self.block(block)
        self.end_section()

    def block(self, block: Paragraph | Table) -> None:
        if isinstance(block, Paragraph):
            self.paragraph(block)
        else:
            self.table(block)

    # --- paragraphs ---

    def paragraph(self, original: Paragraph) -> None:
        text = original.plain
        if not text:
            return
        if original is self.title_paragraph:
            self.found.title = _one_line(text)
            self.pending = None  # a "Tên quy trình" label before it is answered by it
            return
        p = with_typed_marker(original)
        text = p.plain
        if self.pending is not None and self.take_pending(p):
            return
        if self.step is not None and self.step_line(p):
            return
        if self.mistake is not None and self.consequence_line(p):
            return
        field = labels.field_label(text)
        if field is not None and self.field(field, p):
            return
        section = labels.section_label(text)
        if section is not None:
            self.found.votes[section.language] += 1
            self.open_section(section.name)
            return
        inline = labels.section_with_text(text)
        if inline is not None:
            self.found.votes[inline.language] += 1
            self.open_section(inline.name)
            self.body(_rest(p, inline.rest))
            self.end_section()
            self.section = "other"
            return
        if p.origin != "body":
            self.leftover(text, p.origin)
            return
        if p.heading is not None or p.emphasised:
            self.end_section()
            self.section = "other"
            self.leftover(text)
            return
        self.body(p)

    def take_pending(self, p: Paragraph) -> bool:
        name, self.pending = self.pending, None
        assert name is not None
        if _is_label(p.plain):
            return False
        return self.set_field(name, p.plain, loose=False)

    def field(self, found: labels.Match, p: Paragraph) -> bool:
        if not found.rest:
            self.found.votes[found.language] += 1
            self.pending = found.name
            return True
        if not self.set_field(found.name, found.rest, loose=found.loose, whole=p.plain):
            return False
        self.found.votes[found.language] += 1
        return True

    def set_field(self, name: str, value: str, *, loose: bool, whole: str = "") -> bool:
        """Keep a field's value; False when the text does not fit the field after all."""
        whole = whole or value
        found = self.found
        if name == "effective":
            read = find_date(value)
            if read is None:
                if loose:
                    return False
                found.unread_dates.append(value)
                self.leftover(whole)
            elif found.effective is None:
                found.effective = read[0]
                if read[1]:  # more words than the date: keep them
                    self.leftover(whole)
            else:
                self.leftover(whole)
            return True
        if name == "version" and loose and not looks_like_version(value):
            return False
        current = {"title": found.title, "code": found.code, "version": found.version}
        current["owner"] = found.owner
        if name == "title" and self.title_paragraph is not None:
            current["title"] = self.title_paragraph.plain
        if current[name] is not None:
            self.leftover(whole)
            return True
        setattr(found, name, _one_line(value))
        return True

    def step_line(self, p: Paragraph) -> bool:
        """ "Tiêu chuẩn: ...", "Lý do: ...", "Trọng yếu: có" under a step of a list."""
        assert self.step is not None
        found = labels.step_line(p.plain)
        if found is None:
            return False
        self.found.votes[found.language] += 1
        rest = _rest(p, found.rest)
        step = self.step
        if found.name == "critical":
            mark = labels.critical_mark(found.rest)
            if mark is None:
                self.leftover(p.plain)
            else:
                step.critical = step.critical or mark
        elif found.name == "time" and step.time is None:
            step.time = _one_line(found.rest)
        elif found.name == "warnings":
            step.warnings.append(rest.markdown)
        elif found.name in ("standard", "why"):
            getattr(step, found.name).append(rest.markdown)
        else:
            self.leftover(p.plain)
        return True

    def consequence_line(self, p: Paragraph) -> bool:
        assert self.mistake is not None
        found = labels.consequence_line(p.plain)
        if found is None or self.mistake.consequence is not None:
            return False
        self.mistake.consequence = _rest(p, found.rest).markdown
        return True

    def open_section(self, name: str) -> None:
        self.end_section()
        self.section = name

    def end_section(self) -> None:
        """Close what the section had open; plain paragraphs under a steps heading with no
        list at all were the steps, one per paragraph."""
        if self.section == "steps" and self.intro and not self.section_list_steps:
            for paragraph in self.intro:
                self.found.steps.append(StepPart(first=paragraph))
        elif self.intro:
            for paragraph in self.intro:
                self.leftover(paragraph.plain)
        self.intro = []
        self.section_list_steps = 0
        self.listed_section = False
        self.step = None
        self.mistake = None
        self.pending = None

    def body(self, p: Paragraph) -> None:
        section = self.section
        if section in _LIST_SECTIONS:
            if self.listed_section and p.list_level is None and not p.continues_list:
                # A plain paragraph after the section's list ("Người soạn: Lan"): the list
                # was the section, this is something else.
                self.end_section()
                self.section = "other"
                self.leftover(p.plain)
                return
            self.listed_section = p.list_level is not None
        if section in ("purpose", "scope"):
            getattr(self.found, section).append(p)
        elif section == "tools":
            items = [p.plain] if p.list_level is not None else _LIST_SEPARATOR.split(p.plain)
            self.found.tools.extend(_one_line(item) for item in items if item.strip())
        elif section == "prerequisites":
            self.found.prerequisites.append(p.markdown)
        elif section == "common_mistakes":
            self.mistake_paragraph(p)
        else:
            self.flow(p)

    def mistake_paragraph(self, p: Paragraph) -> None:
        current = self.mistake
        level = p.list_level if p.list_level is not None else -1
        if current is not None and (level > current.level or p.continues_list):
            if current.consequence is None:
                current.consequence = p.markdown
            else:
                current.consequence += "\n\n" + p.markdown
            return
        parts = _ARROW.split(p.markdown, maxsplit=1)
        self.mistake = MistakePart(parts[0], parts[1] if len(parts) > 1 else None, max(level, 0))
        self.found.mistakes.append(self.mistake)

    def flow(self, p: Paragraph) -> None:
        """Steps from lists, outside the named sections (or under a steps heading)."""
        step = self.step
        listed = step is not None and step.from_list
        if p.list_level is not None:
            if step is not None and listed and _nested_in(p, step):
                step.more.append(p)
            elif p.numbered or self.section == "steps" or (listed and step is not None):
                self.new_list_step(p)
            else:
                self.leftover(p.plain)
            return
        if step is not None and listed and (p.continues_list or self.section == "steps"):
            step.more.append(p)
        elif self.section == "steps":
            self.intro.append(p)
        else:
            self.step = None
            self.leftover(p.plain)

    def new_list_step(self, p: Paragraph) -> None:
        if self.intro:  # the words before the list introduced it: not a step
            for paragraph in self.intro:
                self.leftover(paragraph.plain)
            self.intro = []
        first, critical = _without_critical_tag(p)
        level = p.list_level or 0
        self.step = StepPart(
            first=first, level=level, numbered=p.numbered, from_list=True, critical=critical
        )
        self.found.steps.append(self.step)
        self.section_list_steps += 1

    def leftover(
        self, text: str, origin: str = "body", step: int | None = None, column: str = ""
    ) -> None:
        self.found.leftovers.append(Leftover(text, origin, step, column))

    # --- tables ---

    def table(self, table: Table) -> None:
        for index, row in enumerate(table.rows):
            steps = _step_columns(row)
            mistakes = None if steps else _mistake_columns(row)
            if steps is None and mistakes is None:
                continue
            self.cells(table.rows[:index])
            if steps:  # the table is the section's steps: words above it only introduce it
                self.section_list_steps += 1
            self.end_section()
            rest = table.rows[index + 1 :]
            columns = steps or mistakes or {}
            self.header(row, columns)
            if steps:
                headers = {i: cell.plain for i, cell in enumerate(row)}
                used = self.step_rows(rest, columns, headers)
            else:
                used = self.mistake_rows(rest, columns)
            self.section = "other"  # what follows the table is not more of the table
            if used < len(rest):
                self.table(Table(rest[used:]))
            return
        self.cells(table.rows)

    def cells(self, rows: tuple[tuple[Cell, ...], ...]) -> None:
        """A layout table: every cell's paragraphs in reading order, like body text."""
        for row in rows:
            for cell in row:
                for block in cell.blocks:
                    self.block(block)

    def header(self, row: tuple[Cell, ...], columns: dict[int, str]) -> None:
        for index, cell in enumerate(row):
            if cell.plain and columns.get(index, "?") == "?":
                self.leftover(cell.plain)
            elif cell.plain:
                found = labels.step_column(cell.plain) or labels.mistake_column(cell.plain)
                if found is not None:
                    self.found.votes[found.language] += 1

    def step_rows(
        self, rows: tuple[tuple[Cell, ...], ...], columns: dict[int, str], headers: dict[int, str]
    ) -> int:
        """Read step rows until a row that starts another part; the number of rows used."""
        for used, row in enumerate(rows):
            filled = [(i, cell) for i, cell in enumerate(row) if cell.plain]
            if not filled:
                continue
            if len(filled) == 1 and _is_label(filled[0][1].plain):
                return used
            self.step_row(row, columns, headers)
        return len(rows)

    def step_row(
        self, row: tuple[Cell, ...], columns: dict[int, str], headers: dict[int, str]
    ) -> None:
        by_name: dict[str, Cell] = {}
        header_of: dict[str, str] = {}
        units = {key.partition(":")[0]: key.partition(":")[2] for key in columns.values()}
        number = len(self.found.steps) + 1
        extra: list[tuple[str, str]] = []
        for index, cell in enumerate(row):
            name = columns.get(index, "?").partition(":")[0]
            if not cell.plain:
                continue
            if name == "?" or name in by_name:
                extra.append((headers.get(index, ""), cell.plain))
            else:
                by_name[name] = cell
                header_of[name] = headers.get(index, "")
        action = by_name.get("action")
        order = by_name.get("order")
        label = _TYPED_STEP_CELL.sub("", order.plain, count=1) if order is not None else ""
        if action is None and not label:
            self.row_without_action(by_name, extra, number)
            return
        text = action.markdown if action is not None else ""
        step = StepPart(table_action="\n\n".join(t for t in (label, text) if t))
        for name in ("standard", "why"):
            if name in by_name:
                getattr(step, name).append(by_name[name].markdown)
        if "time" in by_name:
            unit = units["time"]
            value = by_name["time"].plain
            step.time = f"{value} {unit}" if unit and is_number(value) else value
        if "critical" in by_name:
            mark = labels.critical_mark(by_name["critical"].plain)
            step.critical = bool(mark)
            if mark is None:
                extra.append((header_of["critical"], by_name["critical"].plain))
        if "warnings" in by_name:
            step.warnings.extend(p.markdown for p in by_name["warnings"].paragraphs() if p.plain)
        self.found.steps.append(step)
        for column, value in extra:
            self.leftover(value, step=number, column=column)

    def row_without_action(
        self, by_name: dict[str, Cell], extra: list[tuple[str, str]], number: int
    ) -> None:
        """A row with no action: more lines of the step above (a merged action cell), or a
        sub-heading row of the table."""
        previous = self.found.steps[-1] if self.found.steps else None
        if previous is not None and previous.table_action is not None and by_name:
            for name, cell in by_name.items():
                if name in ("standard", "why"):
                    getattr(previous, name).append(cell.markdown)
                elif name == "warnings":
                    previous.warnings.append(cell.markdown)
                else:
                    self.leftover(cell.plain, step=number - 1)
        else:
            for cell in by_name.values():
                self.leftover(cell.plain)
        for column, value in extra:
            self.leftover(value, step=number - 1 if previous else None, column=column)

    def mistake_rows(self, rows: tuple[tuple[Cell, ...], ...], columns: dict[int, str]) -> int:
        for used, row in enumerate(rows):
            cells = {columns.get(i, ""): cell for i, cell in enumerate(row) if cell.plain}
            if not cells:
                continue
            if len(cells) == 1 and _is_label(next(iter(cells.values())).plain):
                return used
            mistake, consequence = cells.pop("mistake", None), cells.pop("consequence", None)
            if mistake is None:
                for cell in cells.values():
                    self.leftover(cell.plain)
                continue
            self.found.mistakes.append(
                MistakePart(mistake.markdown, consequence.markdown if consequence else None)
            )
            for cell in cells.values():
                self.leftover(cell.plain)
        return len(rows)


# --- helpers ------------------------------------------------------------------------------------


def _step_columns(row: tuple[Cell, ...]) -> dict[int, str] | None:
    """Column index -> "name:unit" when the row is a step table's header row, else None.

    A column the header names but we do not know is "?" (its cells are kept as leftovers)."""
    columns: dict[int, str] = {}
    filled = [(i, cell.plain) for i, cell in enumerate(row) if cell.plain]
    seen: set[str] = set()
    orders = []
    for index, text in filled:
        found = labels.step_column(text)
        if found is None or (found.name in seen and found.name != "order"):
            columns[index] = "?"
            continue
        if found.name == "order":
            orders.append(index)
        seen.add(found.name)
        columns[index] = f"{found.name}:{labels.column_unit(text)}"
    if "action" not in seen and len(orders) >= 2:  # "STT | Bước | Tiêu chuẩn": Bước is the action
        columns[orders[1]] = "action:"
        seen.add("action")
    for index in orders[1:]:
        if columns[index] != "action:":
            columns[index] = "?"
    known = [name for name in columns.values() if name != "?"]
    if "action" not in seen or len(known) < 2 or len(known) * 2 < len(filled):
        return None
    return columns


def _mistake_columns(row: tuple[Cell, ...]) -> dict[int, str] | None:
    columns: dict[int, str] = {}
    for index, cell in enumerate(row):
        found = labels.mistake_column(cell.plain) if cell.plain else None
        if found is not None and found.name not in columns.values():
            columns[index] = found.name
    if set(columns.values()) != {"mistake", "consequence"}:
        return None
    return columns


def _nested_in(p: Paragraph, step: StepPart) -> bool:
    """A list item that belongs inside `step`: deeper, or a bullet under a numbered step."""
    level = p.list_level or 0
    return level > step.level or (not p.numbered and step.numbered)


def _without_critical_tag(p: Paragraph) -> tuple[Paragraph, bool]:
    """A step's "(Bắt buộc)"/"[Critical]" tag is a critical mark: consumed, not kept."""
    span = labels.critical_tag(p.plain)
    if span is None:
        return Paragraph(p.spans), False
    joined = "".join(s.text for s in p.spans)
    lead = len(joined) - len(joined.lstrip())
    return Paragraph(drop_span_range(p.spans, lead + span[0], lead + span[1])), True


def _rest(p: Paragraph, rest: str) -> Paragraph:
    """The paragraph's text after its label, formatting kept."""
    joined = "".join(span.text for span in p.spans).rstrip()
    start = len(joined) - len(rest)
    spans = drop_prefix(p.spans, start) if joined.endswith(rest) else (Span(rest),)
    return Paragraph(spans, list_level=p.list_level, numbered=p.numbered, origin=p.origin)


def _is_label(text: str) -> bool:
    return (
        labels.field_label(text) is not None
        or labels.section_label(text) is not None
        or labels.section_with_text(text) is not None
    )


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _title_candidates(blocks: list[Paragraph | Table]) -> Iterator[Paragraph]:
    """Body paragraphs and cells in order, leaving out step rows (a step is never a title)."""
    for block in blocks:
        if isinstance(block, Paragraph):
            if block.origin == "body":
                yield block
            continue
        for row in block.rows:
            if _step_columns(row) is not None:
                break
            for cell in row:
                yield from _title_candidates(list(cell.blocks))


def _choose_title(blocks: list[Paragraph | Table]) -> Paragraph | None:
    """The title: the Title-style paragraph, else the first heading, else the first paragraph
    set like a heading, else the first paragraph or cell. None when a "Tên quy trình:" label
    names it (the label is read in the main pass) or there is no text."""
    first_heading = first_emphasised = first_any = None
    for p in _title_candidates(blocks):
        text = p.plain
        if not text:
            continue
        field = labels.field_label(text)
        if field is not None and field.name == "title" and field.rest:
            return None
        if _is_label(text) or labels.step_column(text) is not None:
            continue
        if p.heading == 0:
            return p
        if p.heading is not None and first_heading is None:
            first_heading = p
        if p.emphasised and first_emphasised is None:
            first_emphasised = p
        plain_text = p.list_level is None and typed_marker(text) is None
        if first_any is None and plain_text:
            first_any = p
    return first_heading or first_emphasised or first_any


def document_language(found: Recognised, texts: list[str], default: str) -> str:
    """The language of the labels the document uses; else Vietnamese when its text has
    Vietnamese letters; else the project's language."""
    vi, en = found.votes.get("vi", 0), found.votes.get("en", 0)
    if vi != en:
        return "vi" if vi > en else "en"
    marks = {"\u0309", "\u0323", "\u031b", "\u0306"}  # hook, dot below, horn, breve
    for text in texts:
        decomposed = unicodedata.normalize("NFD", text)
        if "đ" in text.lower() or marks.intersection(decomposed):
            return "vi"
    return default
