"""The commune profile's own change history, from the audit log (every save names the commune)."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from data_access import audit
from data_access.db import session_scope
from ui import data
from ui.formatting import fmt_datetime


def changes(ctx, code: str) -> None:
    st.subheader(ctx.t("commune.audit_title"))
    with session_scope(data.engine()) as s:
        log = audit.entries(s, table="assessment", key_prefix=f"{code}/", limit=200)
    if log.empty:
        st.caption(ctx.t("commune.audit_none"))
        return
    st.table(pd.DataFrame({
        ctx.t("commune.audit_at"): [fmt_datetime(a) for a in log["at"]],
        ctx.t("commune.audit_who"): log["username"],
        ctx.t("commune.audit_what"): [k.split("/", 1)[1] for k in log["row_key"]],
        ctx.t("commune.audit_old"): log["old_value"].fillna(""),
        ctx.t("commune.audit_new"): log["new_value"].fillna(""),
    }))
