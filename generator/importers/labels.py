"""The words SOP documents use for their parts, in Vietnamese and English.

Every label is matched folded (no diacritics, `đ` -> `d`, any case, spaces collapsed), so
"MỤC ĐÍCH", "Mục đích:" and "Muc dich" are the same label. A section number in front
("1.", "II.", "3)") and a trailing colon are not part of the label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from generator.text import fold

Language = Literal["vi", "en"]

# Document fields whose value follows the label ("Mã số: SOP-01") or sits in the next cell.
FIELD_LABELS: dict[str, dict[Language, tuple[str, ...]]] = {
    "title": {
        "vi": ("Tên quy trình", "Tên tài liệu", "Tên SOP", "Tiêu đề"),
        "en": ("Title", "SOP title", "Procedure name"),
    },
    "code": {
        "vi": ("Mã", "Mã số", "Mã hiệu", "Mã tài liệu", "Mã quy trình"),
        "en": ("Code", "Document code", "SOP code", "Document no", "Document number"),
    },
    "version": {
        "vi": ("Phiên bản", "Lần ban hành"),
        "en": ("Version", "Ver", "Revision"),
    },
    "effective": {
        "vi": ("Ngày hiệu lực", "Hiệu lực", "Ngày áp dụng", "Ngày ban hành", "Hiệu lực từ ngày"),
        "en": ("Effective", "Effective date", "Effective from", "Date effective"),
    },
    "owner": {
        "vi": ("Người chịu trách nhiệm", "Chủ sở hữu", "Người phụ trách", "Chịu trách nhiệm"),
        "en": ("Owner", "Process owner", "SOP owner", "Responsible"),
    },
}

# Section headings: the paragraphs (or cells) after one belong to that part of the SOP.
SECTION_LABELS: dict[str, dict[Language, tuple[str, ...]]] = {
    "purpose": {
        "vi": ("Mục đích", "Mục đích áp dụng", "Mục tiêu"),
        "en": ("Purpose", "Objective", "Aim"),
    },
    "scope": {
        "vi": ("Phạm vi", "Phạm vi áp dụng", "Đối tượng áp dụng"),
        "en": ("Scope", "Applies to"),
    },
    "tools": {
        "vi": (
            "Dụng cụ",
            "Công cụ",
            "Thiết bị",
            "Dụng cụ cần thiết",
            "Dụng cụ, thiết bị",
            "Dụng cụ và thiết bị",
            "Công cụ, dụng cụ",
            "Vật tư",
        ),
        "en": ("Tools", "Equipment", "Tools and equipment", "Materials", "What you need"),
    },
    "prerequisites": {
        "vi": (
            "Điều kiện",
            "Điều kiện tiên quyết",
            "Điều kiện thực hiện",
            "Chuẩn bị",
            "Chuẩn bị trước",
        ),
        "en": ("Prerequisites", "Preparation", "Before you start", "Requirements"),
    },
    "common_mistakes": {
        "vi": ("Lỗi thường gặp", "Sai sót thường gặp", "Các lỗi thường gặp", "Lỗi hay gặp"),
        "en": ("Common mistakes", "Common errors", "Mistakes to avoid", "Mistakes"),
    },
    "steps": {
        "vi": (
            "Các bước",
            "Các bước thực hiện",
            "Các bước tiến hành",
            "Nội dung",
            "Nội dung quy trình",
            "Quy trình thực hiện",
            "Trình tự thực hiện",
            "Cách thực hiện",
            "Thực hiện",
            "Hướng dẫn thực hiện",
            "Nội dung thực hiện",
        ),
        "en": ("Steps", "Procedure", "Instructions", "How to do it", "Process steps"),
    },
}

# Columns of a step table, and labels of a step's own lines in a numbered list.
STEP_COLUMNS: dict[str, dict[Language, tuple[str, ...]]] = {
    "order": {"vi": ("Bước", "STT", "TT", "Số TT", "Thứ tự"), "en": ("Step", "#", "No", "Nr")},
    "action": {
        "vi": (
            "Nội dung",
            "Công việc",
            "Thao tác",
            "Hoạt động",
            "Mô tả",
            "Nội dung công việc",
            "Việc cần làm",
            "Cách làm",
        ),
        "en": ("Action", "Task", "What to do", "Activity", "Description"),
    },
    "standard": {
        "vi": ("Tiêu chuẩn", "Yêu cầu", "Tiêu chuẩn đạt", "Tiêu chuẩn, yêu cầu"),
        "en": ("Standard", "Done right", "Requirement"),
    },
    "why": {"vi": ("Lý do", "Tại sao", "Vì sao"), "en": ("Why", "Reason")},
    "time": {"vi": ("Thời gian", "Thời lượng"), "en": ("Time", "Duration")},
    "critical": {"vi": ("Trọng yếu", "Bắt buộc", "Quan trọng"), "en": ("Critical", "Key step")},
    "warnings": {
        "vi": ("Lưu ý", "Chú ý", "Cảnh báo"),
        "en": ("Warning", "Warnings", "Caution"),
    },
}

MISTAKE_COLUMNS: dict[str, dict[Language, tuple[str, ...]]] = {
    "mistake": {"vi": ("Lỗi", "Sai sót", "Lỗi thường gặp"), "en": ("Mistake", "Error")},
    "consequence": {"vi": ("Hậu quả", "Tác hại"), "en": ("Consequence", "Effect", "Result")},
}

_TRUE_MARKS = frozenset(
    {"x", "✓", "✔", "✅", "☑", "☒", "co", "yes", "y", "true", "1", "bat buoc", "trong yeu"}
)
_FALSE_MARKS = frozenset({"", "khong", "no", "n", "false", "0", "-", "–", "—", "✗", "✘", "❌", "☐"})

# "1." "II." "3)" "a." "IV -" in front of a heading; one letter only when a dot or bracket follows.
_SECTION_NUMBER = re.compile(r"^(?:\d+(?:\.\d+)*|[ivxlc]+|[a-z])\s*[.):-]\s*|^\d+\s+")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Match:
    name: str  # the field, section or column
    language: Language
    rest: str  # text after the label and its colon ("" when the label stands alone)
    loose: bool = False  # the value followed the label without a colon ("Phien ban 1.2")


def label_key(text: str) -> str:
    """The folded form labels are compared in."""
    folded = _SPACES.sub(" ", fold(text).casefold()).strip()
    return folded.strip(" :").strip()


def _table(
    labels: dict[str, dict[Language, tuple[str, ...]]],
) -> dict[str, tuple[str, Language]]:
    table: dict[str, tuple[str, Language]] = {}
    for name, by_language in labels.items():
        for language, words in by_language.items():
            for word in words:
                table.setdefault(label_key(word), (name, language))
    return table


_FIELDS = _table(FIELD_LABELS)
_SECTIONS = _table(SECTION_LABELS)
_STEP_COLUMNS = _table(STEP_COLUMNS)
_MISTAKE_COLUMNS = _table(MISTAKE_COLUMNS)
_LONGEST = max(len(key.split()) for key in [*_FIELDS, *_SECTIONS, *_STEP_COLUMNS])


def _without_number(key: str) -> str:
    return _SECTION_NUMBER.sub("", key, count=1)


def _whole(text: str, table: dict[str, tuple[str, Language]]) -> Match | None:
    key = label_key(text)
    found = table.get(key) or table.get(_without_number(key))
    return Match(found[0], found[1], "") if found else None


def section_label(text: str) -> Match | None:
    """A paragraph that is only a section heading: "II. MỤC ĐÍCH", "Purpose:"."""
    return _whole(text, _SECTIONS)


def step_column(text: str) -> Match | None:
    """A step table's header cell; a unit in brackets ("Thời gian (phút)") may follow."""
    return _whole(_without_brackets(text), _STEP_COLUMNS)


def mistake_column(text: str) -> Match | None:
    return _whole(text, _MISTAKE_COLUMNS)


def column_unit(text: str) -> str:
    """The unit in a header's brackets: "Thời gian (phút)" -> "phút"."""
    found = re.search(r"\(([^()]+)\)\s*:?\s*$", text)
    return found.group(1).strip() if found else ""


def _without_brackets(text: str) -> str:
    return re.sub(r"\([^()]*\)\s*:?\s*$", "", text).strip()


def labelled(text: str, table: dict[str, tuple[str, Language]], *, colon: bool) -> Match | None:
    """`Label: value` (or a label alone): the longest label the text starts with.

    With `colon`, a value must be set off by ':' so that a sentence that merely begins with a
    label word ("Mã giảm giá ...") is not taken for one."""
    stripped = text.strip()
    whole = _whole(stripped, table)
    if whole is not None:
        return whole
    head, separator, rest = stripped.partition(":")
    if separator:
        found = _whole(head, table)
        if found is not None:
            return Match(found.name, found.language, rest.strip())
    if colon:
        return None
    words = stripped.split()
    for count in range(min(_LONGEST, len(words) - 1), 0, -1):
        found = _whole(" ".join(words[:count]), table)
        if found is not None:
            return Match(found.name, found.language, " ".join(words[count:]), loose=True)
    return None


def field_label(text: str) -> Match | None:
    """ "Mã số: SOP-01", "Phien ban 1.2", or "Ngày hiệu lực" alone (the value follows).

    Without a colon only `version` and `effective` are taken (`loose`), and the caller keeps
    them only when the value looks like a version or a date: "Mã khách hàng ..." or "Phiên bản
    này ..." are sentences."""
    found = labelled(text, _FIELDS, colon=False)
    if found is not None and found.loose and found.name not in ("version", "effective"):
        return None
    return found


def section_with_text(text: str) -> Match | None:
    """ "Mục đích: ..." — a section label with its content on the same line."""
    return labelled(text, _SECTIONS, colon=True)


def step_line(text: str) -> Match | None:
    """A line of a step in a list: "Tiêu chuẩn: ...", "Lý do: ...", "Trọng yếu: có"."""
    found = labelled(text, _STEP_COLUMNS, colon=True)
    if found is None or found.name in ("order", "action") or not found.rest:
        return None
    return found


def consequence_line(text: str) -> Match | None:
    found = labelled(text, _MISTAKE_COLUMNS, colon=True)
    return found if found is not None and found.name == "consequence" and found.rest else None


def critical_mark(text: str) -> bool | None:
    """True/False for a mark in a critical column; None when the text is not a mark."""
    key = label_key(text).strip(".!")
    if key in _TRUE_MARKS:
        return True
    if key in _FALSE_MARKS:
        return False
    return None


_CRITICAL_TAG = re.compile(
    r"^\s*[(\[]\s*(trong yeu|bat buoc|critical)\s*[)\]]\s*|\s*[(\[]\s*(trong yeu|bat buoc|critical)"
    r"\s*[)\]]\s*$"
)


def critical_tag(text: str) -> tuple[int, int] | None:
    """Where a "(Bắt buộc)"/"[critical]" tag sits at the start or end of a step's text."""
    folded = fold(text).casefold()
    found = _CRITICAL_TAG.search(folded)
    return found.span() if found and len(folded) == len(text) else None


def label_language(text: str) -> Language | None:
    """The language of a label the text is, or starts with (None: not a label)."""
    for table in (_FIELDS, _SECTIONS):
        found = labelled(text, table, colon=True)
        if found is not None:
            return found.language
    return None
