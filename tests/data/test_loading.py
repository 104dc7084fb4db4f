"""Reference data, sample history, idempotent start, as-of reads and exports, on each backend."""
import io
import subprocess
import sys
from datetime import datetime

import pandas as pd
import pytest
from sqlalchemy import func, select, update

from config import ROOT
from data_access import queries
from data_access.bootstrap import ensure_database
from data_access.db import get_engine, session_scope
from data_access.models import Assessment, Criterion, Indicator
from sample.loader import clear_sample, load_sample
from spreadsheets.export import export_table, write
from tests.conftest import BACKENDS

SIX_RECOGNISED = {"30694", "30697", "30334", "30331", "30391", "30508"}


def test_units(session):
    communes = queries.communes(session=session)
    assert len(communes) == 156
    assert communes["type"].value_counts().to_dict() == {"xã": 119, "phường": 21, "thị trấn": 16}
    assert int(communes["assessed"].sum()) == 119
    assert set(communes.loc[communes["assessed"], "type"]) == {"xã"}
    assert len(queries.districts(session=session)) == 11
    row = communes.set_index("code").loc["30385"]
    assert (row["name"], row["name_ascii"], row["district_name"]) == ("Vĩnh Hòa", "Vinh Hoa", "Tân Châu")


def test_criteria_sets_are_versioned_with_in_force_dates(session):
    sets = queries.criteria_sets(session=session).set_index("id")
    assert list(sets.index) == ["QD491-2009", "QD491-2009+QD342-2013", "QD1980-2016"]
    assert str(sets.loc["QD491-2009+QD342-2013", "in_force_from"]) == "2013-02-20"
    assert str(sets.loc["QD491-2009", "in_force_until"]) == "2013-02-19"
    crit = queries.criteria(session=session)
    assert crit.groupby("set_id").size().to_dict() == {"QD1980-2016": 19, "QD491-2009": 19, "QD491-2009+QD342-2013": 19}
    security = crit[(crit.set_id == "QD491-2009+QD342-2013") & (crit.key == "security")].iloc[0]
    assert security["number"] == 19 and security["name_vi"] == "An ninh, trật tự xã hội"
    labour = crit[(crit.set_id == "QD491-2009") & (crit.number == 12)].iloc[0]
    assert labour["name_vi"] == "Cơ cấu lao động"


def test_indicators_keep_thresholds_and_the_verified_flag(session):
    ind = queries.indicators(session=session)
    amended = ind[ind.set_id == "QD491-2009+QD342-2013"].set_index("code")
    assert amended.loc["11", "threshold"] == 7 and amended.loc["11", "comparison"] == "<"
    assert bool(amended.loc["11", "verified"]) is True
    assert amended.loc["2.4", "threshold"] == 50 and bool(amended.loc["2.4", "verified"]) is False
    assert pd.isna(amended.loc["14.3", "threshold"])  # not known: never evaluated automatically
    assert amended.loc["10", "threshold"] == 23


def test_targets_keep_the_seed_wording(session):
    t = queries.targets(session=session).set_index("key")
    assert len(t) == 9  # + the pilots' reading of the 4/13 sentence (2) and §2.6's pilots' 2015 target
    assert t.loc["t2015_standard", "wording_vi"] == (
        "Đến cuối năm 2015 có 17/120 xã đạt tiêu chí NTM (chiếm 14,16% so tổng số xã toàn tỉnh)")
    assert (t.loc["t2015_standard", "target_count"], t.loc["t2015_standard", "denominator"]) == (17, 120)
    assert t.loc["t2013_security_all", "target_percent"] == 70
    assert t.loc["t2013_security_pilots", "group_key"] == "pilot17"
    assert str(t.loc["t2013_min17", "deadline"]) == "2013-12-31"


def test_sample_agrees_with_published_aggregates(session):
    counts = queries.status(session=session, periods=["2011-01", "2015-12"]).groupby(["period", "commune_code"])["met"].sum()
    base = counts.loc["2011-01"]
    assert len(base) == 119
    assert (base == 10).sum() == 2 and base.between(6, 9).sum() == 36 and (base <= 5).sum() == 81
    assert round(base.mean(), 1) == 4.8
    end = counts.loc["2015-12"]
    assert (end == 19).sum() == 13
    assert set(end[end == 19].index) >= SIX_RECOGNISED
    groups = queries.groups(session=session)
    assert len(groups["pilot34"]) == 34 and len(groups["pilot17"]) == 17


def test_each_month_is_assessed_under_the_set_in_force(session):
    st = queries.status(session=session, periods=["2013-01", "2013-02"])
    assert set(st[st.period == "2013-01"].set_id) == {"QD491-2009"}
    assert set(st[st.period == "2013-02"].set_id) == {"QD491-2009+QD342-2013"}
    assert len(queries.periods_with_data(session=session)) == 60


def test_a_second_start_changes_nothing(ready_url):
    with session_scope(get_engine(ready_url)) as s:
        before = (queries.data_version(session=s), s.scalar(select(func.count()).select_from(Assessment)))
    ensure_database(ready_url, load_sample_data=True)
    with session_scope(get_engine(ready_url)) as s:
        after = (queries.data_version(session=s), s.scalar(select(func.count()).select_from(Assessment)))
    assert after == before


@pytest.mark.parametrize("fresh_url", BACKENDS, indirect=True)
def test_asof_shows_what_was_recorded_then_and_sample_can_be_cleared(fresh_url):
    engine = ensure_database(fresh_url, load_sample_data=True)
    with session_scope(engine) as s:
        row = s.scalars(select(Assessment).where(Assessment.period == "2013-12", Assessment.commune_code == "30457")
                        .join(Criterion).where(Criterion.key == "income")).one()
        s.add(Assessment(commune_code=row.commune_code, criterion_id=row.criterion_id, period=row.period,
                         version=2, met=not row.met, recorded_at=datetime(2014, 3, 1, 9, 0), recorded_by="test"))
        old = row.met
    with session_scope(engine) as s:
        def income(asof):
            df = queries.status(session=s, periods=["2013-12"], asof=asof)
            return df[(df.commune_code == "30457") & (df.criterion_key == "income")]["met"].item()
        assert income(None) is (not old)
        assert income(datetime(2014, 2, 28)) is old
        assert clear_sample(session=s) == 135660
    with session_scope(engine) as s:
        assert not queries.has_sample(session=s)
        assert len(queries.status(session=s)) == 1  # the real (non-sample) row stays
        assert load_sample(session=s) == 135660


@pytest.mark.parametrize("fresh_url", BACKENDS, indirect=True)
def test_reference_reload_keeps_an_admin_correction(fresh_url):
    from data_access.meta import set_meta
    engine = ensure_database(fresh_url, load_sample_data=False)
    with session_scope(engine) as s:
        ind = s.scalars(select(Indicator).where(Indicator.code == "2.4")).first()
        s.execute(update(Indicator).where(Indicator.id == ind.id).values(threshold=60, verified=True))
        set_meta(session=s, key="reference_fingerprint", value="changed")  # as if the shipped files had changed
    ensure_database(fresh_url, load_sample_data=False)
    with session_scope(engine) as s:
        assert s.get(Indicator, ind.id).threshold == 60


def test_export_round_trip(session):
    for table in ("communes", "criteria", "targets"):
        df = export_table(session=session, table=table)
        back = pd.read_csv(io.BytesIO(write(df, "csv", None)), dtype=str, keep_default_na=False)
        assert list(back.columns) == list(df.columns)
        assert len(back) == len(df)
    communes = pd.read_csv(io.BytesIO(write(export_table(session=session, table="communes"), "csv", None)), dtype=str)
    assert communes.columns[0] == "gso_code" and len(communes) == 156
    month = export_table(session=session, table="assessments", period="2013-12")
    assert len(month) == 119 * 19
    xlsx = pd.read_excel(io.BytesIO(write(month, "xlsx", None)), dtype={"commune_code": str})
    assert xlsx["met"].sum() == month["met"].sum()
    assert xlsx["commune_code"].tolist() == month["commune_code"].tolist()


def test_command_line_export_communes(ready_url):
    out = subprocess.run(
        [sys.executable, "-m", "data_access", "--database-url", ready_url, "export", "communes", "--format", "csv"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout.splitlines()
    assert out[0].startswith("gso_code,name,type,district_code")
    assert len(out) == 157
    assert out[1].startswith("30280,Mỹ Bình,phường,883")
