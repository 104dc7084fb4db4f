"""reports/words.py and the cells of reports/tables.py: the report's numbers written the language's
way (Vietnamese 1.285 and 8,16; English 1,285 and 8.16), dates 15/06/2013 in both, a change of
nothing without a sign."""
from datetime import date

import pytest

from domain.phrase import Phrase
from reports.tables import cell_text, month_text
from reports.words import Words

VI, EN = Words("vi"), Words("en")


@pytest.mark.parametrize(("value", "kind", "vi", "en"), [
    (1285, "num", "1.285", "1,285"),
    (8.1597, "num", "8,16", "8.16"),
    (0.386, "signed", "+0,39", "+0.39"),
    (-3, "signed", "-3", "-3"),
    (0.0, "signed", "0,00", "0.00"),
    (-0.001, "signed", "0,00", "0.00"),
    (14.2857, "pct", "14,29%", "14.29%"),
    (1234567.5, "num", "1.234.567,50", "1,234,567.50"),
    (date(2013, 6, 5), "date", "05/06/2013", "05/06/2013"),
    (None, "num", "–", "–"),
])
def test_cells_in_both_languages(value, kind, vi, en):
    assert cell_text(value, kind, VI) == vi
    assert cell_text(value, kind, EN) == en


def test_months_and_phrases():
    assert (month_text("2013-09", VI), month_text("2013-09", EN)) == ("tháng 9/2013", "September 2013")
    period = Phrase("report.period_name.half2", {"year": "2013"})
    assert (VI.text(period), EN.text(period)) == ("6 tháng cuối năm 2013", "second half of 2013")
    assert EN.text("Dưới 5 tiêu chí") == "Dưới 5 tiêu chí"  # text given as text is written as it is
    assert (VI.nt("report.doc.communes_count", 1, count=1), EN.nt("report.doc.communes_count", 1, count=1),
            EN.nt("report.doc.communes_count", 3, count=3)) == ("1 xã", "1 commune", "3 communes")
