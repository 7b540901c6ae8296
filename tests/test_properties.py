"""Properties of calculator.estimate that must hold for every input (hypothesis).

Figures are the sources' (calculator/rules/sources.toml): Kuwait new regime (from 2025-01-05) caps 1,200 / 2,000 / 600 / 2,000,
old regime (K2) cap 600; first month = first 30 days (D1); Saudi fine only from 3 days past
expiry (D3); money is KWD with 3 decimals, SAR with 2 (D6).
"""
from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calculator import estimate  # noqa: E402
from casefiles import contract_shape, lines_add_up  # noqa: E402

FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Kuwait, new regime [kuna_2025_01_04 arabtimes_2025_01_04]: cap per category (new regime) and whether the 2 -> 4 KD step applies.
CAPS = {"residence": 1200, "entry_visa": 1200, "temporary": 1200, "work_absence": 1200,
        "newborn": 2000, "domestic": 600, "domestic_entry_visa": 600, "domestic_temporary": 600,
        "visit": 2000}
TIERED = {"residence", "entry_visa", "temporary", "work_absence", "newborn"}
FLAT = {"domestic": 2, "domestic_entry_visa": 2, "domestic_temporary": 2, "visit": 10}
OLD_CAPS = {"residence": 600, "domestic": 600}  # old regime [propakistani_2024_03_16 eastcoastdaily_2024_06_16]

KWD = re.compile(r"^\d+\.\d{3}$")
SAR = re.compile(r"^\d+\.\d{2}$")
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")

categories = st.sampled_from(sorted(CAPS))
days = st.integers(min_value=0, max_value=36500)
new_on = st.dates(dt.date(2025, 1, 5), dt.date(2070, 12, 31)).map(dt.date.isoformat)
old_on = st.dates(dt.date(2024, 6, 1), dt.date(2025, 1, 4)).map(dt.date.isoformat)


def kw_total(category: str, n: int, on: str) -> Decimal:
    result = estimate("kw-fine", {"category": category, "days-late": str(n), "on": on}, "en")
    assert "error" not in result, result
    assert result["currency"] == "KWD" and KWD.match(result["total"]), result["total"]
    assert result["days_late"] == n
    return Decimal(result["total"])


def formula(category: str, n: int) -> Decimal:
    """The new regime + decision D1, written out: the expected KWD amount for n days of delay."""
    if category in TIERED:
        raw = 2 * min(n, 30) + 4 * max(0, n - 30)
    else:
        raw = FLAT[category] * n
    return Decimal(min(raw, CAPS[category]))


@FAST
@given(categories, days, days, new_on)
def test_kw_fine_never_decreases_as_days_grow(category: str, a: int, b: int, on: str) -> None:
    low, high = sorted((a, b))
    assert kw_total(category, low, on) <= kw_total(category, high, on)


@FAST
@given(categories, days, new_on)
def test_kw_fine_never_exceeds_the_cap_and_follows_the_schedule(category: str, n: int, on: str) -> None:
    total = kw_total(category, n, on)
    assert total <= CAPS[category]
    assert total == formula(category, n)


@FAST
@given(st.sampled_from(sorted(OLD_CAPS)), days, old_on)
def test_kw_old_regime_never_exceeds_600(category: str, n: int, on: str) -> None:
    total = kw_total(category, n, on)
    assert total <= OLD_CAPS[category]
    assert total == min(2 * n, 600)


@FAST
@given(categories, new_on)
def test_kw_fine_is_zero_before_any_fined_day(category: str, on: str) -> None:
    assert kw_total(category, 0, on) == 0


@FAST
@given(st.sampled_from(sorted(set(CAPS) - {"newborn"})), st.integers(0, 5000),
       st.dates(dt.date(2025, 1, 5), dt.date(2070, 12, 31)))
def test_kw_dates_and_days_late_agree(category: str, n: int, on: dt.date) -> None:
    expired = on - dt.timedelta(days=n)
    by_dates = estimate("kw-fine", {"category": category, "expired": expired.isoformat(),
                                    "on": on.isoformat()}, "en")
    assert "error" not in by_dates, by_dates
    assert by_dates["total"] == str(formula(category, n)) + ".000"
    assert by_dates["days_late"] == n


@FAST
@given(categories, days, new_on, st.sampled_from([ARABIC_INDIC, PERSIAN]))
def test_kw_eastern_digits_mean_the_same(category: str, n: int, on: str, table: dict) -> None:
    plain = estimate("kw-fine", {"category": category, "days-late": str(n), "on": on}, "ar")
    eastern = estimate("kw-fine", {"category": category, "days-late": str(n).translate(table),
                                   "on": on.translate(table)}, "ar")
    assert eastern["total"] == plain["total"] and eastern["days_late"] == plain["days_late"]


sa_on = st.dates(dt.date(2020, 1, 1), dt.date(2070, 12, 31)).map(dt.date.isoformat)


@FAST
@given(st.integers(0, 2), st.sampled_from(["", "1", "2", "3"]), sa_on)
def test_sa_fine_is_zero_within_three_days(n: int, offence: str, on: str) -> None:
    params = {"days-late": str(n), "on": on}
    if offence:
        params["offence"] = offence
    result = estimate("sa-fine", params, "en")
    assert "error" not in result, result
    assert result["total"] == "0.00" and result["currency"] == "SAR"
    assert result["deportation"] is False


@FAST
@given(st.integers(3, 36500), st.sampled_from(["", "1", "2"]), sa_on)
def test_sa_fine_is_flat_from_day_three(n: int, offence: str, on: str) -> None:
    params = {"days-late": str(n), "on": on}
    if offence:
        params["offence"] = offence
    result = estimate("sa-fine", params, "en")
    assert result["total"] == ("1000.00" if offence == "2" else "500.00")


# ---- any input at all ---------------------------------------------------------------------------

KNOWN = ["category", "expired", "days-late", "on", "calendar", "offence", "worker", "months",
         "establishment", "dependents", "above-limit", "absher-business", "passport-valid",
         "inside-kingdom", "traffic-fines-paid", "reported-absent", "biometrics", "own-passports",
         "workers", "health-insurance", "work-permit", "state-debts-paid"]
NASTY = st.sampled_from(["", " ", "\u200f", "\u202e45", "٤٥", "۴۵", "١٬٠٠٠", "٤٥٫٥", "1e9",
                         "NaN", "-0", "+3", "0x1F", "٣١/١٢/٢٠٢٥", "2025-06-01T00:00", "<b>1</b>",
                         "'; DROP TABLE", "💥", "9" * 400, "1446-08-30", "0000-01-01", "9999-12-31",
                         "29/02/2028", "yes", "no", "نعم", "residence", "hijri"])
values = st.one_of(st.text(max_size=40), NASTY)
params = st.dictionaries(st.one_of(st.sampled_from(KNOWN), st.text(max_size=12)), values, max_size=8)
commands = st.one_of(st.sampled_from(["kw-fine", "sa-fine", "sa-renewal", "sa-ready", "kw-ready"]),
                     st.text(max_size=12))


def assert_well_formed(result: object) -> None:
    assert isinstance(result, dict)
    json.dumps(result, ensure_ascii=False)  # serialisable, as the CLI and the worker need
    if "error" in result:
        error = result["error"]
        assert {"code", "field", "message"} <= set(error), error
        assert isinstance(error["code"], str) and error["code"]
        assert error["field"] is None or isinstance(error["field"], str)
        assert isinstance(error["message"], str) and error["message"].strip()
        return
    total, currency = result.get("total"), result.get("currency")
    if total is not None:
        assert isinstance(total, str)
        assert {"KWD": KWD, "SAR": SAR}[currency].match(total), (currency, total)
    assert lines_add_up(result) == [], result
    assert contract_shape(result) == [], result


@FAST
@given(commands, params, st.sampled_from(["en", "ar"]))
def test_any_text_gives_a_result_or_an_error_never_an_exception(command: str, given_params: dict,
                                                               lang: str) -> None:
    assert_well_formed(estimate(command, given_params, lang))


@FAST
@given(st.sampled_from(["kw-fine", "sa-fine"]), categories,
       st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)),
       st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)), st.sampled_from(["en", "ar"]))
def test_any_pair_of_dates_is_handled(command: str, category: str, expired: dt.date, on: dt.date,
                                      lang: str) -> None:
    p = {"expired": expired.isoformat(), "on": on.isoformat()}
    if command == "kw-fine":
        p["category"] = category
    assert_well_formed(estimate(command, p, lang))


@FAST
@given(st.sampled_from(["private", "domestic"]), st.sampled_from(["3", "6", "9", "12", "24"]),
       st.sampled_from(["expat-majority", "saudi-majority", "equal", "industrial", ""]),
       st.integers(0, 30), st.sampled_from(["yes", "no", ""]), st.sampled_from(["yes", "no", ""]),
       st.dates(dt.date(2022, 1, 1), dt.date(2070, 12, 31)))
def test_any_renewal_is_well_formed(worker, months, establishment, deps, above, absher, on) -> None:
    p = {"worker": worker, "months": months, "dependents": str(deps), "on": on.isoformat()}
    if worker == "private":
        p["establishment"] = establishment
        p["absher-business"] = absher
    else:
        p["above-limit"] = above
    result = estimate("sa-renewal", p, "en")
    assert_well_formed(result)
    if "error" not in result:
        assert result["currency"] == "SAR" and Decimal(result["total"]) >= 0


# ---- the lines always add up to the total ---------------------------------------------------------

any_day = st.dates(dt.date(2019, 1, 1), dt.date(2077, 11, 16))
yes_no = st.sampled_from(["yes", "no", "", "نعم", "لا"])
DAY_INPUT = st.one_of(st.integers(0, 36500).map(lambda n: {"days-late": str(n)}),
                      any_day.map(lambda d: {"expired": d.isoformat()}))
REQUESTS = {
    "kw-fine": st.fixed_dictionaries({"category": categories, "on": any_day.map(dt.date.isoformat)}),
    "sa-fine": st.fixed_dictionaries({"offence": st.integers(1, 99).map(str),
                                      "on": any_day.map(dt.date.isoformat)}),
    "sa-renewal": st.fixed_dictionaries({
        "worker": st.sampled_from(["private", "domestic"]),
        "months": st.sampled_from(["3", "6", "9", "12", "24"]),
        "establishment": st.sampled_from(["expat-majority", "saudi-majority", "equal", "industrial", ""]),
        "dependents": st.integers(0, 30).map(str), "above-limit": yes_no, "absher-business": yes_no,
        "on": any_day.map(dt.date.isoformat)}),
    "sa-ready": st.fixed_dictionaries({name: yes_no for name in (
        "passport-valid", "inside-kingdom", "traffic-fines-paid", "reported-absent", "biometrics",
        "own-passports")}),
}


@st.composite
def requests(draw: st.DrawFn) -> tuple[str, dict[str, str]]:
    command = draw(st.sampled_from(sorted(REQUESTS)))
    params = draw(REQUESTS[command])
    if command in ("kw-fine", "sa-fine"):
        params.update(draw(DAY_INPUT))
    return command, params


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(requests(), st.sampled_from(["en", "ar"]))
def test_the_lines_add_up_to_the_total_for_every_command(request: tuple[str, dict[str, str]],
                                                       lang: str) -> None:
    """Issue 16: every result's lines add up exactly to its total (a result without a total,
    deportation or sa-ready, has no lines), whatever the command and its inputs."""
    command, params = request
    result = estimate(command, params, lang)
    if "error" in result:
        return
    assert lines_add_up(result) == [], (command, params, result["lines"], result["total"])
    if result["total"] is not None and Decimal(result["total"]) > 0:
        assert result["lines"], (command, params)
