"""Tables of the progress page: the targets district by district, and the pilot ranking with its
Excel file (the same rows in both, from domain.pilot_report)."""
from __future__ import annotations

from datetime import date

import pandas as pd

from domain.pilot_report import PilotReport
from domain.targets import Target
from reports.ranking_workbook import ExcelText
from ui.formatting import fmt_date, fmt_number, fmt_percent, fmt_period


def target_column(ctx, target: Target, criterion_names: dict[str, str]) -> str:
    """A short heading for a target's figure, built from what the target counts."""
    if target.metric == "communes_min_criteria" and target.band_max is not None:
        return ctx.t("progress.col.band_criteria", n=target.min_criteria, m=target.band_max)
    if target.metric == "communes_min_criteria":
        return ctx.t("progress.col.min_criteria", n=target.min_criteria)
    if target.metric == "communes_below_criteria":
        return ctx.t("progress.col.below_criteria", n=target.min_criteria)
    if target.metric == "criterion_share":
        key = target.criterion_key
        return ctx.t("progress.col.criterion_share", name=criterion_names.get(key, key))
    return ctx.t("progress.col.standard")


def district_table(ctx, comparison: pd.DataFrame, targets: list[Target],
                   criterion_names: dict[str, str]) -> pd.DataFrame:
    """One row per district then the province, figures formatted; the district name is the index."""
    shown = [t for t in targets if t.key in comparison.columns]
    rows = []
    for r in comparison.to_dict("records"):
        row = {
            ctx.t("col.district"): r["district_name"] or ctx.t("filter.all_districts"),
            ctx.t("col.communes"): fmt_number(r["communes"], 0, ctx.lang),
            ctx.t("col.average"): fmt_number(r["average_met"], 2, ctx.lang),
        }
        for t in shown:
            value = r[t.key]
            row[target_column(ctx, t, criterion_names)] = (
                fmt_percent(value, 1, ctx.lang) if t.by_percent else fmt_number(value, 0, ctx.lang))
        rows.append(row)
    return pd.DataFrame(rows).set_index(ctx.t("col.district"))


def previous_label(ctx, report: PilotReport) -> str:
    if report.previous_period is None:
        return ctx.t("progress.no_previous")
    return fmt_period(report.previous_period, ctx.lang, long=True)


def ranking_table(ctx, report: PilotReport) -> pd.DataFrame:
    """The ranking as shown on the page; the index is the row number (ranks can tie)."""
    change = ctx.t("progress.col.change", previous=previous_label(ctx, report))
    rows = [{
        ctx.t("progress.col.rank"): r.rank,
        ctx.t("progress.col.commune_code"): r.commune_code,
        ctx.t("progress.col.commune"): r.commune_name,
        ctx.t("col.district"): r.district_name,
        ctx.t("progress.col.met"): f"{r.criteria_met}/{r.criteria_total}",
        change: r.change_text,
        ctx.t("progress.col.missing"): ", ".join(r.missing) or ctx.t("progress.nothing_missing"),
    } for r in report.rows]
    table = pd.DataFrame(rows, index=pd.RangeIndex(1, len(rows) + 1, name=ctx.t("progress.col.row")))
    return table


def ranking_styler(ctx, table: pd.DataFrame):
    """The ranking table with gains in green and losses in red (the text keeps its ▲/▼)."""
    change = next(c for c in table.columns if c.startswith(ctx.t("progress.col.change", previous="").strip()))

    def colour(text: str) -> str:
        return "color: #1a7f37; font-weight: 600" if text.startswith("▲") else (
            "color: #c62828; font-weight: 600" if text.startswith("▼") else "")
    return table.style.map(colour, subset=[change])


def excel_text(ctx, report: PilotReport, group_name: str, scope_name: str, today: date) -> ExcelText:
    previous = previous_label(ctx, report)
    return ExcelText(
        sheet=ctx.t("progress.excel.sheet"),
        agency=ctx.t("progress.excel.agency"),
        title=ctx.t("progress.excel.title", group=group_name.upper(),
                    month=fmt_period(report.period, ctx.lang, long=True).upper()),
        subtitle=ctx.t("progress.excel.subtitle", scope=scope_name, previous=previous),
        sample_note=ctx.t("progress.excel.sample"),
        headers=(ctx.t("progress.col.rank"), ctx.t("progress.col.commune_code"),
                 ctx.t("progress.col.commune"),
                 ctx.t("col.district"), ctx.t("progress.col.met"), ctx.t("progress.col.total"),
                 ctx.t("progress.col.change", previous=previous), ctx.t("progress.col.missing")),
        nothing_missing=ctx.t("progress.nothing_missing"),
        footer=ctx.t("progress.excel.footer", date=fmt_date(today, ctx.lang)),
    )
