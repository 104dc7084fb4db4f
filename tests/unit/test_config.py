"""config: every NTM_* variable read and checked in one place; a bad value names its variable."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import config
from config import ConfigError, Settings, get_settings


def test_defaults_are_the_readmes():
    s = Settings.from_environ({})
    assert s.database_url == f"sqlite:///{config.ROOT / 'var' / 'ntm.sqlite3'}"
    assert (s.public_read, s.load_sample, s.warm, s.start_timings) == (True, True, True, False)
    assert s.band_edges == (5, 10, 15, 17) and s.basemap_style is None
    assert s.backup_dir is None and s.province is None


def test_values_as_the_readme_writes_them():
    s = Settings.from_environ({
        "NTM_DATABASE_URL": "postgresql+psycopg://u:p@localhost/ntm", "NTM_PUBLIC_READ": "0",
        "NTM_LOAD_SAMPLE": "0", "NTM_WARM": "0", "NTM_BAND_EDGES": "17;5, 10,15",
        "NTM_BASEMAP_STYLE": "https://tiles.example/style.json", "NTM_BACKUP_DIR": "/srv/sao-luu",
        "NTM_PROVINCE": " 89 ", "NTM_START_TIMINGS": "1"})
    assert s.database_url == "postgresql+psycopg://u:p@localhost/ntm"
    assert (s.public_read, s.load_sample, s.warm, s.start_timings) == (False, False, False, True)
    assert s.band_edges == (5, 10, 15, 17)  # sorted, semicolons or commas
    assert s.basemap_style == "https://tiles.example/style.json"
    assert s.backup_dir == Path("/srv/sao-luu") and s.province == "89"


def test_empty_values_mean_the_default():
    s = Settings.from_environ({name: "" for name in config.VARIABLES})
    assert s == Settings.from_environ({})


@pytest.mark.parametrize("name, value", [
    ("NTM_BAND_EDGES", "5,x,15"), ("NTM_BAND_EDGES", "5,5,10"), ("NTM_BAND_EDGES", "0,10"),
    ("NTM_BAND_EDGES", "-5,10"), ("NTM_BAND_EDGES", ",,"), ("NTM_PUBLIC_READ", "maybe"),
    ("NTM_LOAD_SAMPLE", "2"), ("NTM_PROVINCE", "An Giang"), ("NTM_PROVINCE", "890"),
    ("NTM_DATABASE_URL", "not a url"), ("NTM_BASEMAP_STYLE", "light"),
])
def test_a_bad_value_names_its_variable(name, value):
    with pytest.raises(ConfigError) as err:
        Settings.from_environ({name: value})
    assert err.value.name == name
    assert str(err.value).startswith(f"{name}={value!r}: ")
    assert " / " in str(err.value)  # Vietnamese, then English


def test_read_once_per_set_of_values(monkeypatch):
    monkeypatch.setenv("NTM_BAND_EDGES", "3,6")
    first = get_settings()
    assert first.band_edges == (3, 6) and get_settings() is first  # parsed once, then kept
    monkeypatch.setenv("NTM_BAND_EDGES", "4")
    assert get_settings().band_edges == (4,)  # a variable changed in this process: read again


def test_the_command_line_stops_at_a_bad_variable(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "NTM_BAND_EDGES": "5,mười", "NTM_DATABASE_URL": f"sqlite:///{tmp_path}/x.db"}
    done = subprocess.run([sys.executable, "-m", "data_access", "init"], cwd=config.ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert "NTM_BAND_EDGES='5,mười'" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "x.db").exists()  # nothing ran


def test_serve_stops_at_a_bad_variable(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "NTM_PUBLIC_READ": "khong", "NTM_DATABASE_URL": f"sqlite:///{tmp_path}/x.db"}
    done = subprocess.run([sys.executable, str(config.ROOT / "serve.py")], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert "NTM_PUBLIC_READ='khong'" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "x.db").exists()
