"""Fixtures for the tests over the built site: the parsed pages, the rulebook, and the site
served on a random localhost port for the browser test (tests/conftest.py)."""
from __future__ import annotations

from pathlib import Path

import pytest

from sitepages import SITE, Page, page_paths  # tests/site/ (pytest pythonpath)


@pytest.fixture(scope="session")
def site_dir() -> Path:
    assert (SITE / "index.html").is_file(), f"{SITE} has no index.html: run `make site` first"
    return SITE


@pytest.fixture(scope="session")
def pages(site_dir) -> dict[tuple[str, str], Page]:
    return {key: Page(path) for key, path in page_paths(site_dir).items()}


@pytest.fixture(scope="session")
def book():
    from calculator.engine.rules import load_rulebook
    return load_rulebook()
