"""Source titles in the reader's language (issue 14, "words that are code"): sources.toml gives
each title in Arabic and English; a result, the CLI's text and JSON show the one of `--lang`,
and the publisher's name as the publisher writes it. (The widget: tests/browser/test_widget.py;
the built Sources page: tests/site/test_figures.py.)"""
from __future__ import annotations

import json
import re
import sys

import pytest

from calculator import estimate
from calculator.engine.rules import load_rulebook

ARABIC = re.compile(r"[\u0600-\u06FF]")
LATIN = re.compile(r"[A-Za-z]")
ARGS = [
    ["kw-fine", "--category", "residence", "--days-late", "45", "--on", "2025-07-16"],
    ["kw-fine", "--category", "visit", "--days-late", "10", "--on", "2026-01-15"],
    ["sa-fine", "--days-late", "5", "--offence", "2", "--on", "2026-01-15"],
    ["sa-renewal", "--months", "12", "--establishment", "expat-majority", "--dependents", "2",
     "--on", "2026-01-15"],
    ["sa-ready", "--passport-valid", "yes", "--traffic-fines-paid", "no", "--on", "2026-01-15"],
    ["kw-ready", "--state-debts-paid", "no", "--on", "2026-01-15"],
]


def arabic_title(title: str) -> bool:
    """Arabic script, with no Latin word outside what a title may name as is (a platform, a
    publisher): most of its letters are Arabic."""
    letters = [c for c in title if c.isalpha()]
    return bool(letters) and sum(bool(ARABIC.match(c)) for c in letters) >= 0.8 * len(letters)


def english_title(title: str) -> bool:
    return bool(LATIN.search(title)) and not ARABIC.search(title)


def test_every_source_has_its_title_in_both_languages():
    book = load_rulebook()
    assert len(book.sources) >= 80
    for source in book.sources.values():
        assert set(source.title) == {"ar", "en"}, source.id
        assert arabic_title(source.title["ar"]), (source.id, source.title["ar"])
        assert english_title(source.title["en"]), (source.id, source.title["en"])
        assert source.title["ar"] != source.title["en"], source.id
        # no article or page number taken from an address ("Article 502591"): a reader cannot use it
        for title in source.title.values():
            assert not re.search(r"\d{5,}", title), (source.id, title)
    # the one title published in Arabic is kept as published, translated into English
    almadina = [s for s in book.sources.values() if s.title["ar"] == "3000 ريال غرامة عدم حمل هوية مقيم"]
    assert len(almadina) == 1 and english_title(almadina[0].title["en"])


@pytest.mark.parametrize("args", ARGS, ids=[" ".join(a[:3]) for a in ARGS])
def test_a_result_names_its_sources_in_its_language(args):
    book = load_rulebook()
    command, params = args[0], dict(zip((a[2:] for a in args[1::2]), args[2::2]))
    seen = 0
    for lang, fits in (("ar", arabic_title), ("en", english_title)):
        result = estimate(command, params, lang)
        assert result["status"] != "error", result
        for item in result["sources"]:
            source = book.sources[item["id"]]
            assert item["title"] == source.title[lang] and fits(item["title"]), (lang, item)
            assert item["publisher"] == source.publisher  # the publisher's name is not translated
            seen += 1
    assert seen, f"{command}: no source to check"


@pytest.mark.skipif(sys.platform == "emscripten", reason="no subprocesses in Pyodide")
@pytest.mark.parametrize("args", ARGS[:4], ids=[" ".join(a[:3]) for a in ARGS[:4]])
def test_cli_text_and_json_give_the_titles_of_lang(args):
    from test_cli import cli

    book = load_rulebook()
    for lang, fits, other in (("ar", arabic_title, "en"), ("en", english_title, "ar")):
        shown = json.loads(cli(*args, "--lang", lang, "--json").stdout)
        assert shown["sources"], args
        text = cli(*args, "--lang", lang).stdout
        for item in shown["sources"]:
            source = book.sources[item["id"]]
            assert item["title"] == source.title[lang] and fits(item["title"]), (lang, item)
            assert f"{source.publisher}: {source.title[lang]}" in text, (lang, text)
            assert source.title[other] not in text, (lang, source.id)
