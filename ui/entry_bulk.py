"""The whole-district grid of the data-entry page (the Excel import is ui/entry_excel.py)."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from data_access.assessments import AssessmentEdit, Record, current_records
from data_access.db import session_scope
from data_access.entry_form import CriterionForm
from domain.actor import Actor
from domain.evaluation import evaluate_criterion, needs_note
from domain.localized import localized
from services.assessments import save_assessments
from ui import data
from ui.writes import perform

# Pixels. The tick columns are headed by the criterion's number alone (the name is its tooltip):
# "TC19" beside the editable-column icon needs ~64 px, and 19 of those did not fit beside the sidebar.
# With 46 px and a 160 px name, all 19 fit from ~1,550 px wide; narrower, the grid scrolls sideways
# under the pinned commune column.
GRID_TICK_WIDTH, GRID_NAME_WIDTH = 46, 160


def _save(ctx, actor: Actor, edits: list[AssessmentEdit], action: str = "save") -> bool:
    return perform(ctx, lambda s: save_assessments(session=s, actor=actor, edits=edits, action=action),
                   success=lambda n: ctx.nt("entry.saved", n, count=n) if n else ctx.t("entry.nothing"))[0]


def district_grid(ctx, actor: Actor, period: str, communes: list[tuple[str, str, str]],
                  criteria: list[CriterionForm]) -> None:
    """Communes × criteria ticks for one district; saved in one transaction.

    All 19 criteria fit a 1,600 px screen (narrow tick columns); on a narrower one the grid scrolls
    sideways under the pinned commune column. A changed record keeps its note and indicator values; a tick against what those values
    say needs a note, which is given in the commune form, so the grid refuses it."""
    st.caption(f'{ctx.t("entry.grid_help")} {ctx.t("entry.grid_columns")}')
    codes = [c for c, _, _ in communes]
    opened_key = f"grid_{period}_{'-'.join(codes)}"
    if opened_key not in st.session_state:
        with session_scope(data.engine()) as s:
            st.session_state[opened_key] = current_records(session=s, period=period, commune_codes=codes)
    opened = st.session_state[opened_key]
    columns = {f"TC{c.number}": c for c in criteria}
    name_col = ctx.t("entry.col_commune")
    frame = pd.DataFrame(
        [{name_col: f"{code} {name}",
          **{col: bool(opened[(code, c.criterion_id)].met) if (code, c.criterion_id) in opened
             and opened[(code, c.criterion_id)].met is not None else False for col, c in columns.items()}}
         for code, name, _ in communes]
    )
    config = {col: st.column_config.CheckboxColumn(
        str(c.number), help=f"{col}. {localized(c, 'name', ctx.lang)}", width=GRID_TICK_WIDTH)
        for col, c in columns.items()}
    config[name_col] = st.column_config.TextColumn(name_col, pinned=True, width=GRID_NAME_WIDTH)
    edited = st.data_editor(frame, hide_index=True, disabled=[name_col], key=f"{opened_key}_editor",
                            width="stretch", column_config=config)
    if st.button(ctx.t("entry.save"), key=f"{opened_key}_save", type="primary"):
        ticks = {(code, c.number): bool(row[col]) for (code, _, _), (_, row) in zip(communes, edited.iterrows())
                 for col, c in columns.items()}
        edits, overriding = grid_edits(period, communes, criteria, opened, ticks)
        if overriding:
            st.error(ctx.nt("entry.grid_needs_notes", len(overriding), count=len(overriding), cells="; ".join(overriding)),
                     icon=":material/edit_note:")
        elif _save(ctx, actor, edits):
            del st.session_state[opened_key]


def grid_edits(period: str, communes: list[tuple[str, str, str]], criteria: list[CriterionForm],
               opened: dict[tuple[str, int], Record], ticks: dict[tuple[str, int], bool]
               ) -> tuple[list[AssessmentEdit], list[str]]:
    """The edits of the ticks that changed (each keeping the record's note and indicator values),
    and the cells ("Quốc Thái TC11") whose tick goes against those values without a note."""
    edits, overriding = [], []
    for code, name, _ in communes:
        for c in criteria:
            rec = opened.get((code, c.criterion_id))
            before = rec.met if rec else None
            now = ticks[(code, c.number)]
            if (before is None and not now) or now == before:
                continue  # unchanged; an empty cell left empty is not an assessment
            values = dict(rec.values) if rec else {}
            note = rec.note if rec else None
            if needs_note(now, evaluate_criterion(c.rules(), values), note):
                overriding.append(f"{name} TC{c.number}")
            edits.append(AssessmentEdit(code, c.criterion_id, period, now, note, values, rec.version if rec else 0))
    return edits, overriding

