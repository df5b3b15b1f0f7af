"""YAML subset reading: values keep their text and exact positions."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from generator.diagnostics import Diagnostics, Position
from generator.load.files import MAX_FILE_BYTES
from generator.load.yaml_tree import (
    Invalid,
    Mapping,
    Scalar,
    Sequence,
    load_yaml,
    parse_yaml,
    to_plain,
)


def _load(tmp_path: Path, data: bytes) -> tuple[object, list[str]]:
    file = tmp_path / "x.yml"
    file.write_bytes(data)
    diagnostics = Diagnostics()
    document = load_yaml(file, "x.yml", diagnostics, root=tmp_path)
    return document, [d.format() for d in diagnostics.sorted()]


def _scalar(mapping: object, key: str) -> Scalar:
    assert isinstance(mapping, Mapping)
    value = mapping.entries[key][1]
    assert isinstance(value, Scalar)
    return value


def test_text_is_kept_as_written_with_positions(tmp_path: Path) -> None:
    document, problems = _load(tmp_path, b"version: 1.10\ntime: 1:30\nanswer: No\nq: 'x'\n")
    assert problems == []
    root = document.root  # type: ignore[attr-defined]
    assert _scalar(root, "version").value == "1.10"
    assert _scalar(root, "time").value == "1:30"
    assert _scalar(root, "answer").value == "No"
    assert _scalar(root, "version").pos == Position("x.yml", 1, 10)
    assert _scalar(root, "q").plain is False


def test_bom_and_crlf_are_accepted_and_columns_count_code_points(tmp_path: Path) -> None:
    data = "\ufefftitle: Lễ tân 😀\r\nnext: [Đón, 'khách']\r\n".encode()
    document, problems = _load(tmp_path, data)
    assert problems == []
    root = document.root  # type: ignore[attr-defined]
    assert _scalar(root, "title").pos == Position("x.yml", 1, 8)  # BOM not counted
    items = root.entries["next"][1]
    assert isinstance(items, Sequence)
    assert [item.pos.col for item in items.items] == [8, 13]


def test_decomposed_text_is_normalised_but_columns_count_the_raw_text(tmp_path: Path) -> None:
    decomposed = unicodedata.normalize("NFD", "a: Đánh giá\nb: ở đây\n")
    document, _ = _load(tmp_path, decomposed.encode())
    root = document.root  # type: ignore[attr-defined]
    assert _scalar(root, "a").value == "Đánh giá"
    assert unicodedata.is_normalized("NFC", _scalar(root, "a").value)
    assert "Đánh giá" in unicodedata.normalize("NFC", decomposed)
    assert _scalar(root, "b").pos.col == 4


def test_duplicate_key_anchor_alias_and_tag_are_errors(tmp_path: Path) -> None:
    data = b"a: 1\nb: &x [1]\nc: *x\nd: !!python/name:os.system x\ne: !custom 3\na: 2\n"
    document, problems = _load(tmp_path, data)
    assert problems == [
        "x.yml:2:4: error: anchor '&x' is not allowed (anchors and aliases are not supported)",
        "x.yml:3:4: error: alias '*x' is not allowed (anchors and aliases are not supported)",
        "x.yml:4:4: error: tag '!!python/name:os.system' is not allowed (YAML tags are not supported)",
        "x.yml:5:4: error: tag '!custom' is not allowed (YAML tags are not supported)",
        "x.yml:6:1: error: duplicate key 'a' (first at line 1)",
    ]
    root = document.root  # type: ignore[attr-defined]
    assert isinstance(root.entries["c"][1], Invalid)
    assert _scalar(root, "a").value == "1"


def test_syntax_error_is_positioned_not_a_traceback(tmp_path: Path) -> None:
    document, problems = _load(tmp_path, b"a: 1\nb: [x\nc: 2\n")
    assert document is None
    assert problems == ["x.yml:3:2: error: YAML syntax error: did not find expected ',' or ']'"]


def test_second_document_is_refused(tmp_path: Path) -> None:
    _, problems = _load(tmp_path, b"a: 1\n---\nb: 2\n")
    assert problems == ["x.yml:2:1: error: a file holds one YAML document; remove the second '---'"]


def test_invalid_utf8_is_reported_at_the_first_bad_byte(tmp_path: Path) -> None:
    _, problems = _load(tmp_path, "a: ổn\nb: Lễ ".encode() + b"\xff\xfe x\n")
    assert problems == ["x.yml:2:7: error: invalid UTF-8 (byte 0xFF)"]


def test_control_character_is_an_error(tmp_path: Path) -> None:
    _, problems = _load(tmp_path, b"a: ok\nb: x\x07y\n")
    assert len(problems) == 1 and problems[0].startswith("x.yml:2:")


def test_file_over_the_size_cap_is_refused_unread(tmp_path: Path) -> None:
    document, problems = _load(tmp_path, b"a: " + b"x" * MAX_FILE_BYTES + b"\n")
    assert document is None
    assert problems == [
        f"x.yml:1:1: error: file is too large ({MAX_FILE_BYTES + 4:,} bytes; the limit is 5 MiB)"
    ]


def test_empty_file_has_no_root(tmp_path: Path) -> None:
    document, problems = _load(tmp_path, b"# only a comment\n")
    assert problems == [] and document.root is None  # type: ignore[attr-defined]


def test_plain_data_reads_like_yaml_with_dates_as_text() -> None:
    diagnostics = Diagnostics()
    document = parse_yaml(
        "v: 1.2\nd: 2026-01-15\nb: true\nn: ~\ns: '3'\nl: [1, x]\n", "x.yml", diagnostics
    )
    assert document is not None
    assert to_plain(document.root) == {
        "v": 1.2,
        "d": "2026-01-15",
        "b": True,
        "n": None,
        "s": "3",
        "l": [1, "x"],
    }
