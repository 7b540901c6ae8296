"""No page loads anything from another origin, and no page links to one except the official
portals it names (and, on the sources page only, the cited sources)."""
from __future__ import annotations

from urllib.parse import urlparse

# Official portals whose addresses the sources name (moi.gov.kw, e.gov.kw). The Saudi portals
# (Absher, Muqeem, Qiwa, SADAD) are named without a link: the sources give no address for them.
OFFICIAL = ("moi.gov.kw", "e.gov.kw")
SOURCES_PAGE = "sources/"


def _host(url: str) -> str | None:
    parsed = urlparse(url)
    if parsed.scheme in ("", "#") and not parsed.netloc:
        return None  # relative: this site
    return parsed.netloc.lower() or parsed.scheme


def _official(host: str) -> bool:
    return any(host == d or host.endswith("." + d) for d in OFFICIAL)


def test_pages_load_nothing_from_another_origin(pages):
    for (lang, key), page in pages.items():
        for tag, url in page.resources:
            assert _host(url) is None, (lang, key, tag, url)


def test_links_to_other_sites_are_official_or_cited_sources(pages, book):
    cited = {s.url for s in book.sources.values() if s.url}
    for (lang, key), page in pages.items():
        for href in page.links:
            host = _host(href)
            if host is None:
                continue
            assert urlparse(href).scheme in ("https", "http"), (lang, key, href)
            if _official(host):
                assert href.startswith("https://"), href
                continue
            assert key == SOURCES_PAGE and href in cited, f"{lang} {key}: link to {href}"


def test_step_pages_link_the_official_portal(pages):
    for lang in ("ar", "en"):
        for key in ("kuwait/check-fines/", "kuwait/pay/", "kuwait/reference-number/"):
            hosts = {_host(h) for h in pages[(lang, key)].links}
            assert "www.moi.gov.kw" in hosts, (lang, key)


def test_sources_page_cites_every_source(pages, book):
    for lang in ("ar", "en"):
        page = pages[(lang, SOURCES_PAGE)]
        for source in book.sources.values():
            if source.url:
                assert source.url in page.links, (lang, source.id)
            assert f'id="source-{source.id.replace("_", "-")}"' in page.html, (lang, source.id)
