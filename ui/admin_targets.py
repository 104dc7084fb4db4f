"""Quản trị → Cách hiểu mục tiêu: which reading of a target sentence the pages and the report judge by.

The readings are data (data/targets_2013.yaml → programme_target); the choice is written through
services.reference_edits.choose_target_reading (admins only, audited)."""
from __future__ import annotations

import streamlit as st

from domain.actor import Actor
from domain.localized import localized
from domain.targets import Target
from services import reference_edits
from ui import data
from ui.writes import perform


def _sentences(targets: list[Target]) -> dict[str, list[Target]]:
    out: dict[str, list[Target]] = {}
    for t in targets:
        if t.reading_group:
            out.setdefault(t.reading_group, []).append(t)
    return out


def targets_tab(ctx, actor: Actor) -> None:
    t = ctx.t
    st.caption(t("admin.targets.intro"))
    targets = [Target.from_mapping(r) for r in data.targets().to_dict("records")]
    for group, rows in _sentences(targets).items():
        readings = list(dict.fromkeys(r.reading_key for r in rows))
        chosen = next((r.reading_key for r in rows if r.chosen), readings[0])
        with st.container(border=True, key=f"reading-group-{group}"):
            # Not a translation: the province's document quoted as written, which exists only in
            # Vietnamese; the English page shows the English wording alone.
            if rows[0].text_as_written and ctx.lang == "vi":
                st.markdown(t("target.as_written", text=rows[0].text_as_written))
            pick = st.radio(t("admin.targets.reading"), readings, index=readings.index(chosen),
                            format_func=lambda r: t(f"target.reading.{r}"), key=f"admin_reading_{group}")
            st.caption(t("admin.targets.parts"))
            for r in rows:
                if r.reading_key == pick:
                    st.markdown(f"- {localized(r, 'wording', ctx.lang)}")
            if st.button(t("admin.targets.save"), type="primary", key=f"admin_reading_save_{group}"):
                perform(ctx, lambda s, group=group, pick=pick: reference_edits.choose_target_reading(
                    session=s, actor=actor, reading_group=group, reading_key=pick),
                    success=lambda changed: t("admin.targets.saved" if changed else "admin.targets.unchanged"))
