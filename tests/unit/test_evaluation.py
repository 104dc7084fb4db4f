from domain.evaluation import IndicatorRule, evaluate_criterion, evaluate_indicator, needs_note, rule_text

ROAD = IndicatorRule(1, "2.1", ">=", 100.0, False)
FIELD = IndicatorRule(2, "2.4", ">=", 50.0, False)
POOR = IndicatorRule(3, "11", "<", 7.0, True)
JUDGED = IndicatorRule(4, "19", "achieved", None, False)
UNKNOWN = IndicatorRule(5, "14.3", ">", None, False)


def test_thresholds_and_comparisons():
    assert evaluate_indicator(POOR, 6.9).achieved is True
    assert evaluate_indicator(POOR, 7.0).achieved is False  # "dưới 7%" is strict
    assert evaluate_indicator(ROAD, 100).achieved is True
    assert evaluate_indicator(ROAD, 99.99).achieved is False
    assert evaluate_indicator(UNKNOWN, 40).achieved is None  # threshold not known: not decided
    assert evaluate_indicator(JUDGED, 1).achieved is None
    assert rule_text(POOR) == "< 7" and rule_text(ROAD) == "≥ 100" and rule_text(JUDGED) == ""
    assert evaluate_indicator(ROAD, 100).provisional and not evaluate_indicator(POOR, 1).provisional


def test_a_criterion_is_met_when_every_indicator_is_and_the_first_failing_one_decides():
    result = evaluate_criterion([ROAD, FIELD], {1: 100, 2: 45})
    assert (result.met, result.deciding) == (False, "2.4")
    assert evaluate_criterion([ROAD, FIELD], {1: 100, 2: 60}).met is True
    assert evaluate_criterion([ROAD, FIELD], {1: 100}).met is None  # 2.4 missing: not decided
    assert evaluate_criterion([ROAD, FIELD], {2: 10}).met is False  # one failure decides already
    assert evaluate_criterion([JUDGED], {}).met is None


def test_a_manual_choice_against_the_values_needs_a_note():
    failing = evaluate_criterion([ROAD], {1: 90})
    assert needs_note(True, failing, None) is True
    assert needs_note(True, failing, "  ") is True
    assert needs_note(True, failing, "đường mới nghiệm thu") is False
    assert needs_note(False, failing, None) is False
    assert needs_note(True, evaluate_criterion([JUDGED], {}), None) is False
