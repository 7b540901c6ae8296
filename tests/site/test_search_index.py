"""Every query of search_queries.toml through the site's search worker (iq-search.js around
Material's worker, lunr) under Node: a quick check of the same expectations the browser test
holds (tests/site/test_search_browser.py), and of the page's-language-only filter."""
from __future__ import annotations

import json
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

HERE = Path(__file__).parent
QUERIES = tomllib.loads((HERE / "search_queries.toml").read_text(encoding="utf-8"))


def run_worker(site_dir: Path, lang: str, queries: list[str]) -> list[dict]:
    node = shutil.which("node")
    assert node, "node is needed (make install)"
    done = subprocess.run([node, str(HERE / "search_harness.mjs"), str(site_dir), lang],
                          input=json.dumps(queries), capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_queries_land_on_their_pages(site_dir, lang):
    cases = QUERIES[lang]
    results = run_worker(site_dir, lang, [c["q"] for c in cases])
    misses = [(c["q"], c["why"], r["pages"][:3]) for c, r in zip(cases, results)
              if not r["pages"] or r["pages"][0] not in c["pages"]]
    assert not misses, "\n".join(map(str, misses))
    for case, result in zip(cases, results):
        assert all(p.startswith("en/") == (lang == "en") for p in result["pages"]), case["q"]

