"""Positioned problems in user content: collection, ordering and printing.

Every problem a user can fix is a `Diagnostic` carrying the file, line and column it came from.
Nothing here raises: stages add to a `Diagnostics` collection and the CLI decides the exit code.
"""

from __future__ import annotations

import difflib
import enum
import functools
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TextIO


class UsageError(Exception):
    """Wrong use of the command line: a bad flag, a missing project, an unsafe --out (exit 2)."""


@dataclass(frozen=True, order=True)
class Position:
    """A spot in a project file: PATH relative to the project with '/', 1-based LINE and COL."""

    path: str
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


class Severity(enum.IntEnum):
    # Lower sorts first: at one position, errors come before warnings.
    ERROR = 0
    WARNING = 1

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class Diagnostic:
    position: Position
    severity: Severity
    message: str

    def sort_key(self) -> tuple[str, int, int, int, str]:
        pos = self.position
        return (pos.path, pos.line, pos.col, self.severity, self.message)

    def format(self) -> str:
        return terminal_safe(f"{self.position}: {self.severity.label}: {self.message}")


# Above this many candidates a hint compares the word with its one-edit neighbours only, not
# with every candidate: 20,000 mistyped links to 20,000 terms would otherwise take hours.
_SCAN_LIMIT = 500
_CUTOFF = 0.6


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """The spec's hint suffix (`; did you mean 'x'?`), or '' when nothing is close enough.

    Pass a frozenset when the same large set of candidates serves many hints: its index of
    near neighbours is then built once."""
    if isinstance(candidates, frozenset) and len(candidates) > _SCAN_LIMIT:
        pool = _neighbours(candidates).near(word)
    else:
        pool = set(candidates)
    matches = difflib.get_close_matches(word, sorted(pool), n=1, cutoff=_CUTOFF)
    return suggestion(matches[0]) if matches else ""


class _Neighbours:
    """Candidates by the strings one deletion away from them (a symmetric-delete index): a word
    finds every candidate within one insertion, deletion, substitution or swap."""

    def __init__(self, candidates: frozenset[str]) -> None:
        self._by_key: defaultdict[str, set[str]] = defaultdict(set)
        for candidate in candidates:
            for key in _one_deletion_keys(candidate):
                self._by_key[key].add(candidate)

    def near(self, word: str) -> set[str]:
        found: set[str] = set()
        for key in _one_deletion_keys(word):
            found |= self._by_key.get(key, set())
        return found


def _one_deletion_keys(text: str) -> set[str]:
    return {text} | {text[:index] + text[index + 1 :] for index in range(len(text))}


@functools.lru_cache(maxsize=16)
def _neighbours(candidates: frozenset[str]) -> _Neighbours:
    return _Neighbours(candidates)


def suggestion(name: str) -> str:
    return f"; did you mean '{name}'?"


@dataclass
class Diagnostics:
    """All problems found in one run, across every file."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, position: Position, message: str) -> None:
        self.items.append(Diagnostic(position, Severity.ERROR, message))

    def warning(self, position: Position, message: str) -> None:
        self.items.append(Diagnostic(position, Severity.WARNING, message))

    def extend(self, other: Diagnostics) -> None:
        self.items.extend(other.items)

    @property
    def error_count(self) -> int:
        return sum(1 for d in self.sorted() if d.severity is Severity.ERROR)

    @property
    def warning_count(self) -> int:
        return sum(1 for d in self.sorted() if d.severity is Severity.WARNING)

    def has_errors(self) -> bool:
        return any(d.severity is Severity.ERROR for d in self.items)

    def sorted(self) -> list[Diagnostic]:
        # A problem found twice (say, by two checks that share a value) is printed once.
        unique = {d.sort_key(): d for d in self.items}
        return [unique[key] for key in sorted(unique)]

    def summary(self, file_count: int) -> str:
        return (
            f"{plural(self.error_count, 'error')}, {plural(self.warning_count, 'warning')}"
            f" in {plural(file_count, 'file')}"
        )

    def print(self, stream: TextIO, file_count: int, *, colour: bool = False) -> None:
        for diagnostic in self.sorted():
            stream.write(_colourise(diagnostic) if colour else diagnostic.format())
            stream.write("\n")
        stream.write(self.summary(file_count) + "\n")


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


_COLOURS = {Severity.ERROR: "\033[1;31m", Severity.WARNING: "\033[1;33m"}
_RESET = "\033[0m"


def _colourise(diagnostic: Diagnostic) -> str:
    colour = _COLOURS[diagnostic.severity]
    return (
        f"\033[1m{terminal_safe(str(diagnostic.position))}{_RESET}: "
        f"{colour}{diagnostic.severity.label}{_RESET}: {terminal_safe(diagnostic.message)}"
    )


# C0 and C1 controls, DEL, and the line and paragraph separators: from content (a file name,
# a YAML key, a CSV header) they could move the cursor, retitle or clear the terminal.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def terminal_safe(text: str) -> str:
    """`text` with every control character written as a visible escape (`\\x1b`), so that
    what content holds can be read, never obeyed, by the terminal."""
    return _UNPRINTABLE.sub(lambda match: match.group().encode("unicode_escape").decode(), text)
