"""The months the entry page offers."""


def test_an_empty_database_offers_the_current_month_for_entry(tmp_path):
    from datetime import date

    from data_access.bootstrap import ensure_database
    from data_access.db import session_scope
    from data_access.entry_form import enterable_periods
    engine = ensure_database(f"sqlite:///{tmp_path / 'empty.sqlite3'}", load_sample_data=False)
    with session_scope(engine) as s:
        assert enterable_periods(session=s, today=date(2026, 11, 30)) == ["2026-11"]
