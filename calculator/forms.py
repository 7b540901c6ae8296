"""The widget's forms as data: which fields each calculation asks for, in which order, with
labels in the page's language. The build renders the HTML from this, so the form, the CLI and
the URL all use the same parameter names."""
from __future__ import annotations

from typing import Any

from . import text
from .engine.rules import RuleBook, load_rulebook
from .kuwait import CATEGORIES
from .kw_renewal import RELATIONS, RESIDENCES, SPONSORS
from .readiness import WORKERS, check_figures, figures_in_words
from .saudi import ESTABLISHMENTS

YES_NO = ("yes", "no")
CHECKS = ("passport-valid", "inside-kingdom", "traffic-fines-paid", "reported-absent",
          "biometrics", "own-passports")
KW_CHECKS = ("state-debts-paid", "health-insurance", "passport-valid")

# (name, kind, choices, required, show_if, default). `default` is the calculator's own default
# for a missing parameter: the widget fills it in when a URL leaves the field out, so a URL and
# the CLI with the same options agree. PRESETS only pre-select a blank form (D4: Absher shows
# Hijri dates, so the Saudi fine form starts on Hijri).
_Spec = tuple[str, str, tuple[str, ...] | None, bool, dict[str, str | list[str]] | None, str | None]
def _spec(*fields: object) -> _Spec:
    return fields  # type: ignore[return-value]


_SPECS: dict[str, list[_Spec]] = {
    "kw-fine": [
        ("category", "select", tuple(CATEGORIES), True, None, None),
        ("expired", "date", None, False, None, None),
        ("days-late", "number", None, False, None, None),
        ("on", "date", None, False, None, None),
    ],
    "kw-renewal": [
        ("residence", "select", tuple(RESIDENCES), True, None, None),
        ("sponsor", "select", SPONSORS, True, {"residence": "domestic"}, None),
        ("relation", "select", RELATIONS, True, {"residence": "family"}, None),
        ("first-three", "yesno", YES_NO, False, {"residence": "domestic", "sponsor": "kuwaiti"}, None),
        ("years", "number", None, False, None, None),
        ("health-insurance", "yesno", YES_NO, False, None, "yes"),
        ("expired", "date", None, False, None, None),
        ("on", "date", None, False, None, None),
    ],
    "sa-fine": [
        ("expired", "date", None, False, None, None),
        ("days-late", "number", None, False, None, None),
        ("offence", "select", ("1", "2", "3"), False, None, "1"),
        ("on", "date", None, False, None, None),
    ],
    "sa-renewal": [
        ("worker", "select", ("private", "domestic"), False, None, "private"),
        ("months", "select", None, True, None, None),  # choices: renewal_periods(), from the rules
        ("establishment", "select", ESTABLISHMENTS, False, {"worker": "private"}, None),
        ("dependents", "number", None, False, {"worker": "private"}, None),
        ("workers", "number", None, False, {"worker": "private"}, None),
        ("above-limit", "yesno", YES_NO, False, {"worker": "domestic"}, None),
        ("absher-business", "yesno", YES_NO, False, None, None),
        ("expired", "date", None, False, None, None),
        ("offence", "select", ("1", "2", "3"), False, None, "1"),
        ("on", "date", None, False, None, None),
    ],
    "sa-ready": [_spec("worker", "select", WORKERS, False, None, "private")]
    + [_spec(name, "yesno", YES_NO, False, None, None) for name in CHECKS]
    + [("health-insurance", "yesno", YES_NO, False, {"worker": ["private", "domestic"]}, None),
       ("work-permit", "yesno", YES_NO, False, {"worker": "private"}, None)],
    "kw-ready": [(name, "yesno", YES_NO, False, None, None) for name in KW_CHECKS],
}
# D10: a date's calendar comes from its year, so the forms ask for no calendar; old links that
# carry `calendar=` still work (the CLI and estimate() accept it).
PRESETS: dict[tuple[str, str], str] = {}


def renewal_periods(book: RuleBook) -> tuple[str, ...]:
    """Every renewal period (months) of the rule in force last, workers' and domestic workers'."""
    data = book.rule("sa.renewal_periods").values[-1].data
    return tuple(str(m) for m in sorted({int(m) for key in ("worker", "domestic") for m in data[key]}))


def legal_figures(book: RuleBook) -> dict[str, Any]:
    """The figures the form's words name (windows, limits, ages), from the latest rule values:
    {window_months}, {limit_saudi_employer}, {limit_expat_employer}, {min_age} (years),
    {valid_months} (kw-ready's passport validity, a number: form_spec counts it in words)."""
    newborn = book.rule("kw.newborn").values[-1].data
    limits = book.rule("sa.domestic_above_limit_levy").values[-1].data
    figures: dict[str, Any] = {"window_months": newborn["window_months"],
                               "limit_saudi_employer": limits["limit_saudi_employer"],
                               "limit_expat_employer": limits["limit_expat_employer"]}
    for rule_id in ("sa.renewal_conditions", "kw.renewal_conditions"):
        for check in book.rule(rule_id).values[-1].data["checks"]:
            figures.update(check_figures(check))
    return figures


def choice_label(lang: str, name: str, value: str, figures: dict[str, Any]) -> str:
    """The label of `value` as a choice of parameter `name` (form, error messages)."""
    if name == "months":
        return text.count(lang, "months", int(value))
    if name == "offence":
        return text.label(lang, f"offence.{value}")
    group = "yesno" if value in YES_NO else name
    return text.say(lang, f"choice.{group}.{value}", **figures)


def form_spec(command: str, lang: str, book: RuleBook | None = None) -> dict[str, Any]:
    """Fields, labels and UI strings for one widget, in `lang`; figures named in the words and
    the renewal periods come from `book` (default: the packaged rules)."""
    book = book or load_rulebook()
    figures = figures_in_words(legal_figures(book), lang)
    fields = []
    country = "kw" if command.startswith("kw-") else "sa"  # a hint may differ per country
    for name, kind, choices, required, show_if, default in _SPECS[command]:
        # a parameter's label, or the command's own where the same name asks something else
        # (kw-renewal's health-insurance: include the fee; kw-ready's: is it valid)
        label_key = (f"form.{command}.{name}.label" if text.has(lang, f"form.{command}.{name}.label")
                     else f"form.{name}.label")
        hint_key = next((k for k in (f"form.{name}.hint.{country}", f"form.{name}.hint")
                         if text.has(lang, k)), "")
        if name == "months":
            choices = renewal_periods(book)
        fields.append({
            "name": name, "kind": kind, "label": text.say(lang, label_key, **figures),
            "hint": text.say(lang, hint_key, **figures) if text.has(lang, hint_key) else None,
            "required": required, "show_if": show_if, "default": default,
            "preset": PRESETS.get((command, name), default),
            "choices": [{"value": v, "label": choice_label(lang, name, v, figures)} for v in choices]
            if choices else None,
        })
    ui = text.group(lang, "ui.")
    ui.update({f"confidence.{k}": v for k, v in text.group(lang, "confidence.").items()})
    ui["sep"] = text.say(lang, "sep")
    ui["submit"] = ui.get(f"submit.{command}", ui["submit"])
    return {"command": command, "lang": lang, "fields": fields, "submit": ui["submit"], "ui": ui}
