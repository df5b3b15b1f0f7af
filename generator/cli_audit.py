"""Placeholder until the audit commands land (being written in parallel)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any


def add_audit_commands(
    commands: argparse._SubParsersAction[Any],
    add_project: Callable[[argparse.ArgumentParser], None],
) -> None:
    return None
