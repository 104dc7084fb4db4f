from datetime import date, datetime

from ui.formatting import fmt_date, fmt_datetime, fmt_number, fmt_percent, fmt_period, fmt_signed


def test_vietnamese_numbers_use_decimal_comma_and_thousands_dot():
    assert fmt_percent(17 / 120 * 100, 2) == "14,17%"
    assert fmt_percent(14.16, 2) == "14,16%"
    assert fmt_number(1285) == "1.285"
    assert fmt_number(1234567.891, 2) == "1.234.567,89"
    assert fmt_number(4.8, 1) == "4,8"


def test_negative_numbers_keep_their_sign_unless_they_round_to_zero():
    assert fmt_number(-0.5, 1) == "-0,5"
    assert fmt_number(-1285.25, 1) == "-1.285,2"
    assert fmt_number(-0.001, 2) == "0,00"
    assert fmt_number(-0.4) == "0"


def test_numbers_have_the_separators_of_babels_vi_vn_and_en():
    """The same output as Babel's CLDR locales (rounded alike: Decimal(value) is the float's exact
    value), except that a value rounding to zero has no sign here."""
    from decimal import Decimal

    from babel.numbers import format_decimal
    values = [0, 7, 1285, 1234567.891, 4.8, 14.165, 2.675, -3.5, -0.25, 999.995, 1e9 + 0.5]
    for value in values:
        for decimals in (0, 1, 2):
            if value < 0 and round(value, decimals) == 0:
                continue  # Babel writes "-0"
            pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
            for lang, locale in (("vi", "vi_VN"), ("en", "en")):
                assert fmt_number(value, decimals, lang) == format_decimal(
                    Decimal(value), format=pattern, locale=locale), (value, decimals, lang)


def test_english_numbers():
    assert fmt_percent(14.16, 2, "en") == "14.16%"
    assert fmt_number(1285, lang="en") == "1,285"


def test_missing_values_show_a_dash():
    assert fmt_number(None) == "–"
    assert fmt_number(float("nan"), 2) == "–"
    assert fmt_percent(None) == "–"


def test_signed_changes():
    assert fmt_signed(2) == "+2"
    assert fmt_signed(-1) == "-1"
    assert fmt_signed(0) == "0"
    assert fmt_signed(0.354, 2) == "+0,35"
    assert fmt_signed(-0.001, 2) == "0,00"


def test_dates_and_periods():
    assert fmt_date(date(2013, 6, 15)) == "15/06/2013"
    assert fmt_datetime(datetime(2013, 6, 5, 8, 7)) == "05/06/2013 08:07"
    assert fmt_period("2013-12") == "12/2013"
    assert fmt_period("2013-07", long=True) == "tháng 7/2013"
    assert fmt_period("2013-12", "en") == "Dec 2013"
