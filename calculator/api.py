"""The one entry point: estimate(command, params, lang) -> dict (see CONTRACT.md).

The CLI, the build-time tables, the browser worker and the tests all call this, so they agree.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from . import kuwait, kw_renewal, readiness, saudi, text
from .engine.errors import CalcError
from .engine.inputs import Inputs
from .engine.result import Estimate
from .engine.rules import load_rulebook

Handler = Callable[[Inputs, Estimate], None]
COMMANDS: dict[str, tuple[Handler, tuple[str, ...]]] = {
    "kw-fine": (kuwait.kw_fine, kuwait.PARAMS),
    "kw-renewal": (kw_renewal.kw_renewal, kw_renewal.PARAMS),
    "sa-fine": (saudi.sa_fine, saudi.FINE_PARAMS),
    "sa-renewal": (saudi.sa_renewal, saudi.RENEWAL_PARAMS),
    "sa-ready": (readiness.sa_ready, readiness.PARAMS),
    "kw-ready": (readiness.kw_ready, readiness.KW_PARAMS),
}
# Parameters the widget may carry in the URL that are not inputs of the calculation.
IGNORED_PARAMS = ("calc",)


def error_dict(lang: str, error: CalcError, command: str | None = None) -> dict[str, Any]:
    return {"error": {"code": error.code, "field": error.field,
                      "message": text.error_message(lang, error.code, error.field, error.params, command)}}


def estimate(command: str, params: Mapping[str, object] | None = None, lang: str = "en",
             today: dt.date | None = None, rules_dir: str | None = None) -> dict[str, Any]:
    """Estimate for `command` from raw `params`; bad input gives {"error": {...}}, never raises."""
    if lang not in text.LANGS:
        return error_dict("en", CalcError("invalid_choice", "lang", choices=("ar", "en")))
    if command not in COMMANDS:
        return error_dict(lang, CalcError("unknown_command", None))
    handler, allowed = COMMANDS[command]
    clean = {k: v for k, v in (params or {}).items() if k not in IGNORED_PARAMS}
    est = Estimate(command=command, lang=lang, book=load_rulebook(rules_dir))
    try:
        handler(Inputs(clean, allowed, today or dt.date.today()), est)
    except CalcError as error:
        return error_dict(lang, _named_choices(error, lang, est), command)
    return est.to_dict()


def _named_choices(error: CalcError, lang: str, est: Estimate) -> CalcError:
    """The choices an error lists, named as the form names them (never their codes)."""
    choices = error.params.get("choices")
    if error.field and isinstance(choices, tuple):
        from .forms import choice_label, legal_figures  # forms imports the handlers: import late
        figures = legal_figures(est.book)
        error.params["choices"] = tuple(choice_label(lang, error.field, str(v), figures) for v in choices)
    return error
