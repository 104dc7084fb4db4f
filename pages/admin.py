"""Quản trị: accounts, members of the pilot groups, provisional thresholds, the audit log, backup."""
from __future__ import annotations

import streamlit as st

from ui import admin_report_settings, admin_targets, admin_view
from ui.auth_view import current_actor
from ui.shell import setup_page

ctx = setup_page("admin")  # administrators only: anyone else gets the login or a refusal here
actor = current_actor()

st.title(ctx.t("admin.title"))
tabs = {  # the tabs in their order, each with what it draws
    "admin.tab_users": lambda: admin_view.users_tab(ctx, actor),
    "admin.tab_groups": lambda: admin_view.groups_tab(ctx, actor),
    "admin.tab_thresholds": lambda: admin_view.thresholds_tab(ctx, actor),
    "admin.tab_audit": lambda: admin_view.audit_tab(ctx),
    "admin.tab_backup": lambda: admin_view.backup_tab(ctx, actor),
    "admin.tab_targets": lambda: admin_targets.targets_tab(ctx, actor),
    "admin.tab_report": lambda: admin_report_settings.report_settings_tab(ctx, actor),
}
for tab, draw in zip(st.tabs([ctx.t(key) for key in tabs]), tabs.values()):
    with tab:
        draw()

ctx.finish()
