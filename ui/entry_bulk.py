"""The whole-district grid of the data-entry page (the Excel import is ui/entry_excel.py)."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from data_access.assessments import AssessmentEdit, Conflict, InvalidEdit, current_records
from data_access.auth import Actor
from data_access.db import session_scope
from data_access.entry_form import CriterionForm
from data_access.messages import explain, message
from data_access.permissions import PermissionDenied
from services.assessments import save_assessments
from ui import data


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
    """Communes × criteria ticks for one district; saved in one transaction."""
    st.caption(ctx.t("entry.grid_help"))
    codes = [c for c, _, _ in communes]
    opened_key = f"grid_{period}_{'-'.join(codes)}"
    if opened_key not in st.session_state:
        with session_scope(data.engine()) as s:
            st.session_state[opened_key] = current_records(s, period, codes)
    opened = st.session_state[opened_key]
    columns = {f"TC{c.number}": c for c in criteria}
    frame = pd.DataFrame(
        [{ctx.t("entry.col_commune"): f"{code} {name}",
          **{col: bool(opened[(code, c.criterion_id)].met) if (code, c.criterion_id) in opened
             and opened[(code, c.criterion_id)].met is not None else False for col, c in columns.items()}}
         for code, name, _ in communes]
    )
    edited = st.data_editor(frame, hide_index=True, disabled=[ctx.t("entry.col_commune")],
                            key=f"{opened_key}_editor", width="stretch",
                            column_config={col: st.column_config.CheckboxColumn(col, help=c.name_vi)
                                           for col, c in columns.items()})
    if st.button(ctx.t("entry.save"), key=f"{opened_key}_save", type="primary"):
        edits = []
        for (code, _, _), (_, row) in zip(communes, edited.iterrows()):
            for col, c in columns.items():
                rec = opened.get((code, c.criterion_id))
                before = rec.met if rec else None
                now = bool(row[col])
                if before is None and not now:
                    continue  # an empty cell left empty is not an assessment
                if now != before:
                    edits.append(AssessmentEdit(code, c.criterion_id, period, now, rec.note if rec else None,
                                                dict(rec.values) if rec else {}, rec.version if rec else 0))
        if _save(ctx, actor, edits):
            del st.session_state[opened_key]
