"""Hints for unknown names: the same answer from the neighbour index as from a full scan."""

from __future__ import annotations

import difflib

from generator.diagnostics import did_you_mean

TERMS = frozenset(f"thuat-ngu-{n:05d}" for n in range(2_000))


def _full_scan(word: str) -> str:
    matches = difflib.get_close_matches(word, sorted(TERMS), n=1, cutoff=0.6)
    return f"; did you mean '{matches[0]}'?" if matches else ""


def test_one_edit_typos_in_a_large_set_get_the_full_scan_hint() -> None:
    for typo in ("thuat-ngu-01234x", "thuat-ngu-0123", "thuat-ngu-01z34", "thuat-ngu-01324"):
        assert did_you_mean(typo, TERMS) == _full_scan(typo)
        assert did_you_mean(typo, TERMS).startswith("; did you mean 'thuat-ngu-01")


def test_a_small_set_is_scanned_whole() -> None:
    assert did_you_mean("truong-ca", {"truong-cua-hang", "thu-ngan"}) == (
        "; did you mean 'truong-cua-hang'?"
    )


def test_nothing_close_gives_no_hint() -> None:
    assert did_you_mean("zzzzzzzz", TERMS) == ""
    assert did_you_mean("zzzzzzzz", {"abc"}) == ""
