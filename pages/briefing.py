"""Họp BCĐ: the meeting's fixed agenda of slides, live or frozen "as of" a meeting, with the list of
past meetings and, for editors, "Chốt số liệu" (freeze the figures of a meeting)."""
from __future__ import annotations

from datetime import date

import streamlit as st

from data_access.db import session_scope
from data_access.meetings import meetings
from domain.deck import deck_moment, previous_meeting_before
from domain.months import Month
from domain.user_text import NAME_LIMIT
from services.meetings import freeze
from ui import data, filters
from ui.auth_view import current_actor
from ui.briefing_slides import SLIDES, Moment
from ui.formatting import fmt_date, fmt_datetime, fmt_period
from ui.plain import md
from ui.shell import setup_page
from ui.url_state import resolve, write_url
from ui.writes import perform

ctx = setup_page("briefing")
with session_scope(data.engine()) as s:
    past = meetings(session=s)

# A meeting's link carries its id and its frozen moment; the moment decides the figures.
meeting = None
wanted = st.query_params.get("meeting")
if wanted is not None and wanted != st.session_state.get("_url_written", {}).get("meeting"):
    st.session_state["q_meeting"] = wanted
chosen = st.session_state.get("q_meeting")
if chosen:
    rows = past[past["id"].astype(str) == str(chosen)]
    if rows.empty:
        ctx.notices.warning(ctx.t("briefing.unknown_meeting", value=chosen), icon="⚠️")
        st.session_state["q_meeting"] = None
    else:
        meeting = rows.iloc[0]
        frozen = meeting["asof"].strftime("%Y-%m-%dT%H:%M")
        if ctx.asof is None or ctx.asof.strftime("%Y-%m-%dT%H:%M") != frozen:
            st.session_state["q_asof"] = frozen  # open the meeting as it was frozen
            write_url("asof", frozen)
            st.rerun()
write_url("meeting", str(meeting["id"]) if meeting is not None else None)

filters.heading(ctx)
period = meeting["period"] if meeting is not None else filters.period(ctx)
if period is None:
    st.title(ctx.t("briefing.title"))
    st.info(ctx.t("app.no_data"))
    ctx.finish()
    st.stop()

numbers = [str(i) for i in range(1, len(SLIDES) + 1)]
slide = int(resolve("slide", numbers, "1", lambda n, v: ctx.invalid(n, v, "1")))
write_url("slide", str(slide))
part = int(resolve("part", [str(i) for i in range(1, 100)], "1", lambda n, v: ctx.invalid(n, v, "1")))

# The deck's one moment: the meeting's asof (frozen) or the end of the month (live).
moment = deck_moment(period, ctx.asof)
earlier = previous_meeting_before(past, moment)
previous = (Moment(period, ctx.asof, earlier["name"], earlier["period"], earlier["asof"].to_pydatetime(), moment, part)
            if earlier is not None else
            Moment(period, ctx.asof, None, ([p for p in data.periods() if p < period] or [period])[-1], None,
                   moment, part))

key, draw = SLIDES[slide - 1]
heading, body = st.container(), st.container()
with body:
    count = draw(ctx, previous)  # how many parts this slide has
part = min(part, count)
st.session_state["q_part"] = str(part)
write_url("part", str(part) if count > 1 else None)


def go(step: int) -> None:
    """Next/previous part of this slide, else the next/previous slide (at its first part)."""
    if 1 <= part + step <= count:
        st.session_state["q_part"] = str(part + step)
        return
    st.session_state["q_slide"] = str(min(len(SLIDES), max(1, slide + step)))
    st.session_state["q_part"] = "1"


with heading:
    head, nav = st.columns([5, 4], vertical_alignment="center")
    with head:
        st.title(ctx.t(f"briefing.slide.{key}"))
        when = fmt_datetime(ctx.asof) if ctx.asof is not None else fmt_date(moment)
        line = [ctx.t("briefing.data_to", moment=when)]
        if meeting is not None:
            line.append(str(meeting["name"]))
        else:
            line.append(ctx.t("briefing.live"))
        line.append(fmt_period(period, ctx.lang, long=True))
        st.caption(" · ".join(line))
    with nav, st.container(horizontal=True, horizontal_alignment="right", vertical_alignment="center", wrap=False,
                                 key="slide_nav"):
        first, last = slide == 1 and part == 1, slide == len(SLIDES) and part == count
        st.button(ctx.t("briefing.prev"), on_click=go, args=(-1,), disabled=first, shortcut="Left",
                  icon=":material/chevron_left:", key="slide_prev", help=ctx.t("briefing.prev_help"))
        where = ctx.t("briefing.slide_of", n=slide, total=len(SLIDES))
        if count > 1:
            where += f" · {ctx.t('briefing.part', n=part, total=count)}"
        st.markdown(f"**{where}**", width="content")
        st.button(ctx.t("briefing.next"), on_click=go, args=(1,), disabled=last, shortcut="Right",
                  icon=":material/chevron_right:", icon_position="right", key="slide_next",
                  help=ctx.t("briefing.next_help"))

if not ctx.present:
    st.divider()
    st.subheader(ctx.t("briefing.meetings"))
    if past.empty:
        st.caption(ctx.t("briefing.no_meetings"))
    for row in past.itertuples():
        params = {"meeting": str(row.id), "asof": row.asof.strftime("%Y-%m-%dT%H:%M"), "slide": "1"}
        cols = st.columns([5, 1, 1])
        cols[0].markdown(f"**{md(row.name)}** · {fmt_date(row.meeting_date)} · "
                         f"{fmt_datetime(row.asof)} · {fmt_period(row.period, ctx.lang)}")
        cols[1].page_link("pages/briefing.py", label=ctx.t("briefing.open_meeting"), query_params=params)
        cols[2].page_link("pages/briefing.py", label=ctx.t("briefing.present_link"),
                          query_params={**params, "present": "1"}, icon=":material/slideshow:")
    actor = current_actor()
    if actor.can_write and meeting is None and ctx.asof is None:
        with st.form("freeze"):
            st.markdown(f"**{ctx.t('briefing.freeze')}**")
            st.caption(ctx.t("briefing.freeze_help"))
            today = date.today()
            month = Month.parse(period)
            name = st.text_input(ctx.t("briefing.meeting_name"), max_chars=NAME_LIMIT, value=ctx.t(
                "briefing.meeting_name_default", quarter=["I", "II", "III", "IV"][month.quarter - 1],
                year=month.year))
            when = st.date_input(ctx.t("briefing.meeting_date"), value=today, format="DD/MM/YYYY")
            if st.form_submit_button(ctx.t("briefing.freeze"), type="primary", icon=":material/lock_clock:"):
                perform(ctx, lambda s: freeze(session=s, actor=actor, name=name, meeting_date=when, period=period),
                        success=lambda row: ctx.t("briefing.frozen", name=md(row.name)))
    elif not actor.can_write:
        st.caption(ctx.t("briefing.freeze_login"))
ctx.finish()
