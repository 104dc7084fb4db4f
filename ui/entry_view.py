"""The commune form of the data-entry page: every criterion with its result, indicator values
(evaluated against the thresholds as you type, and the result follows them), note; save with
optimistic locking and a conflict panel that shows both versions and lets the person choose.

The save result is written beside the Save button, at the bottom of a long form where the person
is, and the save runs in the button's callback, so there is no second rerun to move the page."""
from __future__ import annotations

import dataclasses

import pandas as pd
import streamlit as st

from data_access.assessments import AssessmentEdit, Conflict, Record, current_records
from data_access.db import session_scope
from data_access.entry_form import CriterionForm
from domain.actor import Actor
from domain.evaluation import evaluate_criterion, needs_note, rule_text
from domain.localized import localized
from domain.user_text import NOTE_LIMIT
from i18n import translate
from services.assessments import save_assessments
from ui import data, plain
from ui.formatting import author_text, fmt_datetime, fmt_number
from ui.writes import perform

# The page's tabs (catalogue keys entry.tab_<name>), the first one drawn on the first screen (ui.lazy_tabs).
ENTRY_TABS = ("commune", "district", "excel", "tasks")
ENTRY_TABS_KEY = "entry_tab"

CHOICES = ("met", "not_met", "unknown")


def _met_to_choice(met: bool | None) -> str:
    return "unknown" if met is None else ("met" if met else "not_met")


def _choice_to_met(choice: str) -> bool | None:
    return {"met": True, "not_met": False}.get(choice)


class CommuneForm:
    """Widget state of one commune × month, keyed so that another commune or month starts fresh."""

    def __init__(self, ctx, period: str, commune: str, criteria: list[CriterionForm]):
        self.ctx, self.period, self.commune, self.criteria = ctx, period, commune, criteria
        self.prefix = f"entry_{period}_{commune}"
        opened = f"{self.prefix}_opened"
        if opened not in st.session_state:
            st.session_state[opened] = self._read_current()
        self.opened: dict[int, Record | None] = st.session_state[opened]

    def _read_current(self) -> dict[int, Record | None]:
        with session_scope(data.engine()) as s:
            recs = current_records(session=s, period=self.period, commune_codes=[self.commune])
        return {c.criterion_id: recs.get((self.commune, c.criterion_id)) for c in self.criteria}

    @staticmethod
    def refuse_commune(ctx, actor: Actor, fallback: str):
        """What the commune parameter says when it names a commune the account may not edit: for a
        district editor and another district's commune, the permission sentence (not "invalid")."""
        def on_invalid(name: str, value: str) -> None:
            known = data.communes()
            row = known[known["code"] == value]
            if not row.empty and not actor.may_write_in(row.iloc[0]["district_code"]):
                district = data.districts().set_index("code")["name"].get(actor.district_limit, actor.district_limit)
                ctx.notices.error(translate("perm.other_district", ctx.lang, commune=f"{row.iloc[0]['name']} ({value})",
                                          district=district), icon=":material/block:")
            else:
                ctx.invalid(name, value, fallback)
        return on_invalid

    def key(self, kind: str, ident: int) -> str:
        return f"{self.prefix}_{kind}_{ident}"

    def _values(self, crit: CriterionForm) -> dict[int, float | None]:
        return {f.rule.indicator_id: st.session_state.get(self.key("val", f.rule.indicator_id))
                for f in crit.indicators if f.rule.comparison != "achieved"}

    def _follow(self, crit: CriterionForm) -> None:
        """A value changed: when the values now decide the criterion, the result follows them.
        Choosing another result afterwards is an override, which needs a note."""
        result = evaluate_criterion(crit.rules(), self._values(crit))
        if result.met is not None:
            st.session_state[self.key("met", crit.criterion_id)] = _met_to_choice(result.met)

    def _fill(self, records: dict[int, Record | None], only: set[int] | None = None, force: bool = False) -> None:
        for crit in self.criteria:
            if only is not None and crit.criterion_id not in only:
                continue
            rec = records.get(crit.criterion_id)
            values = {self.key("met", crit.criterion_id): _met_to_choice(rec.met if rec else None),
                      self.key("note", crit.criterion_id): (rec.note or "") if rec else ""}
            for f in crit.indicators:
                values[self.key("val", f.rule.indicator_id)] = (rec.values.get(f.rule.indicator_id) if rec else None)
            for k, v in values.items():
                if force or k not in st.session_state:
                    st.session_state[k] = v

    def copy_month(self, previous: str) -> bool:
        """Fill the form with the previous month's records (matched by criterion key)."""
        with session_scope(data.engine()) as s:
            prev = current_records(session=s, period=previous, commune_codes=[self.commune])
            from data_access.criteria import criteria_by_period
            prev_ids = criteria_by_period(session=s, periods=[previous]).get(previous, {})
        crit_keys = data.criteria().set_index("id")["key"]
        by_key = {crit_keys.get(cid): rec for (code, cid), rec in prev.items()}
        if not by_key:
            return False
        mapped = {}
        for c in self.criteria:
            rec = by_key.get(c.key)
            if rec is not None:
                # Indicator ids differ between sets; values carry over only within the same set.
                same_set = c.criterion_id in prev_ids.values()
                mapped[c.criterion_id] = dataclasses.replace(rec, values=rec.values if same_set else {})
        self._fill(mapped, force=True)
        return True

    def draw(self) -> None:
        """Draw every criterion (the edits are read back by `edits_now`)."""
        t = self.ctx.t
        self._fill(self.opened)
        labels = {"met": t("entry.met"), "not_met": t("entry.not_met"), "unknown": t("entry.unknown")}
        for crit in self.criteria:
            rec = self.opened.get(crit.criterion_id)
            with st.container(border=True):
                name = localized(crit, "name", self.ctx.lang)
                st.markdown(f"**TC{crit.number}. {name}**")
                st.caption(t("entry.current", status=labels[_met_to_choice(rec.met)], version=rec.version,
                             who=author_text(rec.recorded_by, self.ctx.lang), when=fmt_datetime(rec.recorded_at)) if rec else t("entry.current_none"))
                values = {}
                numeric = [f for f in crit.indicators if f.rule.comparison != "achieved"]
                if numeric:
                    cols = st.columns(min(3, len(numeric)))
                    for i, f in enumerate(numeric):
                        rule = f.rule
                        text = localized(f, "text", self.ctx.lang)
                        # The threshold is part of the label: staff see what decides without hovering.
                        bits = [t("entry.threshold", rule=rule_text(rule))] if rule.threshold is not None else []
                        if not rule.verified:
                            bits.append(t("entry.provisional"))
                        label = f"{rule.code}. {text}" + (f" ({', '.join(bits)})" if bits else "")
                        values[rule.indicator_id] = cols[i % len(cols)].number_input(
                            label, key=self.key("val", rule.indicator_id), value=None, format="%.2f",
                            on_change=self._follow, args=(crit,))
                result = evaluate_criterion(crit.rules(), values)
                left, right = st.columns([1, 2])
                choice = left.segmented_control(t("entry.status"), CHOICES, key=self.key("met", crit.criterion_id),
                                                format_func=labels.get, selection_mode="single")
                note = right.text_input(t("entry.note"), key=self.key("note", crit.criterion_id),
                                        max_chars=NOTE_LIMIT)
                if result.met is not None:
                    decided = next(r for r in result.indicators if r.code == result.deciding)
                    st.caption(t("entry.evaluated", status=labels[_met_to_choice(result.met)], code=decided.code,
                                 value=fmt_number(decided.value, 2, self.ctx.lang), rule=decided.rule_text))
                elif numeric:
                    st.caption(t("entry.evaluated_open"))
                met = _choice_to_met(choice or "unknown")
                if needs_note(met, result, note):
                    st.warning(t("entry.override_note"), icon=":material/edit_note:")

    def edits_now(self) -> list[AssessmentEdit]:
        """The edits the form's widgets hold (read from the session, so a callback can save them)."""
        edits = []
        for crit in self.criteria:
            rec = self.opened.get(crit.criterion_id)
            met = _choice_to_met(st.session_state.get(self.key("met", crit.criterion_id)) or "unknown")
            note = (st.session_state.get(self.key("note", crit.criterion_id)) or "").strip() or None
            values = {k: v for k, v in self._values(crit).items() if v is not None}
            edits.append(AssessmentEdit(self.commune, crit.criterion_id, self.period, met, note, values,
                                        rec.version if rec else 0))
        return edits

    def missing_notes(self, edits: list[AssessmentEdit]) -> list[int]:
        """Numbers of the criteria whose chosen result overrides the values without a note."""
        return [crit.number for crit, edit in zip(self.criteria, edits)
                if needs_note(edit.met, evaluate_criterion(crit.rules(), edit.values), edit.note)]

    def save(self, actor: Actor, edits: list[AssessmentEdit]) -> None:
        """Save, and keep the outcome for the place beside the Save button (or the conflict panel)."""
        t = self.ctx.t
        missing = self.missing_notes(edits)
        if missing:
            self._result("error", t("entry.needs_notes", count=len(missing),
                                    criteria=", ".join(f"TC{n}" for n in missing)))
            return
        def conflict(exc: Conflict) -> None:
            st.session_state[f"{self.prefix}_conflict"] = (edits, [e.criterion_id for e, _ in exc.pairs])

        # A button's callback: the outcome is kept and drawn beside the Save button by save_bar.
        ok, n = perform(self.ctx, lambda s: save_assessments(session=s, actor=actor, edits=edits),
                        on_refusal=lambda text: self._result("error", text), on_conflict=conflict)
        if ok:
            self.reopen()
            self._result("success", self.ctx.nt("entry.saved", n, count=n) if n else t("entry.nothing"))

    def _result(self, kind: str, text: str) -> None:
        st.session_state[f"{self.prefix}_result"] = (kind, text)

    def save_bar(self, actor: Actor) -> None:
        """The Save button with its result right beside it."""
        button, place = st.columns([1, 6], vertical_alignment="center")
        button.button(self.ctx.t("entry.save"), type="primary", icon=":material/save:", key=f"{self.prefix}_save",
                      on_click=lambda: self.save(actor, self.edits_now()), width="stretch")
        outcome = st.session_state.pop(f"{self.prefix}_result", None)
        if outcome:
            kind, text = outcome
            icon = ":material/check_circle:" if kind == "success" else ":material/block:"
            getattr(place, kind)(text, icon=icon)

    def reopen(self) -> None:
        st.session_state[f"{self.prefix}_opened"] = self._read_current()

    def conflict_panel(self, actor: Actor) -> bool:
        """Both versions of each conflicting record and the two ways out. True while shown."""
        pending = st.session_state.get(f"{self.prefix}_conflict")
        if not pending:
            return False
        t = self.ctx.t
        edits, ids = pending
        fresh = self._read_current()
        labels = {True: t("entry.met"), False: t("entry.not_met"), None: t("entry.unknown")}
        names = {c.criterion_id: f"TC{c.number}" for c in self.criteria}
        rows = []
        for e in edits:
            if e.criterion_id in ids:
                theirs = fresh.get(e.criterion_id)
                rows.append({
                    t("entry.col_criterion"): names[e.criterion_id],
                    t("entry.col_mine"): f"{labels[e.met]} · {e.note or ''}",
                    t("entry.col_theirs"): f"{labels[theirs.met if theirs else None]} · {(theirs.note or '') if theirs else ''}",
                    t("entry.col_who"): f"{author_text(theirs.recorded_by, self.ctx.lang)}, {fmt_datetime(theirs.recorded_at)}" if theirs else "",
                })
        st.error(f"**{t('entry.conflict_title')}**. {t('entry.conflict_help')}", icon=":material/sync_problem:")
        st.table(plain.table(pd.DataFrame(rows)))
        mine, theirs_col = st.columns(2)
        if mine.button(t("entry.conflict_keep_mine"), type="primary"):
            rebased = [dataclasses.replace(e, base_version=(fresh[e.criterion_id].version if fresh.get(e.criterion_id)
                                                            else 0)) for e in edits]
            del st.session_state[f"{self.prefix}_conflict"]
            self.save(actor, rebased)
            st.rerun()
        if theirs_col.button(t("entry.conflict_take_theirs")):
            del st.session_state[f"{self.prefix}_conflict"]
            st.session_state[f"{self.prefix}_opened"] = fresh
            self._fill(fresh, only=set(ids), force=True)
            st.rerun()
        return True

