"""The target wording and the map's change scale on the sample history as each backend returns it
(SQLite, and PostgreSQL when NTM_TEST_DATABASE_URL is set): the phrases agree with counts made
directly from the rows, whatever types the driver hands back."""
from __future__ import annotations

from datetime import date

import pandas as pd

from data_access import queries
from data_access.db import get_engine, session_scope
from domain import target_wording as words
from domain.map_figures import colour_keys, key_counts, month_figures
from domain.months import Month
from domain.targets import Target, evaluate
from geo.colours import change_key


def load(url: str):
    with session_scope(get_engine(url)) as s:
        targets = [Target.from_mapping(r) for r in queries.targets(session=s).to_dict("records")]
        return queries.status(session=s), queries.groups(session=s), queries.communes(session=s), targets


def per_commune(status: pd.DataFrame, period: str) -> pd.Series:
    return status[status["period"] == period].groupby("commune_code")["met"].sum().astype(int)


def test_2013_targets_read_at_12_2015(ready_url):
    status, groups, _, targets = load(ready_url)
    by_key = {t.key: t for t in targets}
    now, then = per_commune(status, "2015-12"), per_commune(status, "2013-12")

    below = evaluate(by_key["t2013_none_below5"], status, groups=groups, period="2015-12")
    n_now, n_then = int((now < 5).sum()), int((then < 5).sum())
    phrase = words.situation(below)
    assert phrase.values["count"] == n_now and phrase.values["min"] == 5
    assert phrase.key == ("target.now.below.met" if n_now == 0 else "target.now.below.too_many")
    verdict = words.verdict(below)
    assert verdict.key == ("target.by.met_at" if n_then == 0 else "target.by.not_met_at")
    assert verdict.values["date"] == date(2013, 12, 31)
    assert verdict.values["at"].values == {"period": Month(2013, 12), "count": n_then, "min": 5}
    assert words.forecast(below).key == "target.fc.passed"

    min17 = evaluate(by_key["t2013_min17"], status, groups=groups, period="2015-12")
    at17 = int((now >= 17).sum())
    phrase = words.situation(min17)
    assert at17 > 4 and phrase == words.Phrase("target.now.count.above", {"count": at17, "over": at17 - 4})


def test_change_scale_counts_on_the_sample_history(ready_url):
    status, _, communes, _ = load(ready_url)
    units = communes[["code", "assessed"]]
    figs = month_figures(status, units, "2015-12", compare="2013-01")
    now, before = per_commune(status, "2015-12"), per_commune(status, "2013-01")
    expected = {}
    for code in communes.loc[communes["assessed"], "code"]:
        key = change_key(int(now[code] - before[code])) if code in now and code in before else "no_data"
        expected[key] = expected.get(key, 0) + 1
    expected["not_assessed"] = int((~communes["assessed"]).sum())
    assert key_counts(colour_keys(figs, "change")) == expected
    assert sum(v for k, v in expected.items() if k.startswith("gained")) > 100  # three years of progress
