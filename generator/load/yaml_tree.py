"""YAML files as trees of positioned nodes.

YAML is read through the parser's event stream, never through a constructor, so nothing in a
file can create Python objects, and anchors/aliases are refused before any expansion (a
"billion laughs" document costs one error per anchor).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.diagnostics import Diagnostics, Position
from generator.load.files import read_text
from generator.text import nfc

_CORE_TAG_PREFIX = "tag:yaml.org,2002:"

try:  # libyaml is several times faster; both give the same marks (columns in code points).
    _YamlLoader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _YamlLoader = yaml.SafeLoader


@dataclass(frozen=True, slots=True)
class Scalar:
    value: str
    plain: bool  # unquoted and not a block scalar: only these can be numbers, dates, booleans
    pos: Position
    tag: str | None = None  # only ever set for tags the caller allowed (mkdocs.yml's !ENV ...)


@dataclass(frozen=True, slots=True)
class Sequence:
    items: tuple[Node, ...]
    pos: Position
    tag: str | None = None


@dataclass(frozen=True, slots=True)
class Mapping:
    entries: dict[str, tuple[Scalar, Node]]  # key text -> (key scalar, value), in file order
    pos: Position


@dataclass(frozen=True, slots=True)
class Invalid:
    """A node already reported (alias, tagged or complex node): later stages skip it quietly."""

    pos: Position


Node = Scalar | Sequence | Mapping | Invalid


@dataclass(frozen=True)
class YamlDocument:
    path: str
    root: Node | None  # None for an empty file


def _position(mark: Any, rel: str) -> Position:
    # yaml.Mark or libyaml's own Mark type: both have 0-based line and column
    if mark is None:
        return Position(rel)
    return Position(rel, mark.line + 1, mark.column + 1)


def _text_position(text: str, index: int, rel: str) -> Position:
    line_start = text.rfind("\n", 0, index) + 1
    return Position(rel, text.count("\n", 0, index) + 1, index - line_start + 1)


def load_yaml(
    file: Path,
    rel: str,
    diagnostics: Diagnostics,
    allowed_tags: frozenset[str] = frozenset(),
    *,
    root: Path,
) -> YamlDocument | None:
    """Parse one YAML file of the project at `root`; None when it could not be read or parsed
    (problems are reported). `allowed_tags` (full tag names) are kept on their nodes."""
    text = read_text(file, rel, diagnostics, root=root)
    if text is None:
        return None
    return parse_yaml(text, rel, diagnostics, allowed_tags)


def parse_yaml(
    text: str, rel: str, diagnostics: Diagnostics, allowed_tags: frozenset[str] = frozenset()
) -> YamlDocument | None:
    builder = _TreeBuilder(rel, diagnostics, allowed_tags)
    try:
        for event in yaml.parse(text, Loader=_YamlLoader):
            if not builder.feed(event):
                break
    except yaml.MarkedYAMLError as problem:
        mark = problem.problem_mark or problem.context_mark
        message = problem.problem or problem.context or "invalid YAML"
        diagnostics.error(_position(mark, rel), f"YAML syntax error: {message}")
        return None
    except yaml.reader.ReaderError as problem:
        diagnostics.error(
            _text_position(text, problem.position, rel),
            f"character U+{problem.character:04X} is not allowed in YAML"
            if isinstance(problem.character, int)
            else f"YAML syntax error: {problem.reason}",
        )
        return None
    except yaml.YAMLError as problem:  # libyaml reports some reader problems without a mark
        diagnostics.error(Position(rel), f"YAML syntax error: {problem}")
        return None
    return YamlDocument(rel, builder.root)


@dataclass
class _Frame:
    node_pos: Position
    is_mapping: bool
    invalid: bool
    items: list[Node] = field(default_factory=list)
    entries: dict[str, tuple[Scalar, Node]] = field(default_factory=dict)
    pending_key: Scalar | Invalid | None = None
    tag: str | None = None


class _TreeBuilder:
    """Turns parser events into positioned nodes, refusing YAML features the subset excludes."""

    def __init__(self, rel: str, diagnostics: Diagnostics, allowed_tags: frozenset[str]) -> None:
        self.rel = rel
        self.diagnostics = diagnostics
        self.allowed_tags = allowed_tags
        self.stack: list[_Frame] = []
        self.root: Node | None = None
        self.documents = 0

    def feed(self, event: yaml.Event) -> bool:
        """Consume one event; False stops reading (a second document)."""
        if isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                self.diagnostics.error(
                    _position(event.start_mark, self.rel),
                    "a file holds one YAML document; remove the second '---'",
                )
                return False
        elif isinstance(event, yaml.AliasEvent):
            pos = _position(event.start_mark, self.rel)
            self.diagnostics.error(
                pos,
                f"alias '*{event.anchor}' is not allowed (anchors and aliases are not supported)",
            )
            self._add(Invalid(pos))
        elif isinstance(event, yaml.ScalarEvent):
            pos = _position(event.start_mark, self.rel)
            if self._refused(event, pos):
                self._add(Invalid(pos))
            else:
                tag = event.tag if event.tag in self.allowed_tags else None
                self._add(Scalar(nfc(event.value), plain=not event.style, pos=pos, tag=tag))
        elif isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            pos = _position(event.start_mark, self.rel)
            invalid = self._refused(event, pos)
            frame = _Frame(
                pos, isinstance(event, yaml.MappingStartEvent), invalid or self._inside_invalid()
            )
            frame.tag = event.tag if event.tag in self.allowed_tags else None
            self.stack.append(frame)
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            frame = self.stack.pop()
            node: Node
            if frame.invalid:
                node = Invalid(frame.node_pos)
            elif frame.is_mapping:
                node = Mapping(frame.entries, frame.node_pos)
            else:
                node = Sequence(tuple(frame.items), frame.node_pos, frame.tag)
            self._add(node)
        return True

    def _inside_invalid(self) -> bool:
        return any(frame.invalid for frame in self.stack)

    def _refused(self, event: yaml.NodeEvent, pos: Position) -> bool:
        refused = False
        if event.anchor is not None:
            self.diagnostics.error(
                pos,
                f"anchor '&{event.anchor}' is not allowed (anchors and aliases are not supported)",
            )
            refused = True
        tag = getattr(event, "tag", None)
        if tag is not None and tag != "!" and tag not in self.allowed_tags:
            self.diagnostics.error(
                pos, f"tag '{_written_tag(tag)}' is not allowed ({self._tags_accepted()})"
            )
            refused = True
        return refused

    def _tags_accepted(self) -> str:
        if not self.allowed_tags:
            return "YAML tags are not supported"
        names = sorted(_written_tag(tag) for tag in self.allowed_tags)
        return "accepted here: " + ", ".join(names)

    def _add(self, node: Node) -> None:
        if not self.stack:
            self.root = node
            return
        frame = self.stack[-1]
        if not frame.is_mapping:
            frame.items.append(node)
            return
        if frame.pending_key is None:
            if isinstance(node, Scalar | Invalid):
                frame.pending_key = node
            else:
                self.diagnostics.error(node.pos, "a key must be plain text")
                frame.pending_key = Invalid(node.pos)
            return
        key, frame.pending_key = frame.pending_key, None
        if isinstance(key, Invalid):
            return
        if key.value in frame.entries:
            first = frame.entries[key.value][0]
            self.diagnostics.error(
                key.pos, f"duplicate key '{key.value}' (first at line {first.pos.line})"
            )
            return
        frame.entries[key.value] = (key, node)


def _written_tag(tag: str) -> str:
    """A tag as the user wrote it: 'tag:yaml.org,2002:python/name:x' -> '!!python/name:x'."""
    return "!!" + tag.removeprefix(_CORE_TAG_PREFIX) if tag.startswith(_CORE_TAG_PREFIX) else tag


def to_plain(node: Node | None) -> object:
    """Plain data as PyYAML (and so MkDocs) reads it, dates kept as text (for JSON Schema)."""
    if isinstance(node, Mapping):
        return {key: to_plain(value) for key, (_, value) in node.entries.items()}
    if isinstance(node, Sequence):
        return [to_plain(item) for item in node.items]
    if isinstance(node, Scalar):
        return plain_scalar(node.value) if node.plain else node.value
    return None


# PyYAML's stubs leave the resolver untyped; it returns the tag name.
_resolve_tag: Callable[[type[yaml.Node], str, tuple[bool, bool]], str] = (
    yaml.resolver.Resolver().resolve
)
_TIMESTAMP_TAG = _CORE_TAG_PREFIX + "timestamp"


def plain_scalar(value: str) -> object:
    """An unquoted scalar as YAML 1.1's resolver types it (null, bool, int, float), else text.

    PyYAML's own resolver and constructor decide, so `Null`, `yes` or `0x1F` mean here what
    they mean to MkDocs; dates stay text."""
    tag = _resolve_tag(yaml.ScalarNode, value, (True, False))
    if tag == _TIMESTAMP_TAG or not tag.startswith(_CORE_TAG_PREFIX):
        return value
    constructed: object = yaml.SafeLoader("").construct_object(yaml.ScalarNode(tag, value))
    return constructed
