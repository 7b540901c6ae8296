"""Command line: python -m calculator <kw-fine|kw-ready|sa-fine|sa-renewal|sa-ready|reminder> …
(and `python -m calculator check-rules [DIR]`: check every rule file of a folder at once)

Text in Arabic or English by default, the full result with --json. Bad input: a one-line
message in the chosen language (or {"error": …} with --json) and exit status 2, no traceback.
`reminder` prints an iCalendar (RFC 5545) file (calculator.reminder).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from . import text
from .api import COMMANDS, error_dict, estimate
from .engine.errors import CalcError
from .engine.rules import RULES_DIR, RuleFileError, check_rules, load_rulebook, rule_files
from .kuwait import CATEGORIES
from .kw_renewal import RELATIONS, RESIDENCES, SPONSORS
from .reminder import PARAMS as REMINDER_PARAMS
from .reminder import make_reminder

DESCRIPTIONS = {
    "kw-fine": "Kuwait: settlement amount for a residence violation. Categories: "
               + ", ".join(CATEGORIES) + ".",
    "kw-renewal": "Kuwait: cost of renewing a residence (fees x years, health insurance, and the "
                  "settlement when already expired). Residences: " + ", ".join(RESIDENCES) + ".",
    "sa-fine": "Saudi Arabia: fine for renewing an iqama late (offence 1, 2, 3 = third or later).",
    "sa-renewal": "Saudi Arabia: cost of renewing an iqama for {worker} months (domestic: {domestic}).",
    "sa-ready": "Saudi Arabia: can the iqama be renewed on Absher now? Answer yes/no per condition.",
    "kw-ready": "Kuwait: can the residence be renewed now? Answer yes/no per condition.",
}
HELP = {
    "category": "violation type: " + ", ".join(CATEGORIES),
    "expired": "expiry date YYYY-MM-DD or DD/MM/YYYY, Hijri or Gregorian (newborn: date of birth)",
    "days-late": "days late, instead of dates",
    "on": "date of the estimate (default: today), Hijri or Gregorian",
    "calendar": "gregorian or hijri (Umm al-Qura); each date's year decides its calendar "
                "(1300-1599 Hijri, 1800-2199 Gregorian), so this is only a statement",
    "offence": "1, 2, or 3 for a third or later offence",
    "worker": "private or domestic (sa-ready also: family)",
    "months": "renewal period in months",
    "establishment": "expat-majority, saudi-majority, equal, industrial or small-exempt (a worker "
                     "within a small establishment's exempt quota)",
    "workers": "number of workers renewed on the same terms (per-worker fees x N)",
    "dependents": "number of dependants and companions",
    "expires": "expiry date of the iqama / residence, Hijri or Gregorian",
    "country": "kw or sa",
    "residence": "residence category (article of Decree-Law 114/2024): "
                 + ", ".join(f"{name} ({article})" for name, article in RESIDENCES.items()),
    "sponsor": "domestic workers: " + " or ".join(SPONSORS) + " sponsor",
    "relation": "family (Art. 22): " + " or ".join(RELATIONS),
    "first-three": "domestic worker of a Kuwaiti family: one of its first three? yes or no "
                   "(they pay no health insurance fee)",
    "years": "years of residence to renew (default 1)",
    "health-insurance": "include the health insurance fee: yes (default) or no",
}


class _Unparsed(Exception):
    """argparse found a fault this module does not name (it calls error() for those)."""


class _Parser(argparse.ArgumentParser):
    """argparse without its English: faults raise, and _parse turns them into CalcErrors."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(exit_on_error=False, **kwargs)

    def error(self, message: str) -> Any:
        raise _Unparsed(message)


def _parse(parser: _Parser, args_in: list[str]) -> argparse.Namespace:
    """The options, or CalcError: unknown_command, unknown_option (its name), required (an option
    given without its value). Decided from argparse's structured results, not its messages."""
    try:
        args, unknown = parser.parse_known_args(args_in)
    except argparse.ArgumentError as error:
        name = error.argument_name or ""
        if name.startswith("--"):  # "--expired" (or "--expired/-e"): the option lacks its value
            raise CalcError("required", name.split("/")[0][2:]) from None
        raise CalcError("unknown_command", None) from None
    except _Unparsed:
        raise CalcError("unknown_command", None) from None
    if unknown:
        option = next((u for u in unknown if u.startswith("-")), unknown[0])
        name = option.lstrip("-").split("=")[0][:40]
        raise CalcError("unknown_option", name, name=name)
    return args


def _fail(lang: str, as_json: bool, error: CalcError) -> None:
    payload = error_dict(lang, error)
    if as_json:
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        print(payload["error"]["message"], file=sys.stderr)
    raise SystemExit(2)


def _description(command: str) -> str:
    """The command's --help line; the renewal periods come from the rules in force last."""
    periods = load_rulebook().rule("sa.renewal_periods").values[-1].data
    return DESCRIPTIONS[command].format(**{k: "/".join(map(str, v)) for k, v in periods.items()
                                           if k in ("worker", "domestic")})


def build_parser() -> _Parser:
    parser = _Parser(prog="python -m calculator", description=(__doc__ or "").splitlines()[0])
    subs = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for command, (_, params) in COMMANDS.items():
        sub = subs.add_parser(command, help=_description(command), description=_description(command))
        for name in params:
            sub.add_argument(f"--{name}", dest=name, default=None, metavar="VALUE",
                             help=HELP.get(name, "yes or no"))
        sub.add_argument("--lang", default="en", help="ar or en")
        sub.add_argument("--json", action="store_true", help="print the full result as JSON")
    about = ("An iCalendar (.ics) file with reminders on the day renewal opens, 14 days before "
             "and on the expiry day. --worker private or domestic (Saudi Arabia).")
    sub = subs.add_parser("reminder", help=about, description=about)
    for name in REMINDER_PARAMS:
        sub.add_argument(f"--{name}", dest=name, default=None, metavar="VALUE",
                         help=HELP.get(name, "private or domestic"))
    sub.add_argument("--lang", default="en", help="ar or en")
    sub.add_argument("--json", action="store_true", help='print {"ics", "filename", "events"} as JSON')
    return parser


def render_text(result: dict[str, Any]) -> str:
    lang = result["lang"]
    heads = [text.say(lang, f"ui.{key}") for key in
             ("breakdown", "assumptions", "warnings", "next_steps", "sources", "last_verified")]
    out = [result["headline"]]
    if result["lines"]:
        out += ["", heads[0] + ":"] + [f"  {line['text']}" for line in result["lines"]]
    for check in result.get("checks", []):
        mark = {True: "✓", False: "✗", None: "?"}[check["ok"]]
        out.append(f"  {mark} {check['text']}" + (f" → {check['fix']}" if check["fix"] else ""))
    for title, key in ((heads[1], "assumptions"), (heads[2], "warnings"), (heads[3], "next_steps")):
        if result[key]:
            out += ["", title + ":"] + [f"  - {item['text']}" for item in result[key]]
    if result["sources"]:
        out += ["", heads[4] + ":"]
        out += [f"  - {s['publisher']}: {s['title']}" + (f" <{s['url']}>" if s["url"] else "")
                for s in result["sources"]]
    if result["last_verified"]:
        out += ["", f"{heads[5]}: {result['last_verified_text']}"]
    return text.plain("\n".join(out))  # a terminal shows isolates as boxes or gaps


def check_rules_main(args: list[str]) -> int:
    """`python -m calculator check-rules [DIR]`: every problem of every rule file in DIR (default:
    the packaged rules), all at once, one a line; exit status 2 if there is any, else 0."""
    if len(args) > 1 or (args and args[0].startswith("-")):
        print("usage: python -m calculator check-rules [DIR]", file=sys.stderr)
        return 2
    folder = args[0] if args else None
    problems = check_rules(folder)
    where = folder or str(RULES_DIR)
    if problems:
        print("\n".join(problems))
        print(f"{len(problems)} problem(s) in {where}", file=sys.stderr)
        return 2
    print(f"{len(rule_files(Path(where)))} rule files and sources.toml are sound: {where}")
    return 0


def main(argv: list[str] | None = None) -> int:
    args_in = list(sys.argv[1:] if argv is None else argv)
    if args_in[:1] == ["check-rules"]:
        return check_rules_main(args_in[1:])
    try:
        return _estimate_main(args_in)
    except RuleFileError as error:  # a broken rule file: name the file and key, no traceback
        if "--json" in args_in:
            print(json.dumps({"error": {"code": "rule_file", "field": None, "message": str(error)}},
                             ensure_ascii=False, indent=2))
        else:
            print(error, file=sys.stderr)
        return 2


def _estimate_main(args_in: list[str]) -> int:
    lang = "ar" if any(a in ("--lang=ar",) for a in args_in) or \
        any(a == "--lang" and i + 1 < len(args_in) and args_in[i + 1] == "ar" for i, a in enumerate(args_in)) else "en"
    as_json = "--json" in args_in
    parser = build_parser()
    try:
        args = _parse(parser, args_in)
    except CalcError as error:
        _fail(lang, as_json, error)
    if args.command is None:
        parser.print_help()
        return 2
    if args.command == "reminder":
        params = {n: getattr(args, n) for n in REMINDER_PARAMS if getattr(args, n) is not None}
        made = make_reminder(params, args.lang)
        if as_json or "error" in made:
            if "error" in made and not as_json:
                print(made["error"]["message"], file=sys.stderr)
            else:
                print(json.dumps(made, ensure_ascii=False, indent=2))
            return 2 if "error" in made else 0
        sys.stdout.buffer.write(made["ics"].encode("utf-8"))
        return 0
    params = {name: getattr(args, name) for name in COMMANDS[args.command][1]
              if getattr(args, name) is not None}
    result = estimate(args.command, params, args.lang)
    if "error" in result:
        if as_json:
            print(json.dumps(result, ensure_ascii=False, indent=2))
        else:
            print(text.plain(result["error"]["message"]), file=sys.stderr)
        return 2
    print(json.dumps(result, ensure_ascii=False, indent=2) if as_json else render_text(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
