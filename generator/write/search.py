"""Search entries for generated pages, and the diacritic-folded field for every entry.

Material's search plugin would parse each generated page's whole HTML to find its sections; we
already know them (a heading, then the HTML we wrote under it), so we write those entries here
in the same shape (`location`, `title`, `text`, optional `boost`) and let Material index only the
hand-written pages. Material's search UI and worker are unchanged.
"""

from __future__ import annotations

import functools
import html
import json
import re
from pathlib import Path
from typing import Any

from generator.text import fold

# Folded copies of the title and the text, each weighted below its original (title 1000,
# text 1) so that a query typed with diacritics still ranks exact matches first, while an
# unaccented "le tan" ranks the page titled "Lễ tân" above pages that only mention it.
FOLDED_FIELDS = {"folded_title": 100.0, "folded": 0.5}

_HEADING = re.compile(r"<h([1-6])([^>]*)>(.*?)</h\1>", re.S)
_ID = re.compile(r'\sid="([^"]*)"')
_PERMALINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+")
_EXCLUDED_START = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)\b[^>]*\sdata-search-exclude[\s>=/]")


def page_entries(
    url: str, converted: str, chunks: list[str], token: re.Pattern[str], boost: Any
) -> list[dict[str, Any]]:
    """One entry per heading of a generated page: its title and the text of what follows.

    `converted` is the page as Python-Markdown wrote it, with `token` paragraphs standing for
    `chunks` of raw HTML."""
    entries: list[dict[str, Any]] = []
    headings = list(_HEADING.finditer(converted))
    for index, heading in enumerate(headings):
        end = headings[index + 1].start() if index + 1 < len(headings) else len(converted)
        body = token.sub(lambda m: chunks[int(m.group(1))], converted[heading.end() : end])
        anchor = _ID.search(heading.group(2))
        location = url if heading.group(1) == "1" or not anchor else f"{url}#{anchor.group(1)}"
        entry: dict[str, Any] = {
            "location": location,
            "title": _text(_PERMALINK.sub("", heading.group(3)), _INLINE_TAGS),
            "text": _text(remove_excluded(body), _FORMATTING_TAGS),
        }
        if boost is not None:
            entry["boost"] = boost
        entries.append(entry)
    return entries


def _text(fragment: str, joining: frozenset[str]) -> str:
    """Text of an HTML fragment, still HTML-escaped (Material's results render it as HTML):
    tags named in `joining` vanish, other tags separate words. The '#' the site's renderer
    wrote as `&#35;` (see `stash_raw_html`) is a plain character again: it needs no escape."""

    def gap(match: re.Match[str]) -> str:
        return "" if match.group(1).lower() in joining else " "

    return _SPACE.sub(" ", _TAG_NAME.sub(gap, fragment)).strip().replace("&#35;", "#")


_TAG_NAME = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)[^>]*>")
# Formatting inside a word or sentence; the site's templates also use <span> for separate
# pieces of a row (title, meta), which only join up inside headings.
_FORMATTING_TAGS = frozenset("a abbr b code em i kbd mark q s small strong sub sup u".split())
_INLINE_TAGS = _FORMATTING_TAGS | {"span"}


def remove_excluded(fragment: str) -> str:
    """Drop every element marked `data-search-exclude`, with its content."""
    while match := _EXCLUDED_START.search(fragment):
        name = match.group(1)
        nesting = re.compile(rf"<(/?){name}\b[^>]*?(/?)>")
        depth, end = 0, len(fragment)
        for tag in nesting.finditer(fragment, match.start()):
            if tag.group(2):  # self-closing
                continue
            depth += -1 if tag.group(1) else 1
            if depth == 0:
                end = tag.end()
                break
        fragment = fragment[: match.start()] + " " + fragment[end:]
    return fragment


def folded_words(text: str) -> str:
    """The words of `text` that change when diacritics are dropped, folded and de-duplicated.

    Unaccented words already match as typed, so only changed words are added: the index stays
    small while "don khach" finds "Đón khách"."""
    plain = html.unescape(_TAG.sub(" ", text))
    return " ".join(dict.fromkeys(filter(None, map(_folded_word, _WORD.findall(plain)))))


@functools.lru_cache(maxsize=65536)
def _folded_word(word: str) -> str:
    """The lowercase folded word, or '' when folding changes nothing but case."""
    folded = fold(word).lower()
    return "" if folded == word.lower() else folded


def finish_index(index_file: Path, generated: list[dict[str, Any]]) -> None:
    """Add the generated pages' entries to Material's index and fold every entry."""
    data = json.loads(index_file.read_text(encoding="utf-8"))
    data["docs"] = generated + data["docs"]
    for entry in data["docs"]:
        for field, source in (("folded_title", "title"), ("folded", "text")):
            folded = folded_words(entry.get(source, ""))
            if folded:
                entry[field] = folded
    index_file.write_text(
        json.dumps(data, separators=(",", ":"), ensure_ascii=False), encoding="utf-8"
    )
