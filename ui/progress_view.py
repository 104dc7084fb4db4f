"""Target cards of the progress page: the seed's wording, value against target, gap, status, forecast.

Values are short (they sit in st.metric); the details (shares, the seed's denominator beside the
actual count, the forecast) go in the lines under them. Each card is a container keyed
"card-<target key>" (a reading: "reading-<target key>-<reading>") so tests can find it.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from domain import target_wording as words
from domain.localized import localized
from domain.targets import Target, TargetEvaluation
from ui.formatting import fmt_date, fmt_number, fmt_percent, fmt_period
from ui.phrases import phrase_text
from ui.progress_data import TargetView
from ui.url_state import url_selectbox

# The page's sections (`view=`), the first shown by default: the cards, then each chart or table.
SECTIONS = ("targets", "trends", "bands", "criteria", "districts", "ranking")
OPS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "="}
STATUS_STYLE = {  # colour of st.badge, icon
    "met": ("green", ":material/check_circle:"),
    "on_track": ("blue", ":material/schedule:"),
    "not_met": ("red", ":material/cancel:"),
    "off_track": ("orange", ":material/schedule:"),
    "no_data": ("gray", ":material/help:"),
}


def now_text(ctx, ev: TargetEvaluation) -> str:
    """'Hiện nay (12/2015): 34 xã, vượt 21' — the month shown, judged on its own figure."""
    return ctx.t("target.now", period=fmt_period(ev.period, ctx.lang), text=phrase_text(ctx, words.situation(ev)))


def verdict_text(ctx, ev: TargetEvaluation) -> str:
    """'Đến 31/12/2013: chưa đạt (tháng 12/2013: 8 xã dưới 5 tiêu chí)' — the verdict at the deadline."""
    return ctx.t("target.by", date=fmt_date(ev.target.deadline, ctx.lang),
                 text=phrase_text(ctx, words.verdict(ev)))


def communes_text(ctx, n: int) -> str:
    return ctx.nt("progress.communes", n, n=fmt_number(n, 0, ctx.lang))


def percent_text(ctx, value: float | None) -> str:
    """A target's percentage as written (70%, 14,16%)."""
    decimals = 0 if value is not None and float(value).is_integer() else 2
    return fmt_percent(value, decimals, ctx.lang)


def wording(ctx, target: Target) -> str:
    return localized(target, "wording", ctx.lang)


def value_text(ctx, target: Target, ev: TargetEvaluation) -> str:
    """A metric value: a number of communes (17/120 with the seed's denominator) or a share."""
    mv = ev.value
    if mv.value is None:
        return "–"
    if target.denominator:
        return f"{fmt_number(mv.count, 0, ctx.lang)}/{fmt_number(target.denominator, 0, ctx.lang)}"
    return fmt_percent(mv.share, 2, ctx.lang) if target.by_percent else fmt_number(mv.count, 0, ctx.lang)


def target_text(ctx, target: Target) -> str:
    op = OPS[target.comparison]
    if target.denominator and target.target_count is not None:
        return f"{op} {target.target_count}/{fmt_number(target.denominator, 0, ctx.lang)}"
    if target.by_percent:
        return f"{op} {percent_text(ctx, target.target_percent)}"
    return f"{op} {fmt_number(target.target_count, 0, ctx.lang)}"


def gap_text(ctx, ev: TargetEvaluation) -> str:
    """Communes still to move (for percent targets too: that is what a district can act on)."""
    return "–" if ev.gap_communes is None else fmt_number(ev.gap_communes, 0, ctx.lang)


def forecast_text(ctx, ev: TargetEvaluation) -> str:
    """'Dự báo đến 12/2013: **6 xã** (khoảng 4–7 xã)', one number when the range collapses, or why
    there is no forecast."""
    return phrase_text(ctx, words.forecast(ev))


def status_badge(ctx, ev: TargetEvaluation) -> str:
    """The verdict at the deadline as a badge that names the deadline, so it never reads as 'now'
    (Markdown, written in the same element as the line above it)."""
    colour, icon = STATUS_STYLE[ev.status]
    label = verdict_text(ctx, ev).replace("[", "\\[").replace("]", "\\]")  # as st.badge escapes it
    return f":{colour}-badge[{icon} {label}]"


def detail_lines(ctx, target: Target, ev: TargetEvaluation) -> list[str]:
    """The figures behind a card's values: the seed's denominator beside the communes with data, the
    gap of a share in points. The month's and the deadline's verdicts are the lines above them."""
    mv, lang, lines = ev.value, ctx.lang, []
    if target.denominator and mv.value is not None:
        lines.append(ctx.t("progress.seed_denominator", count=fmt_number(mv.count, 0, lang),
                           denominator=fmt_number(target.denominator, 0, lang),
                           percent=fmt_percent(mv.share_of_denominator, 2, lang),
                           target_percent=percent_text(ctx, target.target_percent)))
        lines.append(ctx.t("progress.actual_denominator", count=fmt_number(mv.count, 0, lang),
                           assessed=fmt_number(mv.n_communes, 0, lang),
                           percent=fmt_percent(mv.share, 2, lang),
                           denominator=fmt_number(target.denominator, 0, lang)))
    elif target.by_percent and mv.value is not None and ev.gap:  # the share itself is in the "now" line
        lines.append(ctx.t("progress.gap_points", points=fmt_number(ev.gap, 2, lang),
                           communes=communes_text(ctx, ev.gap_communes)))
    return lines


def _figures(ctx, target: Target, ev: TargetEvaluation) -> None:
    # Few elements per card: each one is a component the browser draws (7 cards on the first screen).
    st.markdown(f"**{now_text(ctx, ev)}**\n\n{status_badge(ctx, ev)}")
    value_label = "progress.value_share" if target.by_percent else "progress.value"
    with st.container(horizontal=True):
        st.metric(ctx.t(value_label, period=fmt_period(ev.period, ctx.lang)), value_text(ctx, target, ev))
        st.metric(ctx.t("progress.target"), target_text(ctx, target))
        st.metric(ctx.t("progress.gap"), gap_text(ctx, ev))
    details = detail_lines(ctx, target, ev)
    if details:
        st.caption("\n\n".join(details))
    st.markdown(":material/insights: " + forecast_text(ctx, ev))


def reading_label(ctx, name: str, reading: Target, band_max: int, short: bool = False) -> str:
    """'Cách hiểu 1: …' for a card; with `short`, a legend entry ('Chỉ 15–16 tiêu chí')."""
    if name == "band":
        key = "progress.reading_short_band" if short else "progress.reading_band"
        return ctx.t(key, min=reading.min_criteria, max=band_max)
    if short:
        return ctx.t("progress.reading_short_at_least", min=reading.min_criteria)
    return ctx.t("progress.reading_at_least", min=reading.min_criteria, higher=band_max + 1)


def other_reading_text(ctx, ev: TargetEvaluation) -> str:
    """'Cách hiểu khác (tính trên 17 xã điểm của tỉnh): … — hiện nay (12/2013): 3 xã, còn thiếu 1;
    đến 31/12/2013: chưa đạt' — the reading not chosen, judged like the card."""
    t = ev.target
    return ctx.t("target.reading.other", reading=ctx.t(f"target.reading.{t.reading_key}"), wording=wording(ctx, t),
                 period=fmt_period(ev.period, ctx.lang), now=phrase_text(ctx, words.situation(ev)),
                 date=fmt_date(t.deadline, ctx.lang), by=phrase_text(ctx, words.verdict(ev)))


def _reading_lines(ctx, view: TargetView) -> None:
    """The reading the page judges by, the other reading judged the same way, and the sentence as the
    programme writes it: one caption."""
    t = view.target
    lines = [ctx.t("target.reading.chosen", reading=ctx.t(f"target.reading.{t.reading_key}"))] if t.reading_key else []
    lines += [other_reading_text(ctx, other) for other in view.others]
    if t.text_as_written and ctx.lang == "vi":  # the document as written: Vietnamese only, not a translation
        lines.append(ctx.t("target.as_written", text=t.text_as_written))
    if lines:
        st.caption("\n\n".join(lines))


def target_card(ctx, view: TargetView) -> None:
    t, ev = view.target, view.evaluation
    with st.container(border=True, key=f"card-{t.key}"):
        st.markdown(f"##### {wording(ctx, t)}")
        if not view.readings:
            _figures(ctx, t, ev)
            _reading_lines(ctx, view)
            return
        band_max = dict(view.readings)["band"].target.band_max
        for name, rev in view.readings:
            with st.container(key=f"reading-{t.key}-{name}"):
                st.markdown(f"*{reading_label(ctx, name, rev.target, band_max)}*")
                _figures(ctx, rev.target, rev)
        _reading_lines(ctx, view)


def trend_lines(ctx, view: TargetView, series: dict) -> tuple[list, list]:
    """The lines of a target's chart (one per reading) with their legend names, and their forecasts."""
    if not view.readings:
        return [(ctx.t("progress.chart.value"), series[view.target.key])], [view.evaluation.forecast]
    band_max = dict(view.readings)["band"].target.band_max
    lines = [(reading_label(ctx, name, ev.target, band_max, short=True), series[ev.target.key])
             for name, ev in view.readings]
    return lines, [ev.forecast for _, ev in view.readings]


def target_cards(ctx, views: list[TargetView], per_row: int = 2) -> None:
    for start in range(0, len(views), per_row):
        cols = st.columns(per_row)
        for col, view in zip(cols, views[start:start + per_row]):
            with col:
                target_card(ctx, view)


def method_note(ctx, views: list[TargetView]) -> None:
    """How status and forecasts are made, with each distinct forecast method once."""
    methods = []
    for v in views:
        for ev in [v.evaluation, *(e for _, e in v.readings)]:
            fc = ev.forecast
            if fc is not None and not fc.is_actual:
                text = phrase_text(ctx, fc.method)
                if text not in methods:
                    methods.append(text)
    with st.expander(ctx.t("progress.method_title"), icon=":material/info:", expanded=bool(methods)):
        st.markdown(ctx.t("progress.method_status"))
        for text in methods:
            st.markdown(f"- {text}")


def target_filter(ctx, targets: list[Target]) -> Target | None:
    """The target the charts focus on (URL `target` = its key), or None for all of them."""
    by_key = {t.key: t for t in targets}
    fmt = lambda k: wording(ctx, by_key[k]) if k else ctx.t("progress.filter.all_targets")  # noqa: E731
    key = url_selectbox("target", ctx.t("progress.filter.target"), ["", *by_key], "", fmt,
                        on_invalid=lambda n, v: ctx.invalid(n, v, fmt("")), omit_default=True)
    return by_key.get(key)


def share_targets(targets: list[Target]) -> dict[str, list[Target]]:
    """Criterion-share targets (security: 70% of all, 90% of pilots) by criterion key."""
    out: dict[str, list[Target]] = {}
    for t in targets:
        if t.metric == "criterion_share":
            out.setdefault(t.criterion_key, []).append(t)
    return out


def share_marks(ctx, goals: list[Target]) -> list[tuple[str, float]]:
    """A labelled horizontal line per share target ("Mục tiêu, 17 xã điểm…: > 90%")."""
    return [(ctx.t("progress.share_target", group=ctx.t(f"filter.group.{t.group}"), op=OPS[t.comparison],
                   percent=percent_text(ctx, t.target_percent)), t.target_percent) for t in goals]


def criterion_labels(ctx, month, names: dict[str, str]) -> dict[str, str]:
    """'TC10. Thu nhập' for each criterion key of the month (numbers from the set in force)."""
    numbers = month.groupby("criterion_key")["criterion_number"].min()
    return {k: ctx.t("progress.criterion_label", number=n, name=names.get(k, k)) for k, n in numbers.items()}


def summary_table(ctx, views: list[TargetView]) -> pd.DataFrame:
    """Every target (and each reading) on one row with the cards' facts: now, by the deadline, the
    forecast (or why there is none), so a projector shows all targets at once (the briefing's slide).
    A sentence read two ways gets a row for the reading not chosen, labelled "Cách hiểu khác (…)"."""
    rows = []
    for v in views:
        band_max = dict(v.readings)["band"].target.band_max if v.readings else None
        parts = [(None, v.target, v.evaluation)] if not v.readings else [
            (name, ev.target, ev) for name, ev in v.readings]
        labels = []
        for name, target, ev in parts:
            label = wording(ctx, v.target)
            if name:
                label += f" — {reading_label(ctx, name, target, band_max, short=True)}"
            labels.append((label, target, ev))
        for other in v.others:
            reading = ctx.t(f"target.reading.{other.target.reading_key}")
            labels.append((f"{wording(ctx, other.target)} — {ctx.t('progress.summary.other_reading')} ({reading})",
                           other.target, other))
        for label, target, ev in labels:
            rows.append({
                ctx.t("progress.summary.target"): label,
                # st.table renders cells as Markdown: a leading ">" would become a quote.
                ctx.t("progress.target"): target_text(ctx, target).replace(">", "\\>"),
                ctx.t("progress.summary.value"): phrase_text(ctx, words.situation(ev)),
                ctx.t("progress.summary.by_deadline"): verdict_text(ctx, ev),
                ctx.t("progress.summary.forecast"): forecast_text(ctx, ev).replace("**", ""),
            })
    return pd.DataFrame(rows)
