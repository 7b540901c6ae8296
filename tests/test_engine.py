"""The engine's pieces on their own: digits, dates, schedules, money, rule lookup by date."""
import datetime as dt
from decimal import Decimal

import pytest
from hijridate import Hijri

from calculator.engine.dates import add_hijri_months, add_months, both, read_date, to_hijri
from calculator.engine.digits import normalise
from calculator.engine.errors import CalcError
from calculator.engine.money import as_string, money
from calculator.engine.numbers import parse_whole
from calculator.engine.rules import load_rulebook
from calculator.engine.schedules import cap_reached_on, daily_tiered, ladder_step, prorate


def ascii_id(value: object) -> str:
    """Test ids in ASCII (U0664 for ٤): pytest escapes other characters, and a tool that re-runs
    one test by its id (mutmut) must find it."""
    return "".join(c if c.isascii() and c.isprintable() else f"U{ord(c):04X}" for c in str(value))


def test_eastern_arabic_and_persian_digits_and_separators_are_normalised():
    assert normalise("١٢٣٤٥٦٧٨٩٠") == "1234567890"
    assert normalise("۱۲۳۴۵۶۷۸۹۰") == "1234567890"
    assert normalise("\u200f١٬٢٠٠٫٥\u200e ") == "1,200.5"


@pytest.mark.parametrize(("typed", "expected"), [
    ("45", 45), ("٤٥", 45), ("1,200", 1200), ("١٬٢٠٠", 1200), ("45.0", 45), (" 7 ", 7),
], ids=ascii_id)
def test_whole_numbers_typed_in_any_digits(typed, expected):
    assert parse_whole(typed, "days-late", 36500) == expected


@pytest.mark.parametrize(("typed", "code"), [
    ("-1", "negative"), ("4.5", "not_whole"), ("abc", "not_a_number"), ("99999999", "too_large"),
    ("1e3", "not_a_number"), ("٤٥ يوم", "not_a_number"),
], ids=ascii_id)
def test_bad_numbers_are_typed_errors(typed, code):
    with pytest.raises(CalcError) as caught:
        parse_whole(typed, "days-late", 36500)
    assert caught.value.code == code and caught.value.field == "days-late"


def test_dates_in_both_orders_and_calendars():
    assert read_date("2025-06-01", "expired", "gregorian")[0] == dt.date(2025, 6, 1)
    assert read_date("01/06/2025", "expired", "gregorian")[0] == dt.date(2025, 6, 1)
    assert read_date("١٤٤٦/١٢/٠٥", "expired", "hijri")[0] == dt.date(2025, 6, 1)
    assert to_hijri(dt.date(2025, 6, 1)) == "1446-12-05"


@pytest.mark.parametrize(("typed", "calendar", "code"), [
    ("2025-02-29", "gregorian", "invalid_date"), ("31/02/2025", "gregorian", "invalid_date"),
    ("1446-01-30", "hijri", "invalid_date"),  # Muharram 1446 has 29 days (Umm al-Qura)
    ("1200-01-01", "hijri", "date_out_of_range"),  # D10: a year in neither calendar's range
    ("1342-12-29", None, "hijri_out_of_range"),  # a Hijri year, before the Umm al-Qura table
    ("1700-05-01", None, "date_out_of_range"), ("2200-01-01", None, "date_out_of_range"),
    ("1900-01-01", "gregorian", "date_out_of_range"),
    ("tomorrow", "gregorian", "invalid_date"),
])
def test_impossible_or_unsupported_dates_are_refused(typed, calendar, code):
    with pytest.raises(CalcError) as caught:
        read_date(typed, "expired", calendar)
    assert (caught.value.code, caught.value.field) == (code, "expired")


def test_a_worked_out_date_beyond_the_hijri_table_has_no_hijri_echo():
    # The Umm al-Qura table ends on 1500-12-30 AH = 2077-11-16; a first fined day three days
    # after an expiry on 2077-11-14 is 2077-11-17 (issue 16: this raised OverflowError).
    assert both(dt.date(2077, 11, 16)) == {"gregorian": "2077-11-16", "hijri": "1500-12-30"}
    assert both(dt.date(2077, 11, 17)) == {"gregorian": "2077-11-17", "hijri": None}
    assert both(dt.date(1924, 8, 1)) == {"gregorian": "1924-08-01", "hijri": "1343-01-01"}
    assert both(dt.date(1924, 7, 31)) == {"gregorian": "1924-07-31", "hijri": None}


def test_a_calendar_other_than_the_two_is_a_programming_error():
    with pytest.raises(ValueError, match="calendar"):
        read_date("2025-06-01", "expired", "GREGORIAN")


@pytest.mark.parametrize(("typed", "stated", "day", "read_as"), [
    ("1447/05/01", None, dt.date(2025, 10, 23), "hijri"),
    ("1447/05/01", "gregorian", dt.date(2025, 10, 23), "hijri"),  # the year wins (D10)
    ("2025-10-30", "hijri", dt.date(2025, 10, 30), "gregorian"),
    ("30/10/2025", None, dt.date(2025, 10, 30), "gregorian"),
    ("1599-01-01", None, None, "hijri"), ("1800-01-01", None, None, "gregorian"),
])
def test_each_date_is_read_in_the_calendar_its_year_says(typed, stated, day, read_as):
    if day is None:  # the edges of D10's ranges: recognised, then refused by the table
        with pytest.raises(CalcError) as caught:
            read_date(typed, "expired", stated)
        assert caught.value.code == ("hijri_out_of_range" if read_as == "hijri" else "date_out_of_range")
        return
    assert read_date(typed, "expired", stated) == (day, read_as)


def test_adding_hijri_months_clamps_to_the_hijri_month_length():
    # 1447-09-14 (2026-03-03) + 12 Umm al-Qura months = 1448-09-14 = 2027-02-21
    assert add_hijri_months(dt.date(2026, 3, 3), 12) == dt.date(2027, 2, 21)
    # 30 Ramadan 1447 + 1 month: Shawwal 1447 has 29 days in the table -> 29 Shawwal
    assert Hijri(1447, 10, 1).month_length() == 29
    day = add_hijri_months(dt.date(*Hijri(1447, 9, 30).to_gregorian().datetuple()), 1)
    assert to_hijri(day) == "1447-10-29"
    assert add_hijri_months(dt.date(2026, 6, 1), -6) == dt.date(2025, 12, 6)


def test_adding_months_clamps_to_the_end_of_the_month():
    assert add_months(dt.date(2024, 10, 31), 4) == dt.date(2025, 2, 28)
    assert add_months(dt.date(2023, 10, 29), 4) == dt.date(2024, 2, 29)


TIERS = {"tiers": [{"from_day": 1, "to_day": 30, "rate": "2"}, {"from_day": 31, "rate": "4"}], "cap": "1200"}


@pytest.mark.parametrize(("days", "total"), [(1, "2"), (30, "60"), (31, "64"), (314, "1196"), (315, "1200"), (316, "1200")])
def test_two_tier_schedule_with_cap(days, total):
    assert daily_tiered(days, TIERS, "KWD").total == Decimal(total)


def test_cap_day_is_derived_from_the_rule():
    assert cap_reached_on(TIERS) == 315
    assert cap_reached_on({"tiers": [{"from_day": 1, "rate": "10"}], "cap": "2000"}) == 200


def _flat(rate: str, cap: str) -> dict:
    return {"tiers": [{"from_day": 1, "rate": rate}], "cap": cap}


def _two(first_rate: str, to_day: int, rate: str, cap: str) -> dict:
    return {"tiers": [{"from_day": 1, "to_day": to_day, "rate": first_rate},
                      {"from_day": to_day + 1, "rate": rate}], "cap": cap}


# Caps that a day's rate does not divide: the cap is reached on the first day whose running
# total is at least the cap, i.e. ceil(remaining / rate), never the day before (issue 16: the old
# code's "-(-a // b)" on Decimals truncated, so 1,000 at 3 a day answered 333, where 999 < 1,000).
@pytest.mark.parametrize(("data", "day"), [
    (_flat("3", "1000"), 334),                      # one flat tier: 333 x 3 = 999, 334 x 3 = 1,002
    (_flat("0.7", "10"), 15),                       # fractional rate: 14 x 0.7 = 9.8, 15 x 0.7 = 10.5
    (_two("2", 30, "3", "100"), 44),                # cap in the open tier: 60 + 13 x 3 = 99, + 14 x 3 = 102
    (_two("3", 30, "4", "50"), 17),                 # cap inside the bounded first tier: 16 x 3 = 48
    (_two("2", 30, "4", "61"), 31),                 # one unit past the first tier: day 31 (64 >= 61)
    (_two("2", 30, "4", "60"), 30),                 # exactly at the end of the first tier
    (_flat("2", "600"), 300),                       # an exact division is unchanged
])
def test_cap_day_on_caps_that_do_not_divide_evenly(data, day):
    assert cap_reached_on(data) == day
    # The day agrees with the schedule itself: the total first equals the cap on that day.
    assert daily_tiered(day, data, "KWD").total == Decimal(data["cap"])
    assert daily_tiered(day - 1, data, "KWD").total < Decimal(data["cap"])
    assert daily_tiered(day, data, "KWD").cap_day == day


def test_cap_day_when_rounding_to_the_minor_unit_decides_it():
    # 0.0015 KWD a day: the line for n days is rounded once (D6, ROUND_HALF_UP to the fils), so
    # 3 days make 0.0045 -> 0.005 = the cap, although 3 x 0.0015 < 0.005 exactly.
    data = _flat("0.0015", "0.005")
    assert daily_tiered(3, data, "KWD").total == Decimal("0.005")
    assert daily_tiered(2, data, "KWD").total < Decimal("0.005")
    assert cap_reached_on(data, "KWD") == 3
    # The other way: exactly, day 2 reaches 0.0028 (2 x 0.0014); rounded, the two lines are
    # 0.001 + 0.001 = 0.002, and only day 3 (0.001 + 0.003) reaches the cap.
    data = {"tiers": [{"from_day": 1, "to_day": 1, "rate": "0.0014"},
                      {"from_day": 2, "rate": "0.0014"}], "cap": "0.0028"}
    assert cap_reached_on(data) == 2
    assert daily_tiered(2, data, "KWD").subtotal < Decimal("0.0028") <= daily_tiered(3, data, "KWD").subtotal
    assert cap_reached_on(data, "KWD") == 3


def test_a_cap_that_is_never_reached_has_no_cap_day():
    assert cap_reached_on({"tiers": [{"from_day": 1, "to_day": 10, "rate": "1"}], "cap": "50"}) is None
    assert cap_reached_on({"tiers": [{"from_day": 1, "rate": "0"}], "cap": "50"}) is None
    assert daily_tiered(365, {"tiers": [{"from_day": 1, "to_day": 10, "rate": "1"}], "cap": "50"},
                        "KWD").cap_day is None
    # Exactly, one day of 0.0004 reaches a cap of 0.0004; its line rounds to 0.000 KWD, and no
    # later day adds anything: the cap is never reached.
    assert cap_reached_on({"tiers": [{"from_day": 1, "to_day": 1, "rate": "0.0004"}],
                           "cap": "0.0004"}, "KWD") is None


def test_ladder_and_prorating():
    steps = [{"offence": 1, "amount": "500"}, {"offence": 2, "amount": "1000"}, {"offence": 3, "deportation": True}]
    assert ladder_step(1, steps)["amount"] == "500"
    assert ladder_step(7, steps)["deportation"] is True
    assert prorate(Decimal(650), 3, "SAR") == Decimal("162.50")
    assert money("0.0005", "KWD") == Decimal("0.001")


@pytest.mark.parametrize(("amount", "currency", "expected"), [
    # D6: KWD to the fils (3 decimals), SAR to the halala (2); ROUND_HALF_UP, once per line.
    ("0.0005", "KWD", "0.001"), ("0.0004999", "KWD", "0.000"), ("1.0015", "KWD", "1.002"),
    ("1200.0004", "KWD", "1200.000"),
    ("0.005", "SAR", "0.01"), ("0.0049", "SAR", "0.00"), ("162.495", "SAR", "162.50"),
    ("2.675", "SAR", "2.68"),       # a float would make this 2.67 (2.675 is 2.67499... in binary)
    ("487.4949", "SAR", "487.49"), ("-0.005", "SAR", "-0.01"), ("7", "SAR", "7.00"),
])
def test_money_rounds_half_up_to_the_minor_unit(amount, currency, expected):
    assert str(money(amount, currency)) == expected
    assert as_string(Decimal(amount), currency) == expected


@pytest.mark.parametrize(("annual", "months", "expected"), [
    ("650", 3, "162.50"), ("650", 9, "487.50"), ("100", 3, "25.00"), ("9600", 3, "2400.00"),  # D8
    ("100.01", 3, "25.00"),    # 25.0025: rounds down to the halala
    ("100.02", 3, "25.01"),    # 25.005: half rounds up
    ("10", 1, "0.83"),         # 0.8333...: rounds down
    ("11", 1, "0.92"),         # 0.91666...: rounds up
])
def test_prorating_rounds_each_amount_to_the_halala(annual, months, expected):
    assert str(prorate(Decimal(annual), months, "SAR")) == expected


def test_a_date_before_the_first_known_value_is_refused_not_zero():
    rule = load_rulebook().rule("kw.residence")
    with pytest.raises(CalcError) as caught:
        rule.value_on(dt.date(2000, 1, 1))
    assert caught.value.code == "no_rule"
    assert rule.value_on(dt.date(2025, 1, 4)).data["cap"] == "600"
    assert rule.value_on(dt.date(2025, 1, 5)).data["cap"] == "1200"


def test_rule_files_parsed_at_build_time_stand_in_only_for_the_same_bytes(tmp_path, monkeypatch):
    """calculator.engine.rules._parse: the browser bundle's pre-parsed rules (keyed by the
    file's bytes) answer for a file with exactly those bytes; any other file is parsed."""
    from calculator.engine import rules

    rule = tmp_path / "r.toml"
    rule.write_text('id = "a"\n', encoding="utf-8")
    stand_in = {"id": "from the bundle"}
    monkeypatch.setattr(rules, "_PARSED", {rule.read_bytes(): stand_in})
    assert rules._parse(rule) is stand_in
    rule.write_text('id = "b"\n', encoding="utf-8")  # changed after the bundle was built
    assert rules._parse(rule) == {"id": "b"}
    monkeypatch.setattr(rules, "_PARSED", {})
    assert rules._parse(rule) == {"id": "b"}


@pytest.mark.parametrize(("command", "params"), [
    ("kw-fine", {"category": "residence", "days-late": "45"}),
    ("sa-fine", {"days-late": "45"}),
    ("sa-renewal", {"months": "12"}),
])
def test_without_a_date_of_estimate_today_is_used_and_said(command, params):
    """CONTRACT.md: `on` defaults to today; the result says which day it assumed."""
    from calculator import estimate

    today = dt.date(2026, 1, 15)
    result = estimate(command, params, "en", today=today)
    assert result["dates"]["on"] == {"gregorian": "2026-01-15", "hijri": to_hijri(today),
                                     "gregorian_text": "\u206815\u00a0January\u00a02026\u2069",
                                     "hijri_text": "\u206826\u00a0Rajab\u00a01447\u00a0AH\u2069"}
    today_notes = [a for a in result["assumptions"] if a["code"] == "today"]
    assert len(today_notes) == 1 and result["dates"]["on"]["gregorian_text"] in today_notes[0]["text"]
    given = estimate(command, {**params, "on": "2026-01-15"}, "en", today=dt.date(2030, 1, 1))
    assert "today" not in [a["code"] for a in given["assumptions"]]
    assert given["total"] == result["total"]


def test_sa_ready_without_a_date_uses_today_s_checklist():
    from calculator import estimate

    before = estimate("sa-ready", {"biometrics": "yes"}, "en", today=dt.date(2023, 2, 28))
    assert before["error"]["code"] == "no_rule" and before["error"]["field"] == "on"
    after = estimate("sa-ready", {"biometrics": "yes"}, "en", today=dt.date(2023, 3, 1))
    assert after["status"] == "incomplete"


@pytest.mark.parametrize(("start", "months", "expected"), [
    ("2025-03-31", 1, "2025-04-30"), ("2025-08-31", 1, "2025-09-30"), ("2024-12-31", 2, "2025-02-28"),
    ("2023-12-31", 2, "2024-02-29"), ("2025-01-15", 4, "2025-05-15"), ("2025-10-31", 2, "2025-12-31"),
    ("2025-11-30", 1, "2025-12-30"), ("2025-12-31", 1, "2026-01-31"), ("2025-09-30", 4, "2026-01-30"),
    ("2025-05-31", 0, "2025-05-31"), ("2025-06-30", 24, "2027-06-30"),
])
def test_adding_months_for_every_month_length(start, months, expected):
    """The newborn deadline (birth date + the rule's window in months, clamped to the month's end)."""
    assert add_months(dt.date.fromisoformat(start), months) == dt.date.fromisoformat(expected)


def test_month_names_longer_first_and_whole_words_only():
    from calculator.engine import months

    table = months._table({1: ("jan", "january"), 3: ("mar", "march")})
    assert [m for _, m in table] == [1, 3, 1, 3]  # "january", "march", then "jan", "mar"
    assert table[0][0].search("1 january 2025") and not table[0][0].search("1 januaryx")
    assert table[2][0].search("1 jan. 2025") and not table[2][0].search("1 janx 2025")
    assert months.fold("جُمادى الأولى") == "جمادي الاولي"
    assert months.fold("  Rabi   al-Awwal ") == "rabi al awwal"
    assert months.names_a_month("5 June 2025") == "gregorian"
    assert months.names_a_month("٥ رمضان ١٤٤٦") == "hijri"
    assert months.names_a_month("5 2025") is None
    assert months.split_month("1 march 2025", "gregorian") == (3, "1   2025")
    assert months.split_month("1 march 2025", "hijri") is None


def test_an_offence_before_the_first_step_gets_the_first_step():
    steps = [{"offence": 2, "amount": "1000"}, {"offence": 3, "deportation": True}]
    assert ladder_step(1, steps) == {"offence": 2, "amount": "1000"}
    assert ladder_step(2, list(reversed(steps))) == {"offence": 2, "amount": "1000"}


def test_industrial_without_an_exemption_in_force_pays_the_higher_levy(tmp_path):
    """saudi._levy: a licensed industrial establishment whose renewal period has no day under an
    exemption pays as an expat-majority establishment, and the result says so (rule copy with
    both exemption values, waived and cancelled, moved after the period; decision D15)."""
    import shutil

    from calculator import estimate
    from calculator.engine.rules import RULES_DIR

    rules = tmp_path / "rules"
    shutil.copytree(RULES_DIR, rules)
    exemption = rules / "sa" / "industrial_levy_exemption.toml"
    text = exemption.read_text(encoding="utf-8")
    assert "effective = 2019-10-01" in text and "effective = 2025-12-17" in text
    text = text.replace("effective = 2019-10-01", "effective = 2027-06-01")
    exemption.write_text(text.replace("effective = 2025-12-17", "effective = 2027-07-01"), encoding="utf-8")
    params = {"months": "12", "establishment": "industrial", "on": "2026-01-15"}
    result = estimate("sa-renewal", params, "en", rules_dir=str(rules))
    assert result["total"] == "10350.00"  # 650 + 100 + 800 x 12 [zawya_2021_12_09]
    codes = [a["code"] for a in result["assumptions"]]
    assert "sa.exemption_not_in_force" in codes and "sa.exempt_rate" in codes
    assert [r["id"] for r in result["rules"]] == ["sa.renewal_periods", "sa.who_pays", "sa.iqama_fee",
                                                  "sa.work_permit_fee", "sa.expat_levy"]
    # with the real rules the same renewal has no levy (waived since 2019-10-01)
    assert estimate("sa-renewal", params, "en")["total"] == "750.00"


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_a_capped_breakdown_has_no_negative_line_and_adds_up(lang):
    """A cap that the daily rate overshoots (KD 1,000 at KD 3 a day): the day it is reached
    counts only as far as the maximum, later days count nothing; no negative line."""
    from calculator.engine.result import Estimate
    from calculator.engine.rules import load_rulebook
    from calculator.engine.schedules import daily_tiered
    from calculator.kuwait import _lines

    data = {"tiers": [{"from_day": 1, "rate": "3"}], "cap": "1000"}
    est = Estimate("kw-fine", lang, load_rulebook())
    est.currency = "KWD"
    result = daily_tiered(400, data, "KWD")
    _lines(est, result, 400, data, "KWD")
    assert [(line["code"], line["amount"]) for line in est.lines] == [
        ("kw.days_1_334", "1000.000"), ("kw.days_335_400", "0.000")]
    assert all(not line["amount"].startswith("-") for line in est.lines)
    assert "1,002.000" in est.lines[0]["text"]  # says what the days would cost, and what counts


@pytest.mark.parametrize(("worker", "group"), [("private", "worker"), ("domestic", "domestic")])
def test_a_renewal_cites_the_periods_of_its_own_group(worker, group):
    """sa-renewal's rules[] gives the renewal periods of the reader's group only (kinds.describe
    with `which`), in both languages."""
    from calculator import estimate
    from calculator.engine.kinds import describe

    book = load_rulebook()
    rule = book.rule("sa.renewal_periods")
    value = rule.value_on(dt.date(2026, 1, 15))
    for lang in ("en", "ar"):
        result = estimate("sa-renewal", {"worker": worker, "months": "12", "on": "2026-01-15"}, lang)
        cited = next(r for r in result["rules"] if r["id"] == "sa.renewal_periods")
        other = "domestic" if group == "worker" else "worker"
        assert all(phrase in cited["value"] for phrase in describe(rule, value, lang, which=group))
        assert not any(phrase in cited["value"] for phrase in describe(rule, value, lang, which=other))


def test_hijri_parts_on_the_edges_of_the_table():
    from calculator.engine.dates import HIGH, LOW, hijri_parts

    assert hijri_parts(LOW) == (1343, 1, 1)
    assert hijri_parts(HIGH) == (1500, 12, 30)
    assert hijri_parts(LOW - dt.timedelta(days=1)) is None
    assert hijri_parts(HIGH + dt.timedelta(days=1)) is None


def test_dates_in_sentences_follow_the_calendar_of_the_request():
    from calculator import estimate

    params = {"category": "residence", "days-late": "45"}
    for calendar, year, other in (("hijri", "1446", "2025"), ("gregorian", "2025", "1446")):
        result = estimate("kw-fine", {**params, "calendar": calendar}, "en", today=dt.date(2025, 6, 1))
        said = next(a["text"] for a in result["assumptions"] if a["code"] == "today")
        assert year in said and other not in said, said  # 2025-06-01 = 1446-12-05 (Umm al-Qura)


def test_cap_day_over_three_tiers():
    # 10 days at 1, 10 at 2, then 3 a day: 10 + 20 + 23 x 3 = 99 < 100 on day 43, 102 on day 44.
    data = {"tiers": [{"from_day": 1, "to_day": 10, "rate": "1"}, {"from_day": 11, "to_day": 20, "rate": "2"},
                      {"from_day": 21, "rate": "3"}], "cap": "100"}
    assert cap_reached_on(data) == 44 and cap_reached_on(data, "KWD") == 44
    assert daily_tiered(43, data, "KWD").subtotal == Decimal("99.000")


def test_a_blocker_reads_differently_from_a_condition_met():
    from calculator import estimate

    def text_of(answer):
        result = estimate("sa-ready", {"biometrics": answer, "on": "2026-01-15"}, "en")
        return next(c["text"] for c in result["checks"] if c["code"] == "biometrics")
    assert text_of("no") != text_of("yes")
    assert text_of("") == text_of("yes")  # not answered yet: the condition as stated


def test_a_single_worker_s_line_is_not_multiplied():
    """sa-renewal --workers N: per-worker lines say "× N"; one worker's lines are the plain lines."""
    from calculator import estimate

    def iqama_line(workers):
        params = {"months": "12", "on": "2026-01-15", **({"workers": workers} if workers else {})}
        result = estimate("sa-renewal", params, "en")
        return next(line for line in result["lines"] if line["code"] == "sa.iqama_fee")
    one, two = iqama_line(None), iqama_line("2")
    assert (one["amount"], two["amount"]) == ("650.00", "1300.00")
    assert one["text"] in two["text"] and one["text"] != two["text"]
    assert iqama_line("1")["text"] == one["text"]


# ---- branches today's rules cannot tell apart, checked on a changed copy of the rules ------------
#
# Some code paths give the same answer with today's figures (Kuwait's renewal window is 2 months
# for a worker and for a domestic worker; every Saudi offence after the second is deportation;
# every Kuwait check but one is high confidence). A copy of the rules with one figure changed
# shows each path does what its rule says, so the next rule change cannot silently go wrong.

def _changed_rules(tmp_path, file: str, old: str, new: str) -> str:
    import shutil

    from calculator.engine.rules import RULES_DIR

    rules = tmp_path / "rules"
    shutil.copytree(RULES_DIR, rules)
    path = rules / file
    body = path.read_text(encoding="utf-8")
    assert old in body, f"{file} no longer holds {old!r}: update this test"
    path.write_text(body.replace(old, new), encoding="utf-8")
    return str(rules)


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_kw_a_domestic_workers_renewal_opens_by_the_domestic_window(tmp_path, lang):
    """kw.renewal_window (D13) gives each worker type its own months: with a copy where a domestic
    worker's window is 3 months, a domestic residence expiring 2027-01-01 opens on 2026-10-01
    (a worker's: 2026-11-01), and the cited rule reads the domestic figure."""
    from calculator import estimate

    rules = _changed_rules(tmp_path, "kw/renewal_window.toml", "domestic = 2 }", "domestic = 3 }")
    on = "2026-09-15"
    domestic = estimate("kw-fine", {"category": "domestic", "expired": "2027-01-01", "on": on}, lang,
                        rules_dir=rules)
    worker = estimate("kw-fine", {"category": "residence", "expired": "2027-01-01", "on": on}, lang,
                      rules_dir=rules)
    assert domestic["dates"]["renewal_opens"]["gregorian"] == "2026-10-01"
    assert worker["dates"]["renewal_opens"]["gregorian"] == "2026-11-01"
    months = {"en": "3 months", "ar": "3 أشهر"}[lang]
    said = {r["id"]: r["value"] for r in domestic["rules"]}["kw.renewal_window"]
    assert months in said, said
    assert months not in {r["id"]: r["value"] for r in worker["rules"]}["kw.renewal_window"]


@pytest.mark.parametrize(("on", "step"), [("2026-10-31", "kw.window"), ("2026-11-01", "kw.window_open"),
                                          ("2026-11-02", "kw.window_open")])
def test_kw_renewal_is_open_from_the_day_it_opens(on, step):
    """D13: a residence expiring 2027-01-01 can be renewed from 2026-11-01 (2 months or less
    left, kw.renewal_window), that day included."""
    from calculator import estimate

    result = estimate("kw-fine", {"category": "residence", "expired": "2027-01-01", "on": on}, "en")
    assert result["dates"]["renewal_opens"]["gregorian"] == "2026-11-01"
    assert step in [s["code"] for s in result["next_steps"]]


@pytest.mark.parametrize(("on", "now", "step"), [("2025-11-14", False, "sa.renewable_later"),
                                                 ("2025-11-15", True, "sa.renewable_now")])
def test_sa_renewal_is_open_from_the_first_day_of_the_window(on, now, step):
    """sa.renewal_window (D13, saudiexpatriates_2020_08_19): a domestic worker's iqama can be
    renewed once fewer than 14 Umm al-Qura months remain; expiring 2027-01-01 (1448-07-23 AH),
    that is from 2025-11-15 (1447-05-24 AH), that day included. Still valid: 0 days late, and the
    cited rule reads the domestic figure, not the worker's 6 months."""
    from calculator import estimate

    params = {"worker": "domestic", "months": "12", "expired": "2027-01-01", "on": on}
    for lang, months in (("en", "14 months"), ("ar", "14 شهرًا")):
        result = estimate("sa-renewal", params, lang)
        assert result["renewable_now"] is now and result["renewable_from"] == "2025-11-15"
        assert result["dates"]["renewable_from"]["gregorian"] == "2025-11-15"
        assert result["days_late"] == 0
        assert step in [s["code"] for s in result["next_steps"]]
        said = {r["id"]: r["value"] for r in result["rules"]}["sa.renewal_window"]
        assert months in said, said


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_sa_a_later_offence_that_is_fined_reads_third_or_later(tmp_path, lang):
    """The ladder's last step applies to every later offence (D3): with a copy where the third
    offence is fined SAR 1,500 instead of deportation, a fourth offence is fined SAR 1,500 and its
    line calls it the 'third or later offence'."""
    from calculator import estimate, text

    rules = _changed_rules(tmp_path, "sa/late_renewal_fine.toml", "{ offence = 3, deportation = true }",
                           '{ offence = 3, amount = "1500" }')
    result = estimate("sa-fine", {"days-late": "10", "offence": "4", "on": "2026-01-15"}, lang,
                      rules_dir=rules)
    assert result["status"] == "fined" and result["total"] == "1500.00"
    assert [line["code"] for line in result["lines"]] == ["sa.offence_3"]
    assert text.say(lang, "offence.3") in result["lines"][0]["text"]


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_sa_levy_line_counts_exempt_and_charged_days(lang):
    """A small establishment's exempt worker (okaz_2231502) renewed for a year from 1447-09-14
    (2026-03-03): the period is 2026-03-04 .. 2027-02-21; exempt up to 2027-01-21 = 324 days,
    charged 2027-01-22 .. 2027-02-21 = 31 days. The line says both counts."""
    from calculator import estimate, text

    params = {"months": "12", "establishment": "small-exempt", "expired": "1447-09-14", "on": "2026-02-01"}
    result = estimate("sa-renewal", params, lang)
    levy = [line for line in result["lines"] if line["code"] == "sa.expat_levy"]
    assert len(levy) == 1 and levy[0]["amount"] == "826.67"
    assert text.count(lang, "days", 324) in levy[0]["text"]
    assert text.count(lang, "days", 31) in levy[0]["text"]


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_each_check_keeps_its_own_confidence_and_the_warning_follows_them(tmp_path, lang):
    """kw.renewal_conditions: each check carries its own confidence (the passport's validity rests
    on medium-confidence sources); any check under "high" adds the checks_confidence warning,
    and with every check high (a copy of the rules) there is none."""
    from calculator import estimate

    result = estimate("kw-ready", {"on": "2026-01-15"}, lang)
    assert {c["code"]: c["confidence"] for c in result["checks"]} == {
        "state-debts-paid": "high", "health-insurance": "high", "passport-valid": "medium"}
    assert "checks_confidence" in [w["code"] for w in result["warnings"]]
    rules = _changed_rules(tmp_path, "kw/renewal_conditions.toml", 'valid_months = 12, confidence = "medium"',
                           'valid_months = 12, confidence = "high"')
    sure = estimate("kw-ready", {"on": "2026-01-15"}, lang, rules_dir=rules)
    assert {c["confidence"] for c in sure["checks"]} == {"high"}
    assert "checks_confidence" not in [w["code"] for w in sure["warnings"]]


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_a_check_reads_as_asked_or_as_the_fact_that_blocks(lang):
    """kw-ready's passport check (valid_months = 12 in the rule, counted in the reader's
    language): unanswered or answered yes, it reads as the condition; answered no, as the fact
    that blocks renewal, with a fix."""
    from calculator import estimate, text

    months = text.count(lang, "months", 12)
    asked = text.say(lang, "check.kw.passport-valid", valid_months=months)
    blocks = text.say(lang, "check_no.kw.passport-valid", valid_months=months)
    assert asked != blocks
    for answer, expected in (("", asked), ("yes", asked), ("no", blocks)):
        result = estimate("kw-ready", {"passport-valid": answer, "on": "2026-01-15"}, lang)
        check = {c["code"]: c for c in result["checks"]}["passport-valid"]
        assert check["text"] == expected
        assert (check["fix"] is None) is (answer != "no")


def test_a_valid_residence_offers_a_reminder_with_the_expiry_written():
    """kw-fine / sa-fine with a residence still valid: the reminder's expiry, and the same date in
    words for the page's button (CONTRACT `reminder`, `reminder_text`)."""
    from calculator import estimate, text

    for command, params in (("kw-fine", {"category": "residence"}), ("sa-fine", {})):
        for lang in ("ar", "en"):
            result = estimate(command, {**params, "expired": "2027-01-01", "on": "2026-07-05"}, lang)
            assert result["reminder"]["expires"] == "2027-01-01"
            assert result["reminder_text"] == text.date_text(lang, dt.date(2027, 1, 1))


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_renewal_window_in_words_says_fewer_than_or_at_most(lang):
    """renewal_window: "less_than" (Saudi: fewer than 6 months left) and "at_most" (Kuwait: 2
    months or less) are different rules and read differently."""
    from calculator import text
    from calculator.engine.kinds import describe
    from test_rules_loader import _rule_of

    def words(remaining):
        rule, value = _rule_of("renewal_window", {"months_before": {"private": 6, "domestic": 14},
                                                  "remaining": remaining, "calendar": "hijri"}, "months")
        return describe(rule, value, lang)

    months = text.count(lang, "months", 6)
    assert words("less_than") == [text.say(lang, "rule.window", months=months)]
    assert words("at_most") == [text.say(lang, "rule.window_at_most", months=months)]


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_a_kw_renewals_cited_fees_read_the_readers_category(lang):
    """kw.residence_fee (a fee_table) cited for one category reads that category's fee, not the
    first one's nor every amount; kw.health_insurance reads the fee, or the first-three exemption
    that was applied instead (okaz_2229937)."""
    from calculator import estimate, text

    def cited(params):
        result = estimate("kw-renewal", {**params, "on": "2026-01-15"}, lang)
        return {r["id"]: r["value"] for r in result["rules"]}

    kd = lambda amount: text.say(lang, "rule.annual", amount=text.money_text(lang, amount, "KWD"))  # noqa: E731
    family = cited({"residence": "family", "relation": "other"})
    assert family["kw.residence_fee"].endswith(kd("300")) and kd("20") not in family["kw.residence_fee"]
    assert family["kw.health_insurance"] == kd("100")
    expat = cited({"residence": "domestic", "sponsor": "expat"})
    assert expat["kw.residence_fee"].endswith(kd("50"))
    first_three = cited({"residence": "domestic", "sponsor": "kuwaiti", "first-three": "yes"})
    assert first_three["kw.residence_fee"].endswith(kd("10"))
    assert first_three["kw.health_insurance"] == text.say(lang, "rule.kw.insurance_exempt", n=3)


def test_a_fee_table_without_a_category_reads_every_amount_once_in_order():
    """describe(kw.residence_fee) with no category (the Kuwait renewal page's table caption):
    each distinct yearly amount once, smallest first."""
    from calculator.engine.kinds import describe

    rule = load_rulebook().rule("kw.residence_fee")
    value = rule.values[-1]
    amounts = sorted({Decimal(item["amount"]) for item in value.data["fees"]})
    words = describe(rule, value, "en")
    assert words == [f"KD {a:,.3f} a year" for a in amounts] and len(words) >= 5


@pytest.mark.parametrize("lang", ["ar", "en"])
@pytest.mark.parametrize(("params", "key"), [
    ({"establishment": "industrial", "months": "3", "on": "2025-06-15"}, "line.sa.levy_exempt.waived"),
    ({"establishment": "industrial", "months": "12", "on": "2026-01-15"}, "line.sa.levy_exempt.cancelled"),
    ({"establishment": "small-exempt", "months": "3", "on": "2026-02-01"}, "line.sa.levy_exempt.small"),
])
def test_a_levy_line_with_no_day_charged_says_why(params, key, lang):
    """No day of the period is charged: the line says which exemption applies (waived 2019-10-01
    [okaz_2228276], cancelled 2025-12-17 [aawsat_2025_12_industrial_levy], a small
    establishment's quota [okaz_2231502]), at SAR 0.00."""
    from calculator import estimate, text
    from calculator.engine.rules import load_rulebook as book

    result = estimate("sa-renewal", params, lang)
    levy = [line for line in result["lines"] if line["code"] == "sa.expat_levy"]
    label = book().rule("sa.expat_levy").label[lang]
    assert len(levy) == 1 and levy[0]["amount"] == "0.00"
    assert levy[0]["text"] == text.say(lang, key, label=label, amount=text.money_text(lang, "0", "SAR"))


def test_the_small_establishment_quota_itself_is_allowed():
    """okaz_2231502: up to 4 expatriate workers are exempt; 4 is accepted, 5 is too_large."""
    from calculator import estimate

    params = {"establishment": "small-exempt", "months": "3", "on": "2026-02-01"}
    assert estimate("sa-renewal", {**params, "workers": "4"}, "en")["total"] == "750.00"
    assert estimate("sa-renewal", {**params, "workers": "5"}, "en")["error"]["code"] == "too_large"


@pytest.mark.parametrize(("change", "levy"), [
    (("days_in_month = 30", "days_in_month = 31"), "800.00"),  # 31 days x 800 / 31
    (("days_in_month = 30\n", ""), "826.67"),  # no divisor in the rule: 30, the stated assumption
])
def test_the_levy_per_day_divides_by_the_rules_days_in_month(tmp_path, change, levy):
    """After a small establishment's exemption ends (okaz_2231502), the levy is charged per day:
    the monthly SAR 800 ÷ the rule's days_in_month (30 when the rule gives none) × 31 days."""
    from calculator import estimate

    rules = _changed_rules(tmp_path, "sa/small_establishment_levy_exemption.toml", *change)
    params = {"months": "12", "establishment": "small-exempt", "expired": "1447-09-14", "on": "2026-02-01"}
    result = estimate("sa-renewal", params, "en", rules_dir=rules)
    assert [line["amount"] for line in result["lines"] if line["code"] == "sa.expat_levy"] == [levy]


def test_cap_day_when_the_first_days_rounded_line_already_reaches_the_cap():
    """0.0015 KWD a day, cap 0.002: exactly, day 2 reaches it (0.003); rounded to the fils (D6),
    day 1's line is already 0.002, so the cap is reached on day 1."""
    data = _flat("0.0015", "0.002")
    assert cap_reached_on(data) == 2
    assert daily_tiered(1, data, "KWD").total == Decimal("0.002")
    assert cap_reached_on(data, "KWD") == 1


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_a_capped_breakdown_over_two_tiers_counts_the_second_only_up_to_the_cap(lang):
    """KD 2 a day for days 1-30 (KD 60), then KD 3 a day, capped at KD 1,000: the cap is reached on
    day 344 (60 + 314 x 3 = 1,002), so days 31-344 count KD 940, not 942; days 345-400 (56 days)
    count nothing, and the line says so."""
    from calculator import text
    from calculator.engine.result import Estimate
    from calculator.kuwait import _lines

    data = _two("2", 30, "3", "1000")
    est = Estimate("kw-fine", lang, load_rulebook())
    est.currency = "KWD"
    _lines(est, daily_tiered(400, data, "KWD"), 400, data, "KWD")
    assert [(line["code"], line["amount"]) for line in est.lines] == [
        ("kw.days_1_30", "60.000"), ("kw.days_31_344", "940.000"), ("kw.days_345_400", "0.000")]
    assert est.lines[2]["text"] == text.say(lang, "line.kw.after_cap", first=345, last=400,
                                            days=text.count(lang, "days", 56),
                                            cap=text.money_text(lang, "1000", "KWD"))


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_a_sa_renewal_splits_its_total_by_payer_in_figures_and_words(lang):
    """sa.who_pays: the employer pays the iqama fee, the work permit and the levy; the resident
    the dependants' levy (SAR 400 a month x 2 x 3 = 2,400). Totals by payer as amounts and as
    text, and the headline names both; with no dependant the resident pays nothing and the
    headline has no split."""
    from calculator import estimate, text

    base = {"months": "3", "establishment": "expat-majority", "on": "2026-01-15"}
    result = estimate("sa-renewal", {**base, "dependents": "2"}, lang)
    employer, resident = result["totals_by_payer"]["employer"], result["totals_by_payer"]["resident"]
    assert resident == "2400.00" and Decimal(employer) + Decimal(resident) == Decimal(result["total"])
    money = {k: text.money_text(lang, v, "SAR") for k, v in result["totals_by_payer"].items()}
    assert result["totals_by_payer_text"] == money
    months = text.count(lang, "months", 3)
    assert result["headline"] == (
        text.say(lang, "headline.sa.renewal", total=text.money_text(lang, result["total"], "SAR"), months=months)
        + " " + text.say(lang, "headline.sa.split", employer=money["employer"], resident=money["resident"]))
    alone = estimate("sa-renewal", base, lang)
    assert alone["totals_by_payer"]["resident"] == "0.00"
    assert alone["headline"] == text.say(lang, "headline.sa.renewal", months=months,
                                         total=text.money_text(lang, alone["total"], "SAR"))


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_a_still_valid_saudi_iqama_says_the_days_left_and_offers_its_reminder(lang):
    """sa-fine, expiry 2027-01-01 on 2026-07-05: 180 days left (written as a count, never
    negative); the reminder's options name Saudi Arabia and a worker (CONTRACT `reminder`)."""
    from calculator import estimate, text

    result = estimate("sa-fine", {"expired": "2027-01-01", "on": "2026-07-05"}, lang)
    assert result["headline"] == text.say(lang, "headline.sa.valid", days=text.count(lang, "days", 180),
                                          date=text.date_text(lang, dt.date(2027, 1, 1)))
    assert result["reminder"] == {"expires": "2027-01-01", "country": "sa", "worker": "private"}


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_a_renewal_period_that_ends_today_is_too_short(lang):
    """D11: the period runs from the old expiry; one that ends on the day of renewal leaves the
    iqama expired, so it is refused and the shortest period that reaches beyond today is named.
    Expiry 1447-01-01 AH, renewal on 1447-04-01 AH: 3 months end that very day; 6 is the shortest."""
    from calculator import estimate, text
    from calculator.engine.dates import add_hijri_months

    expired = read_date("1447-01-01", "expired")[0]
    on = add_hijri_months(expired, 3)
    params = {"months": "3", "expired": "1447-01-01", "on": on.isoformat()}
    error = estimate("sa-renewal", params, lang)["error"]
    assert (error["code"], error["field"]) == ("period_too_short", "months")
    assert text.count(lang, "months", 6) in error["message"]
    assert text.count(lang, "months", 9) not in error["message"]
    assert "error" not in estimate("sa-renewal", {**params, "months": "6"}, lang)


def test_a_saudi_renewal_on_the_expiry_day_is_not_late():
    """On the expiry day the iqama is still valid (D11): no late line, no days late."""
    from calculator import estimate

    result = estimate("sa-renewal", {"months": "12", "expired": "2026-03-01", "on": "2026-03-01"}, "en")
    assert [line["code"] for line in result["lines"]] == ["sa.iqama_fee", "sa.work_permit_fee", "sa.expat_levy"]
    assert result["days_late"] == 0 and result["renewable_now"] is True


def test_the_months_refused_name_the_periods_allowed():
    """An unknown period lists the periods sa.renewal_periods allows (3, 6, 9, 12 for a worker)."""
    from calculator import estimate

    error = estimate("sa-renewal", {"months": "5", "on": "2026-01-15"}, "en")["error"]
    assert error["code"] == "invalid_choice" and "3, 6, 9, 12" in error["message"]


@pytest.mark.parametrize(("offence", "outcome"), [("0", "too_small"), ("1", "500.00"), ("2", "1000.00")])
def test_a_late_renewals_offence_number_starts_at_one(offence, outcome):
    """sa-renewal --offence: 1 (the default) is the first offence, SAR 500; 2 the second, SAR 1,000
    [saudigazette_522258, balakuna_20373]; 0 is refused."""
    from calculator import estimate

    params = {"months": "12", "expired": "2026-01-01", "on": "2026-01-20", "offence": offence}
    result = estimate("sa-renewal", params, "en")
    if outcome == "too_small":
        assert result["error"]["code"] == "too_small" and result["error"]["field"] == "offence"
    else:
        fines = [line["amount"] for line in result["lines"] if line["code"] == "sa.late_renewal_fine"]
        assert fines == [outcome]


def test_several_workers_are_stated_as_an_assumption_only_when_there_are_several():
    from calculator import estimate

    def assumed(workers):
        result = estimate("sa-renewal", {"months": "3", "workers": workers, "on": "2026-01-15"}, "en")
        return "sa.workers" in [a["code"] for a in result["assumptions"]]

    assert not assumed("1") and assumed("2")


def test_every_next_step_of_every_case_carries_a_link():
    """Each next step says where to act: a portal's address or a page of this guide."""
    from calculator import estimate
    from casefiles import load_cases

    seen = 0
    for case in load_cases():
        for lang in ("ar", "en"):
            result = estimate(case.command, case.inputs, lang)
            for step in result.get("next_steps", []):
                seen += 1
                assert step.get("url"), (case.name, step)
    assert seen > 300


def test_adding_hijri_months_across_the_year_end():
    """add_hijri_months (Umm al-Qura, D11): 1446-11-05 AH + 2 months = 1447-01-05 AH."""
    start = read_date("1446-11-05", "expired")[0]
    assert add_hijri_months(start, 2) == read_date("1447-01-05", "expired")[0]


def test_daily_tiered_reports_the_rounded_cap_day():
    """The cap day a result reports is the one its rounded lines reach (D6): 0.0015 KWD a day,
    cap 0.005: day 3 (exactly it would be day 4)."""
    data = _flat("0.0015", "0.005")
    assert cap_reached_on(data) == 4
    assert daily_tiered(3, data, "KWD").cap_day == 3


@pytest.mark.parametrize(("data", "day"), [
    # rounded down within a bounded tier: 3 days of 0.0004 = 0.0012 -> 0.001 < the cap; day 4's
    # line (0.0016 -> 0.002) reaches it, inside the tier (days 1-5)
    ({"tiers": [{"from_day": 1, "to_day": 5, "rate": "0.0004"}], "cap": "0.0012"}, 4),
    # the same with an open tier at nothing after it: nothing grows after day 1, never reached
    ({"tiers": [{"from_day": 1, "to_day": 1, "rate": "0.0004"}, {"from_day": 2, "rate": "0"}],
      "cap": "0.0004"}, None),
])
def test_cap_day_when_rounding_down_moves_it_later_or_never(data, day):
    assert cap_reached_on(data, "KWD") == day


def test_a_whole_number_may_hold_spaces():
    """`1 000` and ` 12 ` as typed (a space as thousands separator, or around the number)."""
    assert parse_whole("1 000", "dependents", 10**6) == 1000
    assert parse_whole(" 12 ", "dependents", 100) == 12


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_kw_valid_headlines_on_the_expiry_day_and_the_day_before(lang):
    """kw-fine: on the expiry day itself the residence is valid 'until today'; a day earlier, one
    day is left (never a negative count)."""
    from calculator import estimate, text

    today = estimate("kw-fine", {"category": "residence", "expired": "2026-07-05", "on": "2026-07-05"}, lang)
    assert today["headline"] == text.say(lang, "headline.kw.today", date=text.date_text(lang, dt.date(2026, 7, 5)))
    before = estimate("kw-fine", {"category": "residence", "expired": "2026-07-06", "on": "2026-07-05"}, lang)
    assert before["headline"] == text.say(lang, "headline.kw.valid", days=text.count(lang, "days", 1),
                                          date=text.date_text(lang, dt.date(2026, 7, 6)))


def test_a_visit_assumes_its_month_and_a_residence_does_not():
    from calculator import estimate

    def assumed(category):
        result = estimate("kw-fine", {"category": category, "days-late": "10", "on": "2026-01-15"}, "en")
        return [a["code"] for a in result["assumptions"]]

    assert "kw.visit_month" in assumed("visit")
    assert "kw.visit_month" not in assumed("residence")


def test_the_first_month_is_assumed_only_before_a_later_tier():
    """apply_settlement: "the first month = 30 days" is stated for a schedule whose first tier
    ends and a later one follows; a single bounded tier states nothing of the kind."""
    from calculator.engine.result import Estimate
    from calculator.kuwait import apply_settlement
    from test_rules_loader import _rule_of

    def assumed(tiers):
        rule, value = _rule_of("daily_tiered", {"tiers": tiers}, "KWD")
        est = Estimate("kw-fine", "en", load_rulebook())
        apply_settlement(est, rule, value, 10, dt.date(2026, 1, 15))
        return [a["code"] for a in est.assumptions]

    assert "kw.first_month" in assumed([{"from_day": 1, "to_day": 30, "rate": "2"}, {"from_day": 31, "rate": "4"}])
    assert "kw.first_month" not in assumed([{"from_day": 1, "to_day": 30, "rate": "2"}])
    assert "kw.first_month" not in assumed([{"from_day": 1, "rate": "2"}])


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_a_kw_renewal_records_what_it_read(lang):
    """kw-renewal: the residence and the expiry in the result; the estimate's date said to be
    today when no `on` is given; one day after the expiry is one day late (the settlement)."""
    from calculator import estimate

    late = estimate("kw-renewal", {"residence": "private", "expired": "2026-01-14", "on": "2026-01-15"}, lang)
    assert late["residence"] == "private" and late["dates"]["expired"]["gregorian"] == "2026-01-14"
    assert (late["status"], late["days_late"]) == ("late", 1)
    assert [line["code"] for line in late["lines"]][-1] == "kw.settlement"
    assert "today" in [a["code"] for a in estimate("kw-renewal", {"residence": "private"}, lang)["assumptions"]]
    assert "today" not in [a["code"] for a in late["assumptions"]]


def test_a_kw_renewal_cites_the_sources_of_the_fee_and_the_exemption_it_applied():
    """Each fee_table item and exemption carries its own sources and confidence: a domestic
    worker of an expat sponsor pays KD 50 (khaleejtelegraph_kw_fees, kinstranews_50997, medium);
    one of a Kuwaiti family's first three is exempt from health insurance (okaz_2229937,
    menafn_2026_01_06)."""
    from calculator import estimate

    expat = estimate("kw-renewal", {"residence": "domestic", "sponsor": "expat", "on": "2026-01-15"}, "en")
    fee = {r["id"]: r for r in expat["rules"]}["kw.residence_fee"]
    assert fee["sources"] == ["khaleejtelegraph_kw_fees", "kinstranews_50997"] and fee["confidence"] == "medium"
    exempt = estimate("kw-renewal", {"residence": "domestic", "sponsor": "kuwaiti", "first-three": "yes",
                                     "on": "2026-01-15"}, "en")
    insurance = {r["id"]: r for r in exempt["rules"]}["kw.health_insurance"]
    assert insurance["sources"] == ["okaz_2229937", "menafn_2026_01_06"] and insurance["confidence"] == "high"


@pytest.mark.parametrize(("answer", "assumed"), [("", True), ("no", False), ("yes", False)])
def test_not_being_one_of_the_first_three_is_assumed_only_when_unanswered(answer, assumed):
    from calculator import estimate

    params = {"residence": "domestic", "sponsor": "kuwaiti", "first-three": answer, "on": "2026-01-15"}
    codes = [a["code"] for a in estimate("kw-renewal", params, "en")["assumptions"]]
    assert ("kw.not_first_three" in codes) is assumed


def test_a_health_insurance_rule_without_exemptions(tmp_path):
    """kw.health_insurance with no `exempt` list (a copy): a Kuwaiti family's domestic worker
    pays the fee like everyone (KD 10 residence + KD 100 insurance)."""
    from calculator import estimate

    block = ('exempt = [\n  { residence = "domestic", sponsor = "kuwaiti", first = 3, sources = ["okaz_2229937", '
             '"menafn_2026_01_06"], confidence = "high" },\n]\n')
    rules = _changed_rules(tmp_path, "kw/health_insurance.toml", block, "")
    result = estimate("kw-renewal", {"residence": "domestic", "sponsor": "kuwaiti", "on": "2026-01-15"}, "en",
                      rules_dir=rules)
    assert result["total"] == "110.000"


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_an_overridden_calendar_names_the_date_it_overrode(lang):
    """D10: a Hijri year under `calendar = gregorian` is read as Hijri, and the assumption says
    which date was (the expiry date, by its field name in the reader's language)."""
    from calculator import estimate, text

    params = {"category": "residence", "expired": "1447-01-01", "calendar": "gregorian", "on": "2026-01-15"}
    said = [a["text"] for a in estimate("kw-fine", params, lang)["assumptions"] if a["code"] == "dates.overridden"]
    assert len(said) == 1 and text.field_name(lang, "expired") in said[0]


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_a_kw_renewal_ahead_of_its_expiry(tmp_path, lang):
    """kw-renewal with an expiry still ahead (D13, kw.renewal_window): the headline counts the days
    left; renewal opens 2 months before (that day included) for a worker, and by the domestic
    window for a domestic worker (3 months on a copy of the rules)."""
    from calculator import estimate, text

    def result(on, residence="private", rules=None, **more):
        return estimate("kw-renewal", {"residence": residence, "expired": "2027-01-01", "on": on, **more},
                        lang, rules_dir=rules)

    valid = result("2026-10-31")
    assert valid["status"] == "valid" and valid["dates"]["renewal_opens"]["gregorian"] == "2026-11-01"
    assert valid["headline"] == text.say(lang, "headline.kw.renewal_valid",
                                         total=text.money_text(lang, valid["total"], "KWD"),
                                         years=text.count(lang, "years", 1), days=text.count(lang, "days", 62),
                                         date=text.date_text(lang, dt.date(2027, 1, 1)))
    assert "kw.window" in [s["code"] for s in valid["next_steps"]]
    assert "kw.window_open" in [s["code"] for s in result("2026-11-01")["next_steps"]]
    rules = _changed_rules(tmp_path, "kw/renewal_window.toml", "domestic = 2 }", "domestic = 3 }")
    domestic = result("2026-09-15", "domestic", rules, sponsor="expat")
    assert domestic["dates"]["renewal_opens"]["gregorian"] == "2026-10-01"
    assert result("2026-09-15", rules=rules)["dates"]["renewal_opens"]["gregorian"] == "2026-11-01"


def test_kw_renewal_options_that_do_not_apply_or_one_year():
    """A relation given for a residence other than family is not_applicable (naming `relation`);
    one year is accepted (years 1-10)."""
    from calculator import estimate

    error = estimate("kw-renewal", {"residence": "private", "relation": "other", "on": "2026-01-15"}, "en")["error"]
    assert (error["code"], error["field"]) == ("not_applicable", "relation")
    one = estimate("kw-renewal", {"residence": "private", "years": "1", "on": "2026-01-15"}, "en")
    assert one["years"] == 1 and one["total"] == "120.000"


# ---- dates typed with a month's name, and the edges of what is read --------------------------

@pytest.mark.parametrize(("typed", "day"), [
    ("١ يونيو ٢٠٢٥ م", dt.date(2025, 6, 1)),    # Gregorian mark «م» after the year
    ("1 June 2025 AD", dt.date(2025, 6, 1)),
    ("2025-06-01\n", dt.date(2025, 6, 1)),       # a line break pasted with the date
    ("1\tJune 2025", dt.date(2025, 6, 1)),       # a tab between its parts
    ("1924-08-01", dt.date(1924, 8, 1)),         # the first day of the Umm al-Qura table (LOW)
])
def test_dates_read_with_their_marks_spaces_and_edges(typed, day):
    assert read_date(typed, "expired")[0] == day


@pytest.mark.parametrize("typed", [
    "1 June",               # no year
    "1 June 2025 7",        # a third number
    "1 June 2025 x",        # something left over
    "12 June 123",          # no four-digit year
    "1 June July 2025",     # two months
    "1 June 1446",          # a Gregorian month with a Hijri year
    "2025-02-30",           # no such day
])
def test_dates_that_cannot_be_read_are_invalid_naming_the_field(typed):
    with pytest.raises(CalcError) as caught:
        read_date(typed, "expired")
    assert (caught.value.code, caught.value.field) == ("invalid_date", "expired")


def test_hijri_months_beyond_the_table_are_hijri_out_of_range():
    """add_hijri_months past 1500-12-30 AH (2077-11-16, the table's last day)."""
    with pytest.raises(CalcError) as caught:
        add_hijri_months(dt.date(2077, 11, 1), 2)
    assert caught.value.code == "hijri_out_of_range"


def test_a_category_typed_with_a_space():
    """--category "entry visa" (as a reader types it) is entry_visa."""
    from calculator import estimate

    spaced = estimate("kw-fine", {"category": "entry visa", "days-late": "5", "on": "2026-01-15"}, "en")
    joined = estimate("kw-fine", {"category": "entry_visa", "days-late": "5", "on": "2026-01-15"}, "en")
    assert "error" not in spaced and spaced["total"] == joined["total"]


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_sentences_follow_the_calendar_of_the_date_of_the_estimate(lang):
    """D10: with no expiry typed, the sentences write dates in the calendar `on` was typed in
    (kw-fine's 'rules in force on <date>')."""
    from calculator import estimate

    result = estimate("kw-fine", {"category": "residence", "days-late": "10", "on": "1447-07-25"}, lang)
    regime = [a["text"] for a in result["assumptions"] if a["code"] == "kw.regime"]
    assert len(regime) == 1 and result["dates"]["on"]["hijri_text"] in regime[0]


def test_every_result_keeps_iso_dates_with_their_text_and_each_figures_own_citation():
    """JSON keeps ISO dates beside the text (issue 14): every cited rule's effective and
    last_verified dates, every source's published date and the result's last_verified date
    each have their text in the result's language; a date beyond the Umm al-Qura table has no
    Hijri text."""
    from calculator import estimate, text
    from casefiles import load_cases

    checked = 0
    for case in load_cases():
        for lang in ("ar", "en"):
            result = estimate(case.command, case.inputs, lang)
            if "error" in result:
                continue
            checked += 1
            for rule in result["rules"]:
                assert rule["effective_text"] == text.date_text(lang, dt.date.fromisoformat(rule["effective"]))
                assert rule["last_verified_text"] == text.date_text(lang, dt.date.fromisoformat(rule["last_verified"]))
            for source in result["sources"]:
                published = source.get("published")
                assert source["published_text"] == (
                    text.date_text(lang, dt.date.fromisoformat(published)) if published else None)
            latest = max((r["last_verified"] for r in result["rules"]), default=None)
            assert result["last_verified_text"] == (
                text.date_text(lang, dt.date.fromisoformat(latest)) if latest else None)
    assert checked > 500
    # fined from 3 days after an expiry of 2077-11-15: 2077-11-18, after the table's last day
    far = estimate("sa-fine", {"expired": "2077-11-15", "on": "2077-11-16"}, "en")["dates"]["fined_from"]
    assert far["gregorian"] == "2077-11-18" and far["hijri"] is None and far["hijri_text"] is None


@pytest.mark.parametrize("command", ["kw-ready", "sa-ready"])
def test_a_readiness_result_has_no_amount_and_no_days(command):
    """Readiness answers have no total, no days late or left (CONTRACT: null), and a headline."""
    from calculator import estimate

    result = estimate(command, {"on": "2026-01-15"}, "en")
    assert result["total"] is None and result["days_late"] is None and result["days_remaining"] is None
    assert result["headline"] and result["status"] == "incomplete"


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_a_renewals_later_fined_offence_reads_third_or_later(tmp_path, lang):
    """As for sa-fine: with a copy where the third offence is fined SAR 1,500, a fourth late
    renewal's fine line calls it the 'third or later offence' (sa-renewal's own late-fine line)."""
    from calculator import estimate, text

    rules = _changed_rules(tmp_path, "sa/late_renewal_fine.toml", "{ offence = 3, deportation = true }",
                           '{ offence = 3, amount = "1500" }')
    params = {"months": "12", "expired": "2026-01-01", "on": "2026-01-20", "offence": "4"}
    result = estimate("sa-renewal", params, lang, rules_dir=rules)
    fine = [line for line in result["lines"] if line["code"] == "sa.late_renewal_fine"]
    assert len(fine) == 1 and fine[0]["amount"] == "1500.00" and text.say(lang, "offence.3") in fine[0]["text"]


def test_the_levy_days_line_reads_exactly():
    """The per-day levy line (small establishment, okaz_2231502): 324 exempt days, 31 charged."""
    from calculator import estimate, text

    params = {"months": "12", "establishment": "small-exempt", "expired": "1447-09-14", "on": "2026-02-01"}
    line = [x for x in estimate("sa-renewal", params, "en")["lines"] if x["code"] == "sa.expat_levy"][0]
    label = load_rulebook().rule("sa.expat_levy").label["en"]
    assert line["text"] == text.say("en", "line.sa.levy_days", label=label, rate=text.money_text("en", "800", "SAR"),
                                    divisor=30, days=text.count("en", "days", 31),
                                    exempt=text.count("en", "days", 324),
                                    amount=text.money_text("en", "826.67", "SAR"))


def test_a_capped_breakdown_over_three_tiers_counts_what_came_before():
    """KD 2 a day (days 1-30), KD 3 (31-60), then KD 4, capped at KD 300: 60 + 90 = 150 before the
    third tier, which counts only KD 150 more (day 98 would make 302)."""
    from calculator.engine.result import Estimate
    from calculator.kuwait import _lines

    data = {"tiers": [{"from_day": 1, "to_day": 30, "rate": "2"}, {"from_day": 31, "to_day": 60, "rate": "3"},
                      {"from_day": 61, "rate": "4"}], "cap": "300"}
    est = Estimate("kw-fine", "en", load_rulebook())
    est.currency = "KWD"
    _lines(est, daily_tiered(120, data, "KWD"), 120, data, "KWD")
    assert [(line["code"], line["amount"]) for line in est.lines] == [
        ("kw.days_1_30", "60.000"), ("kw.days_31_60", "90.000"), ("kw.days_61_98", "150.000"),
        ("kw.days_99_120", "0.000")]


def test_an_unknown_option_is_named_in_at_most_40_characters():
    from calculator import estimate

    name = "x" * 50
    error = estimate("kw-fine", {name: "1", "category": "residence"}, "en")["error"]
    assert error["code"] == "unknown_option" and error["field"] == "x" * 40 and "x" * 41 not in error["message"]


def test_a_null_parameter_is_not_given():
    """A JSON null (the page sends none, a script may) is an empty field, not the text "None"."""
    from calculator import estimate

    with_null = estimate("kw-fine", {"category": "residence", "days-late": "45", "expired": None,
                                     "on": "2026-01-15"}, "en")
    assert with_null["total"] == estimate("kw-fine", {"category": "residence", "days-late": "45",
                                                      "on": "2026-01-15"}, "en")["total"]


def test_a_residence_typed_with_a_space():
    """kw-renewal --residence "self sponsored" (as a reader types it) is self_sponsored, as a
    category typed with a space is (Inputs.choice)."""
    from calculator import estimate

    spaced = estimate("kw-renewal", {"residence": "self sponsored", "on": "2026-01-15"}, "en")
    assert "error" not in spaced, spaced
    assert spaced["total"] == estimate("kw-renewal", {"residence": "self_sponsored", "on": "2026-01-15"}, "en")["total"]
    assert estimate("sa-renewal", {"months": "3", "establishment": "expat majority", "on": "2026-01-15"},
                    "en")["error"]["code"] == "invalid_choice"  # options with a hyphen are not guessed


def test_a_one_day_tier_is_a_valid_schedule():
    """kinds._check_tiers: a tier whose first and last days are the same day is sound."""
    from calculator.engine.kinds import check_value

    tiers = [{"from_day": 1, "to_day": 1, "rate": "1"}, {"from_day": 2, "rate": "2"}]
    problems = check_value("daily_tiered", {"tiers": tiers, "cap": "10"}, "x", set())
    assert not any("tiers" in p for p in problems), problems


def test_a_check_without_its_own_confidence_takes_its_checklists():
    """sa.renewal_conditions: most checks state no confidence of their own and take the value's
    ("high"); health insurance states "medium"."""
    from calculator import estimate

    checks = estimate("sa-ready", {"on": "2026-01-15"}, "en")["checks"]
    said = {c["code"]: c["confidence"] for c in checks}
    assert said.pop("health-insurance") == "medium"
    assert said and set(said.values()) == {"high"}, said


def test_rule_file_checks_keep_going_and_list_the_units_allowed(tmp_path):
    """A tier whose first day is written as text still leaves the cap checked; a wrong unit's
    message lists the units the kind takes, comma-separated."""
    from calculator.engine.kinds import UNITS, check_value

    problems = check_value("daily_tiered", {"tiers": [{"from_day": "1", "rate": "2"}]}, "x", set())
    assert any("from_day" in p for p in problems) and any("`cap`" in p for p in problems), problems
    rules = _changed_rules(tmp_path, "sa/iqama_fee.toml", 'unit = "SAR"', 'unit = "days"')
    from calculator.engine.rules import check_rules

    message = [p for p in check_rules(rules) if "unit" in p]
    assert len(message) == 1 and ", ".join(UNITS["annual_fee"]) in message[0], message
