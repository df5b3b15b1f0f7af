"""A recognised SOP -> the text of a draft `content/sops/<id>.yml` a person keeps editing.

Written by hand rather than dumped, so that it reads like the spec's example: its field order,
block scalars (`|`) for text of several lines, quotes only where YAML needs them (PyYAML's
emitter decides that for each one-line value), and comments in the document's language that
say what to check or fill in next. Whatever the document said that found no field is kept
under a final `# not recognised:` block, in document order.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import yaml

from generator.importers.parts import Leftover, MistakePart, StepPart

INDENT = "  "
COMMENT_WIDTH = 100

MESSAGES: dict[str, dict[str, str]] = {
    "vi": {
        "header": "Bản nháp nhập từ {source} bằng 'handbook import' ngày {today}.",
        "next": "Đọc lại từng trường, điền các chỗ TODO, rồi chạy 'handbook check'.",
        "default_code": "Tài liệu không ghi mã: đặt tạm theo tên tệp, hãy sửa nếu cần.",
        "taken_code": "Mã '{code}' trong tài liệu đã dùng ở {path}: đặt tạm mã khác.",
        "default_version": 'Tài liệu không ghi phiên bản: đặt tạm "1.0".',
        "effective_option": "Tài liệu không ghi ngày hiệu lực: lấy từ --effective.",
        "effective_today": "Tài liệu không ghi ngày hiệu lực: đặt tạm là ngày nhập.",
        "unread_date": "Không đọc được ngày '{text}'; hãy viết lại dạng YYYY-MM-DD.",
        "owner_option": "Người chịu trách nhiệm lấy từ --owner.",
        "owner_unmatched": "Tài liệu ghi người chịu trách nhiệm '{text}', không khớp vai trò"
        " nào: đã dùng --owner.",
        "purpose": "TODO: Viết một hai câu: quy trình này để làm gì, và làm đúng thì được gì.",
        "purpose_hint": "Tài liệu không có phần Mục đích.",
        "steps": "TODO: Viết các bước, mỗi bước một mục '- action:'.",
        "steps_hint": "Không tìm thấy bước nào (danh sách đánh số hoặc bảng có cột Bước/Nội dung).",
        "no_critical": "Chưa có bước nào là trọng yếu. Bước nào không bao giờ được bỏ qua,"
        " thêm 'critical: true': các bước đó thành danh sách kiểm tra (audit).",
        "maybe_critical": "Có thể là bước trọng yếu? Nếu không được bỏ qua: 'critical: true'.",
        "role": "Thêm '{id}' vào 'sops:' của vai trò thực hiện quy trình này (roles/<id>.yml).",
        "images": "Tài liệu có {count} hình ảnh chưa được nhập: chép vào content/assets/ và"
        " thêm 'image:' cho bước.",
        "leftovers": "Những đoạn dưới đây chưa nhận ra được: chuyển vào trường phù hợp, hoặc xoá.",
        "header_origin": "đầu trang",
        "footer_origin": "chân trang",
        "step": "bước {number}",
    },
    "en": {
        "header": "Draft imported from {source} by 'handbook import' on {today}.",
        "next": "Check every field, fill in the TODOs, then run 'handbook check'.",
        "default_code": "The document names no code: this one is made from the id; change it"
        " if you like.",
        "taken_code": "The document's code '{code}' is already used in {path}: a new one is set.",
        "default_version": 'The document names no version: "1.0" for now.',
        "effective_option": "The document names no effective date: taken from --effective.",
        "effective_today": "The document names no effective date: the import date for now.",
        "unread_date": "Could not read the date '{text}'; write it as YYYY-MM-DD.",
        "owner_option": "Owner taken from --owner.",
        "owner_unmatched": "The document names the owner '{text}', which is no role: --owner"
        " is used.",
        "purpose": "TODO: Write one or two sentences: what this procedure is for, and what"
        " doing it right achieves.",
        "purpose_hint": "The document has no Purpose section.",
        "steps": "TODO: Write the steps, one '- action:' item each.",
        "steps_hint": "No steps found (a numbered list, or a table with Step/Action columns).",
        "no_critical": "No step is marked critical yet. Add 'critical: true' to every step that"
        " may never be skipped: those steps make the audit checklist.",
        "maybe_critical": "Might be a critical step? If it may never be skipped: 'critical: true'.",
        "role": "Add '{id}' to the 'sops:' of the roles that perform it (roles/<id>.yml).",
        "images": "The document has {count} pictures that were not imported: copy them into"
        " content/assets/ and add 'image:' to their steps.",
        "leftovers": "The paragraphs below were not recognised: move them into a field, or"
        " delete them.",
        "header_origin": "page header",
        "footer_origin": "page footer",
        "step": "step {number}",
    },
}

# Words that often mark a step that must never be skipped (shown as a hint, never decided).
_MUST_WORDS = {
    "vi": ("luôn luôn", "phải", "bắt buộc", "không được", "tuyệt đối", "an toàn", "không bao giờ",
           "bat buoc", "khong duoc", "tuyet doi", "an toan", "khong bao gio"),
    "en": ("always", "must", "never", "do not", "don't", "safety", "safely"),
}  # fmt: skip


@dataclass
class DraftFields:
    """Everything the draft says, decided: the writer only lays it out."""

    sop_id: str
    source: str  # the document's file name
    today: date
    language: str
    title: str
    code: str
    version: str
    effective: date
    owner: str
    purpose: str | None
    scope: str | None
    tools: list[str]
    prerequisites: list[str]
    steps: list[StepPart]
    mistakes: list[MistakePart]
    leftovers: list[Leftover]
    notes: dict[str, list[str]] = field(default_factory=dict)  # field -> comments above it
    images: int = 0


def draft_text(fields: DraftFields) -> str:
    say = MESSAGES[fields.language]
    lines = [
        _comment(say["header"].format(source=fields.source, today=fields.today.isoformat())),
        _comment(say["next"]),
    ]
    simple = (
        ("title", fields.title),
        ("code", fields.code),
        ("version", fields.version),
        ("effective", fields.effective.isoformat()),
        ("owner", fields.owner),
    )
    for name, value in simple:
        lines += [_comment(note) for note in fields.notes.get(name, [])]
        lines.append(f"{name}: {value if name == 'effective' else _inline(value)}")
    if fields.purpose is None:
        lines.append(_comment(say["purpose_hint"]))
    lines += _key("purpose", fields.purpose or say["purpose"], "")
    if fields.scope:
        lines += _key("scope", fields.scope, "")
    if fields.tools:
        lines += _items("tools", fields.tools, "")
    if fields.prerequisites:
        lines += _items("prerequisites", fields.prerequisites, "")
    lines += _steps(fields, say)
    if fields.mistakes:
        lines.append("common_mistakes:")
        for mistake in fields.mistakes:
            entries = [("mistake", mistake.mistake)]
            entries += [("consequence", mistake.consequence)] if mistake.consequence else []
            lines += _list_mapping(entries, INDENT)
    lines.append(_comment(say["role"].format(id=fields.sop_id)))
    if fields.images:
        lines.append(_comment(say["images"].format(count=fields.images)))
    if fields.leftovers:
        lines += ["", _comment(say["leftovers"]), "# not recognised:"]
        lines += [line for left in fields.leftovers for line in _leftover(left, say)]
    return "\n".join(lines) + "\n"


def _steps(fields: DraftFields, say: dict[str, str]) -> list[str]:
    lines: list[str] = []
    if not fields.steps:
        lines += [_comment(say["steps_hint"]), "steps:"]
        return lines + _list_mapping([("action", say["steps"])], INDENT)
    if not any(step.critical for step in fields.steps):
        lines.append(_comment(say["no_critical"]))
    lines.append("steps:")
    for step in fields.steps:
        if not step.critical and _sounds_critical(step, fields.language):
            lines.append(_comment(say["maybe_critical"], INDENT))
        entries: list[tuple[str, str | list[str]]] = [("action", step.action)]
        if step.standard:
            entries.append(("standard", "\n\n".join(step.standard)))
        if step.why:
            entries.append(("why", "\n\n".join(step.why)))
        if step.critical:
            entries.append(("critical", "true"))
        if step.time:
            entries.append(("time", step.time))
        if step.warnings:
            entries.append(("warnings", step.warnings))
        lines += _list_mapping(entries, INDENT)
    return lines


def _sounds_critical(step: StepPart, language: str) -> bool:
    text = f" {step.plain_text.casefold()} "
    return any(f" {word} " in text or f" {word}," in text for word in _MUST_WORDS[language])


def _leftover(left: Leftover, say: dict[str, str]) -> list[str]:
    where = []
    if left.origin != "body":
        where.append(say[f"{left.origin}_origin"])
    if left.step is not None:
        where.append(say["step"].format(number=left.step))
    if left.column:
        where.append(left.column)
    prefix = f"[{', '.join(where)}] " if where else ""
    first, *rest = (prefix + left.text).split("\n")
    return ["#   " + first.rstrip(), *("#     " + line.rstrip() for line in rest)]


# --- YAML ------------------------------------------------------------------------------------


def _comment(text: str, indent: str = "") -> str:
    """A comment of our own, wrapped to the width people keep YAML at."""
    lines = textwrap.wrap(text, COMMENT_WIDTH - len(indent) - 2, break_on_hyphens=False)
    return "\n".join(f"{indent}# {line}" for line in lines)


def _inline(text: str) -> str:
    """A one-line value: plain when YAML reads it back as the same text, else quoted."""
    dumped = yaml.safe_dump(text, allow_unicode=True, width=10**9, default_flow_style=False)
    dumped = dumped.removesuffix("\n").removesuffix("\n...").removesuffix("\n")
    if dumped.startswith("'") and not set(text) & {'"', "\\"}:
        return f'"{text}"'  # the spec's examples quote with double quotes: version: "1.2"
    return dumped


def _block(text: str, indent: str) -> list[str]:
    """A literal block scalar's lines (after the `|` on the key's line)."""
    return [indent + line if line else "" for line in text.split("\n")]


def _value(key_prefix: str, text: str, content_indent: str) -> list[str]:
    if "\n" in text and not text[0].isspace():
        return [f"{key_prefix}|", *_block(text, content_indent)]
    return [f"{key_prefix}{_inline(text)}"]  # one line (a multi-line one only as a fallback)


def _key(name: str, text: str, indent: str) -> list[str]:
    return _value(f"{indent}{name}: ", text, indent + INDENT)


def _items(name: str, items: list[str], indent: str) -> list[str]:
    lines = [f"{indent}{name}:"]
    for item in items:
        lines += _value(f"{indent}{INDENT}- ", item, indent + INDENT * 2)
    return lines


def _list_mapping(entries: Sequence[tuple[str, str | list[str]]], indent: str) -> list[str]:
    """One `- key: value` item of a list of mappings; later keys line up under the first."""
    lines: list[str] = []
    inner = indent + INDENT
    for position, (name, value) in enumerate(entries):
        lead = f"{indent}- " if position == 0 else inner
        if name == "critical":
            lines.append(f"{lead}critical: {value}")  # a boolean, not text
        elif isinstance(value, list):
            lines.append(f"{lead}{name}:")
            for item in value:
                lines += _value(f"{inner}{INDENT}- ", item, inner + INDENT * 2)
        else:
            lines += _value(f"{lead}{name}: ", value, inner + INDENT)
    return lines
