"""Quản trị: accounts, members of the pilot groups, provisional thresholds, the audit log, backup."""
from __future__ import annotations

import streamlit as st

from ui import admin_report_settings, admin_targets, admin_view
from ui.auth_view import current_actor
from ui.shell import setup_page

ctx = setup_page("admin")  # administrators only: anyone else gets the login or a refusal here
actor = current_actor()

st.title(ctx.t("admin.title"))
users, groups, thresholds, log, backup, targets, report = st.tabs([
    ctx.t("admin.tab_users"), ctx.t("admin.tab_groups"), ctx.t("admin.tab_thresholds"), ctx.t("admin.tab_audit"),
    ctx.t("admin.tab_backup"), ctx.t("admin.tab_targets"), ctx.t("admin.tab_report"),
])
with users:
    admin_view.users_tab(ctx, actor)
with groups:
    admin_view.groups_tab(ctx, actor)
with thresholds:
    admin_view.thresholds_tab(ctx, actor)
with log:
    admin_view.audit_tab(ctx)
with backup:
    admin_view.backup_tab(ctx, actor)
with targets:
    admin_targets.targets_tab(ctx, actor)
with report:
    admin_report_settings.report_settings_tab(ctx, actor)

ctx.finish()
