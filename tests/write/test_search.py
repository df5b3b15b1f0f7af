"""Search entries of generated pages and the folded field."""

from __future__ import annotations

import json
import re
from pathlib import Path

from generator.write.search import finish_index, folded_words, page_entries, remove_excluded

TOKEN = re.compile(r"<p>T(\d+)T</p>")


def test_entries_follow_headings_and_skip_excluded_parts() -> None:
    converted = (
        '<h1 id="don-khach">Đón khách</h1>\n<p>T0T</p>\n'
        '<h3 class="x" id="step-1"><span>Bước 1</span><span>: </span>Chào khách'
        '<a class="headerlink" href="#step-1">¶</a></h3>\n<p>T1T</p>'
    )
    chunks = [
        '<div class="card"><code>SOP-01</code> Phiên bản 1.2</div>',
        "<p data-search-exclude>Bước trọng yếu</p><div><p>Mỉm cười &amp; chào.</p>"
        "<section data-search-exclude><section>quiz</section></section><p>Hỏi tên.</p></div>",
    ]
    entries = page_entries("sops/don-khach/", converted, chunks, TOKEN, 2)
    assert entries == [
        {
            "location": "sops/don-khach/",
            "title": "Đón khách",
            "text": "SOP-01 Phiên bản 1.2",
            "boost": 2,
        },
        {
            "location": "sops/don-khach/#step-1",
            "title": "Bước 1: Chào khách",
            "text": "Mỉm cười &amp; chào. Hỏi tên.",
            "boost": 2,
        },
    ]


def test_remove_excluded_handles_nesting_and_void_elements() -> None:
    html = "<p>a</p><div data-search-exclude><div><br/>x</div></div><p>b</p>"
    assert remove_excluded(html) == "<p>a</p> <p>b</p>"


def test_folded_words_add_only_words_that_lose_diacritics() -> None:
    assert folded_words("Đón khách tại quầy Zalo") == "don khach tai quay"
    assert folded_words("Lễ tân, lễ TÂN") == "le tan"
    assert folded_words("plain English text") == ""


def test_finish_index_puts_generated_entries_first_and_folds_all(tmp_path: Path) -> None:
    index = tmp_path / "search_index.json"
    index.write_text(
        json.dumps(
            {"config": {"lang": ["vi"]}, "docs": [{"location": "x/", "title": "Giá", "text": ""}]}
        ),
        encoding="utf-8",
    )
    finish_index(index, [{"location": "y/", "title": "Đặt lịch", "text": "hẹn"}])
    docs = json.loads(index.read_text(encoding="utf-8"))["docs"]
    assert [d["location"] for d in docs] == ["y/", "x/"]
    assert docs[0]["folded_title"] == "dat lich" and docs[0]["folded"] == "hen"
    assert docs[1]["folded_title"] == "gia" and "folded" not in docs[1]
