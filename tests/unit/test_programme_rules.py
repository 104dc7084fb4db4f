"""Issue 12 point 2 over the whole catalogue: one rule for years, one role for one construction,
tentative deadlines flagged, tasks waiting for a document without a due date; and point 1's
targets keeping the seed's words (checked against the seed when it is present)."""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
import yaml

from domain.tasks import deadline_phrases as ph
from domain.tasks import deadlines as dl
from domain.tasks.catalog import load_catalog

REPO = Path(__file__).resolve().parents[2]
SEEDS = [REPO.parent / "shared" / "seed" / "000_c56b6b1e6115d9aa.txt",
         Path("/work/shared/seed/000_c56b6b1e6115d9aa.txt")]
CATALOG = load_catalog()
TASKS = {t.id: t for t in CATALOG.tasks}
PRECISE = ("date", "month", "quarter", "after_event", "recurring")


@pytest.mark.parametrize("task_id", list(TASKS))
def test_the_year_rule_holds_for_every_task(task_id):
    t = TASKS[task_id]
    year = ph.year_deadline(t.text_vi)
    if t.deadline.kind == "year":
        assert year == t.deadline.value
        assert ph.parse_deadline_phrase(t.deadline.text) == ("year", year) and t.deadline.text in t.text_vi
    elif t.deadline.kind == "ongoing":
        assert year is None, f"{task_id}: the text sets {year} as a deadline but the task has none"
    else:
        assert t.deadline.kind in PRECISE and year in (None, str(dl.due_date(t.deadline, events={
            t.deadline.event_key or "": date(2013, 1, 1)}, on_or_after=date(2013, 6, 5)).year))


def test_a_plan_year_is_not_a_deadline():
    for task_id in ("2.3.2", "2.3.3", "2.3.4"):
        assert "năm 2013" in TASKS[task_id].text_vi and TASKS[task_id].deadline.kind == "ongoing"
        assert TASKS[task_id].due_date() is None
    assert ph.year_deadline("theo kế hoạch năm 2013") is None
    assert ph.year_deadline("được phê duyệt trong năm 2013") == "2013"
    assert ph.year_deadline("Phần đầu đến cuối năm 2013 có trên 70%") == "2013"
    with pytest.raises(ValueError):
        ph.parse_deadline_phrase("theo kế hoạch năm 2013")
    # 2.6.1: "phấn đấu đến năm 2015" recalls the pilots' registration before "Do đó, …" gives the task
    assert ph.year_deadline(TASKS["2.6.1"].text_vi) is None and "đến năm 2015" in TASKS["2.6.1"].text_vi


def test_the_rule_is_written_in_the_readme_and_the_domain():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Deadlines"):]
    for words in ("trong năm", "kế hoạch", "chờ văn bản", "dự kiến", "chỉ đạo"):
        assert words in section
    assert "kế hoạch … năm 2013" in ph.YEAR_RULE and "The rule for years" in dl.__doc__


CONSTRUCTION = re.compile(r"UBND các huyện chỉ đạo\b[^.;]*\bvà UBND các xã")


@pytest.mark.parametrize("task_id", list(TASKS))
def test_one_role_for_one_construction(task_id):
    t = TASKS[task_id]
    if CONSTRUCTION.search(t.text_vi):
        assert "ubnd_cac_xa" in t.directs and "ubnd_cac_xa" not in t.partners and t.lead == "ubnd_cac_huyen"


def test_the_construction_is_found_in_2_2_9_and_2_3_7():
    assert sorted(i for i, t in TASKS.items() if CONSTRUCTION.search(t.text_vi)) == ["2.2.9", "2.3.7"]


@pytest.mark.parametrize("task_id", list(TASKS))
def test_tentative_exactly_where_the_text_says_du_kien(task_id):
    t = TASKS[task_id]
    assert t.deadline.tentative == ph.is_tentative_phrase(t.deadline.text)


def test_tentative_tasks_are_the_three_conferences():
    assert sorted(i for i, t in TASKS.items() if t.deadline.tentative) == ["2.7.1", "2.7.2", "2.7.4"]


@pytest.mark.parametrize("task_id", ["2.1.3", "2.1.5"])
def test_a_task_waiting_for_a_document_has_no_due_date_until_it_is_recorded(task_id):
    t = TASKS[task_id]
    assert t.deadline.kind == "after_event" and t.due_date() is None and t.due_date(events={}) is None
    for day in (date(2013, 12, 31), date(2020, 1, 1)):
        assert not t.is_overdue("in_progress", day)
    issued = {t.deadline.event_key: date(2013, 8, 7)}
    assert t.due_date(events=issued) == date(2013, 9, 6)
    assert not t.is_overdue("in_progress", date(2013, 9, 6), events=issued)
    assert t.is_overdue("in_progress", date(2013, 9, 7), events=issued)


def _seed() -> str:
    for path in SEEDS:
        if path.exists():
            return path.read_text(encoding="utf-8")
    pytest.skip("seed not found")


def test_targets_keep_the_seed_words_and_a_corrected_text():
    seed = _seed()
    targets = yaml.safe_load((REPO / "data" / "targets_2013.yaml").read_text("utf-8"))["targets"]
    for t in targets:
        assert t["text_as_written"] in seed, t["key"]
        assert "Phần đầu" not in t["wording_vi"], t["key"]
    assert sum("Phần đầu" in t["text_as_written"] for t in targets) == 7  # 5 parts of §I.1's 2013 goals + §2.2
    pilots = next(t for t in targets if t["key"] == "t2015_pilots17_standard")
    assert "17 xã đăng ký với TW phấn đấu đến năm 2015 đạt chuẩn" in pilots["text_as_written"]
    readings = [t for t in targets if t.get("reading_group") == "s2013_4_13"]
    assert sorted((t["reading"], t["reading_part"], t["group"], t["target_count"]) for t in readings) == [
        ("all", "min15", "all", 13), ("all", "min17", "all", 4),
        ("pilots17", "min15", "pilot17", 17), ("pilots17", "min17", "pilot17", 4)]
    assert all(isinstance(t.get("target_count"), (int, type(None))) for t in targets)
