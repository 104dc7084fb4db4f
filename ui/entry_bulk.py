"""The whole-district grid and the Excel import of the data-entry page."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from data_access.assessments import AssessmentEdit, Conflict, InvalidEdit, current_records
from data_access.auth import Actor
from data_access.db import session_scope
from data_access.entry_form import CriterionForm
from data_access.excel_io import build_template, edits_from, parse_upload
from data_access.messages import explain, message
from data_access.permissions import PermissionDenied
from domain.evaluation import evaluate_criterion, needs_note
from services.assessments import save_assessments
from ui import data

GRID_TICK_WIDTH = 58  # pixels: 19 ticks and the pinned name fit a laptop screen beside the sidebar


def _save(ctx, actor: Actor, edits: list[AssessmentEdit], action: str = "save") -> bool:
    try:
        with session_scope(data.engine()) as s:
            n = save_assessments(s, actor=actor, edits=edits, action=action)
    except Conflict as exc:
        st.error(message("edit.conflict", ctx.lang, count=len(exc.pairs)))
        return False
    except (PermissionDenied, InvalidEdit) as exc:
        st.error(explain(exc, ctx.lang))
        return False
    data.refresh_data_version()
    st.success(ctx.t("entry.saved", count=n) if n else ctx.t("entry.nothing"), icon=":material/check_circle:")
    return True


def district_grid(ctx, actor: Actor, period: str, communes: list[tuple[str, str, str]],
                  criteria: list[CriterionForm]) -> None:
    """Communes × criteria ticks for one district; saved in one transaction.

    Every criterion fits (narrow tick columns) and the commune column stays pinned when the grid
    scrolls. A changed record keeps its note and indicator values; a tick against what those values
    say needs a note, which is given in the commune form, so the grid refuses it."""
    st.caption(ctx.t("entry.grid_help"))
    codes = [c for c, _, _ in communes]
    opened_key = f"grid_{period}_{'-'.join(codes)}"
    if opened_key not in st.session_state:
        with session_scope(data.engine()) as s:
            st.session_state[opened_key] = current_records(s, period, codes)
    opened = st.session_state[opened_key]
    columns = {f"TC{c.number}": c for c in criteria}
    name_col = ctx.t("entry.col_commune")
    frame = pd.DataFrame(
        [{name_col: f"{code} {name}",
          **{col: bool(opened[(code, c.criterion_id)].met) if (code, c.criterion_id) in opened
             and opened[(code, c.criterion_id)].met is not None else False for col, c in columns.items()}}
         for code, name, _ in communes]
    )
    config = {col: st.column_config.CheckboxColumn(col, help=c.name_vi if ctx.lang == "vi" else c.name_en,
                                                   width=GRID_TICK_WIDTH)
              for col, c in columns.items()}
    config[name_col] = st.column_config.TextColumn(name_col, pinned=True, width="medium")
    edited = st.data_editor(frame, hide_index=True, disabled=[name_col], key=f"{opened_key}_editor",
                            width="stretch", column_config=config)
    if st.button(ctx.t("entry.save"), key=f"{opened_key}_save", type="primary"):
        edits, overriding = [], []
        for (code, name, _), (_, row) in zip(communes, edited.iterrows()):
            for col, c in columns.items():
                rec = opened.get((code, c.criterion_id))
                before = rec.met if rec else None
                now = bool(row[col])
                if before is None and not now:
                    continue  # an empty cell left empty is not an assessment
                if now != before:
                    values = dict(rec.values) if rec else {}
                    note = rec.note if rec else None
                    if needs_note(now, evaluate_criterion(c.rules(), values), note):
                        overriding.append(f"{name} {col}")
                    edits.append(AssessmentEdit(code, c.criterion_id, period, now, note, values,
                                                rec.version if rec else 0))
        if overriding:
            st.error(ctx.t("entry.grid_needs_notes", count=len(overriding), cells="; ".join(overriding)),
                     icon=":material/edit_note:")
        elif _save(ctx, actor, edits):
            del st.session_state[opened_key]


def excel_import(ctx, actor: Actor, period: str, district: str | None) -> None:
    with session_scope(data.engine()) as s:
        template = build_template(s, period, district)
    st.download_button(ctx.t("entry.excel_download"), template, file_name=f"mau-danh-gia-{period}.xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       icon=":material/download:")
    upload = st.file_uploader(ctx.t("entry.excel_upload"), type=None, key="excel_upload")
    if upload is None:
        return
    with session_scope(data.engine()) as s:
        parsed = parse_upload(s, actor, upload.getvalue())
    if parsed.errors:
        st.error(ctx.t("entry.excel_errors", count=len(parsed.errors)))
        st.markdown("\n".join(f"- {message(e.code, ctx.lang, **e.params)}" for e in parsed.errors[:200]))
        return
    if not parsed.changes:
        st.info(ctx.t("entry.excel_nothing"))
        return
    labels = {True: ctx.t("entry.met"), False: ctx.t("entry.not_met"), None: "–"}
    st.subheader(ctx.t("entry.excel_preview", count=len(parsed.changes)))
    st.table(pd.DataFrame([{
        ctx.t("entry.col_commune"): f"{c.commune_code} {c.commune_name}",
        ctx.t("entry.col_criterion"): f"TC{c.criterion_number}",
        ctx.t("entry.col_old"): labels[c.old], ctx.t("entry.col_new"): labels[c.new],
    } for c in parsed.changes]))
    if st.button(ctx.t("entry.excel_confirm", count=len(parsed.changes)), type="primary"):
        _save(ctx, actor, edits_from(parsed), action="import")
