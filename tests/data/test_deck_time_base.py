"""One time base for the meeting deck, on the database (SQLite and PostgreSQL): the live deck of
09/2013 and the frozen Q3 meeting see the same overdue tasks, and compare with the meeting before
their moment."""
from datetime import date

from data_access.meetings import meetings
from data_access.tasks import queries as tq
from domain.deck import deck_moment, previous_meeting_before
from domain.tasks import board as task_board


def test_the_live_deck_of_09_2013_sees_the_tasks_overdue_on_30_09_2013(session):
    moment = deck_moment("2013-09", None)
    late = task_board.overdue(tq.snapshot(session=session, as_of=moment.date()).board)
    assert sorted(late["id"]) == ["2.1.1", "2.7.2"]
    assert (late["due_date"] <= date(2013, 9, 30)).all()
    # Nothing recorded after the moment is seen (no reason dated 10/01/2014).
    assert (late["reason_at"].dropna() <= moment).all() and (late["recorded_at"].dropna() <= moment).all()
    year_end = task_board.overdue(tq.snapshot(session=session, as_of=date(2014, 1, 10)).board)
    assert sorted(year_end["id"]) == ["2.1.6", "2.5.1", "2.5.3"]  # what the old slide mixed in (2.3.4 is ongoing)


def test_the_frozen_q3_meeting_sees_the_same_tasks_and_the_meeting_before_it(session):
    past = meetings(session=session)
    q3 = past[past["period"] == "2013-09"].iloc[0]
    moment = deck_moment("2013-09", q3["asof"].to_pydatetime())
    late = task_board.overdue(tq.snapshot(session=session, as_of=moment.date(), moment=moment).board)
    assert sorted(late["id"]) == ["2.1.1", "2.7.2"]
    assert previous_meeting_before(past, moment)["period"] == "2013-06"
    assert previous_meeting_before(past, deck_moment("2013-09", None))["period"] == "2013-06"
    assert previous_meeting_before(past, deck_moment("2013-12", None))["period"] == "2013-09"
