"""`mkdocs build` that also prints the time Material's search plugin spends on its lunr index.

    python benchmarks/lunr_timed.py -q -d site     # in a plain MkDocs project

The plugin builds the index page by page (`on_page_context`) and writes it at the end
(`on_post_build`); both are timed inside the one build, so no second build is needed.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Any

from material.plugins.search.plugin import SearchPlugin
from mkdocs.__main__ import cli

spent = 0.0


def timed(method: Callable[..., Any]) -> Callable[..., Any]:
    def run(*args: Any, **kwargs: Any) -> Any:
        global spent
        started = time.perf_counter()
        try:
            return method(*args, **kwargs)
        finally:
            spent += time.perf_counter() - started

    return run


for name in ("on_page_context", "on_post_build"):
    setattr(SearchPlugin, name, timed(getattr(SearchPlugin, name)))

try:
    cli(["build", *sys.argv[1:]], standalone_mode=False)
finally:
    print(f"@@lunr {spent:.3f}", flush=True)
