"""The filters every page shares (period, district, group), each bound to the URL by code."""
from __future__ import annotations

import streamlit as st

from ui import data
from ui.formatting import fmt_period
from ui.shell import PageContext
from ui.url_state import url_selectbox

GROUPS = ("all", "pilot34", "pilot17")


def period(ctx: PageContext, periods: list[str] | None = None) -> str | None:
    """The month shown; default: the latest month with data."""
    periods = periods if periods is not None else data.periods()
    if not periods:
        return None
    options = list(reversed(periods))
    fmt = lambda p: fmt_period(p, ctx.lang)  # noqa: E731
    return url_selectbox(
        "period", ctx.t("filter.period"), options, options[0], fmt,
        on_invalid=lambda n, v: ctx.invalid(n, v, fmt(options[0])),
    )


def district(ctx: PageContext) -> str:
    """A district code, or '' for the whole province."""
    table = data.districts()
    names = dict(zip(table["code"], table["name"]))
    options = [""] + list(table["code"])
    fmt = lambda c: names.get(c, ctx.t("filter.all_districts"))  # noqa: E731
    value = url_selectbox(
        "district", ctx.t("filter.district"), options, "", fmt,
        on_invalid=lambda n, v: ctx.invalid(n, v, fmt("")), omit_default=True,
    )
    return value


def group(ctx: PageContext) -> str:
    fmt = lambda g: ctx.t(f"filter.group.{g}")  # noqa: E731
    return url_selectbox(
        "group", ctx.t("filter.group"), list(GROUPS), "all", fmt,
        on_invalid=lambda n, v: ctx.invalid(n, v, fmt("all")), omit_default=True,
    )


def heading(ctx: PageContext) -> None:
    st.sidebar.markdown(f"**{ctx.t('app.filters')}**")


def shared(ctx: PageContext) -> tuple[str | None, str, str]:
    """The filters every dashboard page has, in the sidebar: period, district, group."""
    heading(ctx)
    return period(ctx), district(ctx), group(ctx)
