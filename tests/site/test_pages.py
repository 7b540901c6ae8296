"""The built site: every page in both languages, the right language and direction, nothing left
unrendered, the language switch keeps the page, CSP, fonts and search configured."""
from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import PurePosixPath

import pytest

from sitepages import LANGS, doc_pages

GUIDE_SKIP_VERIFIED = {"privacy/"}  # pages without a figure carry no "last verified" line
VERIFIED = {"ar": "آخر تحقق", "en": "Last verified"}


def test_every_page_exists_in_both_languages(pages):
    expected = doc_pages()
    assert len(expected) >= 16
    for lang in LANGS:
        built = {page for (lg, page) in pages if lg == lang}
        assert built == expected, f"{lang}: missing {expected - built}, extra {built - expected}"


@pytest.mark.parametrize("lang,direction", [("ar", "rtl"), ("en", "ltr")])
def test_language_and_direction(pages, lang, direction):
    for (lg, key), page in pages.items():
        if lg != lang:
            continue
        assert page.html_attrs.get("lang") == lang, key
        assert page.html_attrs.get("dir") == direction, key
        assert page.body_attrs.get("dir") == direction, key


def test_nothing_left_unrendered(pages):
    for (lang, key), page in pages.items():
        assert "{{" not in page.html and "}}" not in page.text, (lang, key)
        assert not re.match(r"\s*(title|description|hide):", page.text), f"front matter leaked: {lang} {key}"
        assert page.meta(name="description"), (lang, key)
        assert page.title.strip(), (lang, key)


def test_guide_pages_say_when_figures_were_last_verified(pages):
    for (lang, key), page in pages.items():
        if key in GUIDE_SKIP_VERIFIED:
            continue
        assert VERIFIED[lang] in page.text, (lang, key)


def _resolve(page_key: str, lang: str, href: str) -> str:
    """The site path a relative link on (lang, page_key) points to."""
    base = PurePosixPath(("en/" if lang == "en" else "") + page_key)
    parts: list[str] = list(base.parts)
    for part in href.split("#")[0].split("/"):
        if part == "..":
            parts.pop()
        elif part and part != ".":
            parts.append(part)
    return "/".join(parts) + ("/" if href.endswith("/") or href in ("..", ".") else "")


def test_language_switch_keeps_the_page(pages):
    for (lang, key), page in pages.items():
        links = re.findall(r'class="iq-lang__link[^"]*"', page.html)
        assert len(links) == 1, (lang, key)
        href = re.search(r'<a href="([^"]+)" hreflang="(ar|en)"[^>]*class="iq-lang__link', page.html)
        assert href, (lang, key)
        other = href.group(2)
        assert other != lang
        target = _resolve(key, lang, href.group(1)).rstrip("/")
        expected = (("en/" if other == "en" else "") + key).rstrip("/")
        assert target == expected, (lang, key, href.group(1))


def test_no_head_alternate_links_or_generator(pages):
    for (lang, key), page in pages.items():
        assert not re.search(r'<link[^>]+rel="alternate"', page.html), (lang, key)
        assert page.meta(name="generator") is None, (lang, key)
        assert "Made with" not in page.html, (lang, key)


def test_search_dialog_has_a_name(pages):
    for (lang, key), page in pages.items():
        assert re.search(r'class="md-search"[^>]*role="dialog"[^>]*aria-label="[^"]+"', page.html), (lang, key)


def test_content_security_policy(pages):
    for (lang, key), page in pages.items():
        csp = page.meta(**{"http-equiv": "Content-Security-Policy"})
        assert csp, (lang, key)
        policy = csp["content"]
        assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
        assert "default-src 'self'" in policy and "'wasm-unsafe-eval'" in policy
        assert "http" not in policy, "the policy allows only this origin"
        # the CSP meta comes before any script, and every inline script is hashed
        assert page.html.index("Content-Security-Policy") < page.html.index("<script")
        for attrs, body in re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", page.html, re.S):
            if 'type="application/json"' in attrs:
                continue
            digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
            assert f"'sha256-{digest}'" in policy, (lang, key, body[:60])


def test_fonts_are_self_hosted(site_dir):
    css = (site_dir / "assets/stylesheets/iqama.css").read_text(encoding="utf-8")
    urls = re.findall(r"url\(([^)]+)\)", css)
    assert urls and all(u.startswith("../fonts/") for u in urls), urls
    for url in urls:
        font = site_dir / "assets/fonts" / url.removeprefix("../fonts/")
        assert font.is_file() and font.stat().st_size > 1000, font
    assert {u.split("-")[-3] for u in urls} == {"arabic", "latin"}  # only the subsets we use
    for html in site_dir.rglob("*.html"):
        assert "fonts.googleapis" not in html.read_text(encoding="utf-8"), html


def test_search_index_knows_both_languages(site_dir):
    index = json.loads((site_dir / "search/search_index.json").read_text(encoding="utf-8"))
    assert set(index["config"]["lang"]) >= {"ar", "en"}
    locations = [d["location"] for d in index["docs"]]
    assert any(loc.startswith("en/") for loc in locations)
    assert any(loc.startswith("kuwait/") for loc in locations)


def test_calculator_pages_hold_their_widgets(pages):
    expected = {"kuwait/calculator/": ["kw-fine", "kw-ready", "kw-renewal"],
                "saudi/calculator/": ["sa-fine", "sa-renewal", "sa-ready"]}
    for (lang, key), page in pages.items():
        found = re.findall(r'class="iq-widget"[^>]*data-command="([a-z-]+)"', page.html)
        assert found == expected.get(key, []), (lang, key, found)


def test_arabic_words_in_english_pages_are_isolated(pages):
    """«Labels» quoted in Arabic on English pages sit in <bdi lang="ar"> so they read correctly."""
    for (lang, key), page in pages.items():
        if lang != "en":
            continue
        article = re.search(r"<article[^>]*>(.*)</article>", page.html, re.S).group(1)
        article = re.sub(r'<bdi lang="ar">.*?</bdi>', "", article, flags=re.S)
        article = re.sub(r"<[^>]+>", "", article)  # attribute values are not shown text
        leftover = re.findall(r"[\u0600-\u06FF]+", article)
        assert not leftover, (key, leftover[:5])
