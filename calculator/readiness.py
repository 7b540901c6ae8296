"""Saudi Arabia: can this iqama be renewed on Absher now? (rule sa.renewal_conditions)

Each condition is answered yes / no / not yet; the result names what blocks renewal and how to
fix it. The list of conditions and their sources is data (rules/sa/renewal_conditions.toml).
"""
from __future__ import annotations

from typing import Any

from .engine.errors import CalcError
from .engine.inputs import Inputs
from .engine.result import Estimate

PARAMS = ("passport-valid", "inside-kingdom", "traffic-fines-paid", "reported-absent",
          "biometrics", "own-passports", "on")


def check_figures(check: dict[str, Any]) -> dict[str, Any]:
    """A check's figures for its wording: every key but code/ok/sources (e.g. min_age -> {min_age})."""
    return {k: v for k, v in check.items() if k not in ("code", "ok", "sources")}


def sa_ready(inp: Inputs, est: Estimate) -> None:
    on = inp.date("on", "gregorian") or inp.today
    rule = est.book.rule("sa.renewal_conditions")
    try:
        value = rule.value_on(on)
    except CalcError as error:
        raise CalcError(error.code, "on", **error.params) from None
    checks = value.data["checks"]
    est.use(rule, value)
    results = []
    for check in checks:
        answer = inp.yes_no(check["code"])
        ok = None if answer is None else answer == check["ok"]
        figures = check_figures(check)
        item = {"code": check["code"], "answer": answer, "ok": ok,
                # the condition as asked, or, when the answer blocks, the fact that blocks it
                "text": est.say(("check_no." if ok is False else "check.") + check["code"], **figures),
                "fix": est.say("fix." + check["code"], **figures) if ok is False else None,
                "sources": list(check["sources"])}
        results.append(item)
        for source_id in check["sources"]:
            if source_id not in est.source_ids:
                est.source_ids.append(source_id)
    blocked = [c for c in results if c["ok"] is False]
    unanswered = [c for c in results if c["ok"] is None]
    if blocked:
        est.status = "blocked"
        est.headline = est.say("headline.sa.blocked", n=est.count("conditions", len(blocked)))
        est.next("sa.fix")
    elif unanswered:
        est.status = "incomplete"
        est.headline = est.say("headline.sa.incomplete")
    else:
        est.status = "ready"
        est.headline = est.say("headline.sa.ready")
        est.next("sa.ready")
    est.extra = {"ready": est.status == "ready", "checks": results,
                 "blockers": [c["code"] for c in blocked]}
