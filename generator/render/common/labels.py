"""The interface text of the site and the books, one catalogue per language."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

import yaml

from generator.resources import package_dir
from generator.text import Language


@cache
def _catalogue(language: Language) -> dict[str, str]:
    with (package_dir("i18n") / f"{language}.yml").open(encoding="utf-8") as file:
        labels: dict[str, str] = yaml.safe_load(file)
    return labels


class Labels:
    """The interface text of one language; an unknown key is a bug and raises."""

    def __init__(self, language: Language) -> None:
        self.language = language
        self._labels = _catalogue(language)

    def __call__(self, key: str, **values: object) -> str:
        text = self._labels[key]
        return text.format(**values) if values else text

    def count(self, key: str, count: int, **values: object) -> str:
        """A counted label: `<key>_one` (where the language has one) when `count` is 1."""
        singular = f"{key}_one"
        chosen = singular if count == 1 and singular in self._labels else key
        return self(chosen, count=count, **values)

    def names(self) -> Iterable[str]:
        return self._labels.keys()
