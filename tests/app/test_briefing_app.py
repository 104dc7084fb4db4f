"""Meeting mode in AppTest: every page with present=1, every slide, invalid parameters, and a frozen
meeting that keeps its figures after a later change."""
from datetime import date, datetime

import pytest
from streamlit.testing.v1 import AppTest

from data_access.assessments import AssessmentEdit, current_records
from data_access.bootstrap import ensure_database
from data_access.criteria import criteria_by_period
from data_access.db import session_scope
from domain.actor import Actor
from services.assessments import save_assessments
from services.meetings import freeze
from tests.support import make_user
from ui.briefing_slides import SLIDES
from ui.navigation import PAGES

APP = "../../app.py"


def open_page(path: str, params: dict, actor: Actor | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    for k, v in params.items():
        at.query_params[k] = v
    if actor is not None:
        at.session_state["actor"] = actor
    at.run()
    if path != "pages/overview.py":
        at.switch_page(path).run()
    return at


@pytest.mark.parametrize("spec", [p for p in PAGES], ids=lambda p: p.key)
def test_every_page_renders_in_presentation_mode(sqlite_ready_url, monkeypatch, spec):
    monkeypatch.setenv("NTM_DATABASE_URL", sqlite_ready_url)
    at = open_page(spec.path, {"present": "1", "period": "2013-12"}, Actor("quantri", "admin"))
    assert not at.exception
    assert at.session_state["q_present"] is True
    styles = [h.proto.body for h in at.get("html")]
    assert any("stSidebar" in s and "display: none" in s for s in styles)


@pytest.mark.parametrize("n", range(1, len(SLIDES) + 1))
def test_each_slide_of_a_frozen_meeting(sqlite_ready_url, monkeypatch, n):
    monkeypatch.setenv("NTM_DATABASE_URL", sqlite_ready_url)
    at = open_page("pages/briefing.py", {"meeting": "2", "slide": str(n), "lang": "en"})
    assert not at.exception
    assert at.session_state["q_asof"] == "2013-10-08T17:00"
    assert at.title[0].value == {"headline": "Headline figures", "map": "Map of criteria met",
                                 "targets": "Targets and forecasts", "ranking": "Pilot commune ranking",
                                 "changes": "Communes gaining or losing criteria since the previous meeting",
                                 "tasks": "Overdue tasks by agency"}[SLIDES[n - 1][0]]
    if SLIDES[n - 1][0] == "targets":  # every target, the two readings of "13 communes" on rows of their own
        table = at.table[0].value
        # 6 targets (two rows for "13 communes"), §2.6's pilots' 2015 target, the pilots' reading of 4/13 (2 rows)
        assert len(table) == 10
        row = table[table["Target"] == "≥ 17/120"].iloc[0]
        assert row["Now"] == "0 communes, 17 short"
        assert row["By the deadline"] == "By 31/12/2015: not yet due — forecast: not met"
        others = [label for label in table.index if "Other reading" in label]
        assert len(others) == 2 and all("counted over the province's 17 pilot communes" in o for o in others)


def test_invalid_slide_meeting_and_asof_give_notices(sqlite_ready_url, monkeypatch):
    monkeypatch.setenv("NTM_DATABASE_URL", sqlite_ready_url)
    at = open_page("pages/briefing.py", {"slide": "99", "meeting": "abc"})
    assert not at.exception
    text = " ".join(w.value for w in at.warning)
    assert "“99”" in text and "“abc”" in text
    assert at.title[0].value == "Số liệu chính"
    at = open_page("pages/overview.py", {"asof": "hôm qua"})  # the first page of the session reads asof
    assert any("“hôm qua”" in w.value for w in at.warning)
    assert at.session_state["q_asof"] is None


def test_a_frozen_meeting_keeps_its_figures_after_a_later_correction(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'meeting.sqlite3'}"
    engine = ensure_database(url, load_sample_data=True)
    admin = Actor("quantri", "admin")
    with session_scope(engine) as s:
        make_user(s, "quantri", "mat-khau-quan-tri", "admin")
        meeting = freeze(session=s, actor=admin, name="Họp BCĐ thử", meeting_date=date.today(), period="2015-12")
        meeting_id, frozen = meeting.id, meeting.asof
    # Later correction: a commune at the standard loses a criterion in 2015-12.
    with session_scope(engine) as s:
        cid = criteria_by_period(session=s, periods=["2015-12"])["2015-12"][10]
        rec = current_records(session=s, period="2015-12", commune_codes=["30694"])[("30694", cid)]
        assert rec.met is True
        save_assessments(session=s, actor=admin, edits=[AssessmentEdit("30694", cid, "2015-12", False, "đính chính", {}, rec.version)],
                         now=datetime(2099, 1, 1))
    monkeypatch.setenv("NTM_DATABASE_URL", url)
    frozen_view = open_page("pages/briefing.py", {"meeting": str(meeting_id), "slide": "1"})
    live_view = open_page("pages/overview.py", {"period": "2015-12"})
    frozen_value = {m.label: m.value for m in frozen_view.metric}["Xã đạt chuẩn NTM"]
    live_value = {m.label: m.value for m in live_view.metric}["Xã đạt chuẩn NTM"]
    assert frozen_value == "13/119" and live_value == "12/119"
    assert frozen_view.session_state["q_asof"] == frozen.strftime("%Y-%m-%dT%H:%M")


def test_the_live_overdue_slide_of_09_2013_lists_the_tasks_overdue_on_30_09_2013(app_env):
    """One time base: the live deck of 09/2013 is seen at 30/09/2013 (not today), like the Q3
    meeting and the Q3 report."""
    import re

    from data_access.db import get_engine
    from data_access.tasks import queries as tq
    from domain.tasks import board as task_board

    n = [k for k, _ in SLIDES].index("tasks") + 1
    at = open_page("pages/briefing.py", {"present": "1", "period": "2013-09", "slide": str(n)})
    assert not at.exception
    with session_scope(get_engine(app_env)) as s:
        late = task_board.overdue(tq.board(session=s, as_of=date(2013, 9, 30)))
    shown = re.findall(r"(\d+\.\d+\.\d+):", " ".join(at.table[0].value["Nguyên nhân"]))
    assert sorted(shown) == sorted(late["id"]) == ["2.1.1", "2.7.2"]
    assert at.table[0].value["Nhiệm vụ quá hạn"].sum() == 2
    assert any(c.value.startswith("Số liệu đến 30/09/2013") for c in at.caption)
    changes = open_page("pages/briefing.py", {"present": "1", "period": "2013-09", "lang": "en",
                                              "slide": str([k for k, _ in SLIDES].index("changes") + 1)})
    # The meeting before 30/09/2013 (the half-year review), never the year-end one frozen in 2014.
    assert any("half" in c.value.lower() or "6 tháng" in c.value for c in changes.caption), \
        [c.value for c in changes.caption]
    assert any(c.value.startswith("Data as of 30/09/2013") for c in changes.caption)


def test_the_ranking_slide_is_split_into_parts_that_together_list_every_pilot(app_env):
    n = [k for k, _ in SLIDES].index("ranking") + 1
    names = []
    for part in (1, 2, 3):
        at = open_page("pages/briefing.py", {"present": "1", "period": "2013-09", "slide": str(n),
                                             "part": str(part)})
        assert not at.exception
        assert len(at.table[0].value) <= 6
        names += list(at.table[0].value["Xã"])
        assert any(f"phần {part}/3" in m.value for m in at.markdown)
    assert len(names) == len(set(names)) == 17
