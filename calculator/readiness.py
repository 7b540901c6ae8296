"""Can this residence be renewed now? Saudi Arabia (sa-ready) and Kuwait (kw-ready).

Each condition is answered yes / no / not yet; the result names what blocks renewal and how to
fix it. The conditions, whom each applies to, their sources and confidence are data
(rules/sa/renewal_conditions.toml, rules/kw/renewal_conditions.toml); words live in
calculator/text.
"""
from __future__ import annotations

from typing import Any

from . import text
from .engine.errors import CalcError
from .engine.inputs import Inputs
from .engine.result import Estimate
from .kuwait import MOI
from .saudi import ABSHER

WORKERS = ("private", "domestic", "family")
PARAMS = ("worker", "passport-valid", "inside-kingdom", "traffic-fines-paid", "reported-absent",
          "biometrics", "own-passports", "health-insurance", "work-permit", "on")
KW_PARAMS = ("state-debts-paid", "health-insurance", "passport-valid", "on")
# country -> (blocked, incomplete, ready) headlines, (fix, ready) next steps and where both are
# done: Absher (sa), the Ministry of Interior's e-services (kw)
_WORDS = {
    "sa": ("headline.sa.blocked", "headline.sa.incomplete", "headline.sa.ready", "sa.fix", "sa.ready", ABSHER),
    "kw": ("headline.kw.blocked", "headline.kw.incomplete", "headline.kw.ready", "kw.fix", "kw.ready", MOI),
}


def check_figures(check: dict[str, Any]) -> dict[str, Any]:
    """A check's figures for its wording: every key but code/ok/sources/for/confidence
    (e.g. min_age -> {min_age})."""
    return {k: v for k, v in check.items() if k not in ("code", "ok", "sources", "for", "confidence")}


def figures_in_words(figures: dict[str, Any], lang: str) -> dict[str, Any]:
    """Check figures as the words say them: valid_months counted in `lang` ("12 months" /
    «12 شهرًا»); the others (min_age) as they are. Shared by the results and the form."""
    if "valid_months" not in figures:
        return figures
    return {**figures, "valid_months": text.count(lang, "months", int(figures["valid_months"]))}


def sa_ready(inp: Inputs, est: Estimate) -> None:
    """Saudi conditions (Absher service terms, my.gov.sa 14590; valid health insurance and, for a
    private-sector worker, a valid work permit). `worker`: private (default) | domestic | family:
    a condition that does not apply to that person is not asked (and refused if answered)."""
    worker = inp.choice("worker", WORKERS, default="private")
    _ready(inp, est, "sa", worker)


def kw_ready(inp: Inputs, est: Estimate) -> None:
    """Kuwait conditions (K6): debts owed to the state paid, valid health insurance for the whole
    period, a passport valid for at least a year (older guidance: medium confidence)."""
    _ready(inp, est, "kw", None)


def _ready(inp: Inputs, est: Estimate, country: str, worker: str | None) -> None:
    on = inp.date("on") or inp.today
    rule = est.book.rule(f"{country}.renewal_conditions")
    try:
        value = rule.value_on(on)
    except CalcError as error:
        raise CalcError(error.code, "on", **error.params) from None
    prefix = "kw." if country == "kw" else ""
    checks = []
    for check in value.data["checks"]:
        applies = check.get("for")
        if worker is not None and applies is not None and worker not in applies:
            if inp.given(check["code"]):
                raise CalcError("not_applicable", check["code"])
            continue
        checks.append(check)
    est.use(rule, value)
    results = []
    for check in checks:
        answer = inp.yes_no(check["code"])
        ok = None if answer is None else answer == check["ok"]
        key = prefix + check["code"]
        figures = figures_in_words(check_figures(check), est.lang)
        item = {"code": check["code"], "answer": answer, "ok": ok,
                # the condition as asked, or, when the answer blocks, the fact that blocks it
                "text": est.say(("check_no." if ok is False else "check.") + key, **figures),
                "fix": est.say("fix." + key, **figures) if ok is False else None,
                "sources": list(check["sources"]),
                "confidence": check.get("confidence", value.confidence)}
        results.append(item)
        for source_id in check["sources"]:
            if source_id not in est.source_ids:
                est.source_ids.append(source_id)
    blocked = [c for c in results if c["ok"] is False]
    unanswered = [c for c in results if c["ok"] is None]
    blocked_words, incomplete_words, ready_words, fix_step, ready_step, url = _WORDS[country]
    if blocked:
        est.status = "blocked"
        est.headline = est.say(blocked_words, n=est.count("conditions", len(blocked)))
        est.next(fix_step, url=url)
    elif unanswered:
        est.status = "incomplete"
        est.headline = est.say(incomplete_words)
    else:
        est.status = "ready"
        est.headline = est.say(ready_words)
        est.next(ready_step, url=url)
    if any(c["confidence"] != "high" for c in results):
        est.warn("checks_confidence")
    est.extra = {"ready": est.status == "ready", "checks": results,
                 "blockers": [c["code"] for c in blocked]}
