"""The dashboard's configuration: where its files are, and the settings read from the environment.

One place for both. Every `NTM_*` variable the README documents is read here, checked, and turned
into a typed `Settings`; a bad value stops the start with a message naming the variable
(`ConfigError`), not an error deep inside a page. `serve.py`, the command line and `app.py` read the
settings first thing, so a mistake shows before anything else runs.

`get_settings()` parses the variables once and keeps the result; it parses again only when one of
them has changed in this process (the tests and the national bench set them between runs).
This module imports nothing of the project, so every package may use it.
"""
from __future__ import annotations

import functools
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent  # the checkout (the package is installed editable: pip install -e .)
DATA_DIR = ROOT / "data"  # shipped reference data (data/README.md)
VAR_DIR = ROOT / "var"  # the runtime database and backups, git-ignored
DEFAULT_DB_PATH = VAR_DIR / "ntm.sqlite3"
DEFAULT_BAND_EDGES: tuple[int, ...] = (5, 10, 15, 17)  # dưới 5 | 5–9 | 10–14 | 15–16 | 17–18 | đạt chuẩn

VARIABLES = ("NTM_DATABASE_URL", "NTM_LOAD_SAMPLE", "NTM_WARM", "NTM_PUBLIC_READ", "NTM_BASEMAP_STYLE",
             "NTM_BAND_EDGES", "NTM_BACKUP_DIR", "NTM_PROVINCE", "NTM_START_TIMINGS")
_TRUE, _FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")


class ConfigError(ValueError):
    """A variable whose value cannot be used; the message names it (Vietnamese / English)."""

    def __init__(self, name: str, value: str, vi: str, en: str):
        super().__init__(f"{name}={value!r}: {vi} / {en}")
        self.name = name


@dataclass(frozen=True)
class Settings:
    database_url: str  # NTM_DATABASE_URL; default: the SQLite file var/ntm.sqlite3
    public_read: bool = True  # NTM_PUBLIC_READ: dashboards readable without logging in
    load_sample: bool = True  # NTM_LOAD_SAMPLE: the sample history on an empty database's first start
    warm: bool = True  # NTM_WARM: serve.py runs the overview once before serving
    basemap_style: str | None = None  # NTM_BASEMAP_STYLE: a map style URL; None: polygons only
    band_edges: tuple[int, ...] = DEFAULT_BAND_EDGES  # NTM_BAND_EDGES
    backup_dir: Path | None = None  # NTM_BACKUP_DIR (None: beside the SQLite file, or var/backups)
    province: str | None = None  # NTM_PROVINCE: GSO code of the province the pages show (None: every unit)
    start_timings: bool = False  # NTM_START_TIMINGS: serve.py prints each start step's seconds

    @classmethod
    def from_environ(cls, environ: Mapping[str, str]) -> Settings:
        """Read and check every variable; the first bad one raises ConfigError."""
        def raw(name: str) -> str:
            return (environ.get(name) or "").strip()

        return cls(
            database_url=_database_url(raw("NTM_DATABASE_URL")),
            public_read=_flag("NTM_PUBLIC_READ", raw("NTM_PUBLIC_READ"), True),
            load_sample=_flag("NTM_LOAD_SAMPLE", raw("NTM_LOAD_SAMPLE"), True),
            warm=_flag("NTM_WARM", raw("NTM_WARM"), True),
            basemap_style=_basemap(raw("NTM_BASEMAP_STYLE")),
            band_edges=_band_edges(raw("NTM_BAND_EDGES")),
            backup_dir=Path(raw("NTM_BACKUP_DIR")) if raw("NTM_BACKUP_DIR") else None,
            province=_province(raw("NTM_PROVINCE")),
            start_timings=_flag("NTM_START_TIMINGS", raw("NTM_START_TIMINGS"), False),
        )


def get_settings() -> Settings:
    """The settings of this process (parsed once per distinct set of values of the variables)."""
    return _parse(tuple(os.environ.get(name) for name in VARIABLES))


@functools.lru_cache(maxsize=8)
def _parse(values: tuple[str | None, ...]) -> Settings:
    return Settings.from_environ({k: v for k, v in zip(VARIABLES, values) if v is not None})


def _flag(name: str, value: str, default: bool) -> bool:
    if not value:
        return default
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise ConfigError(name, value, "ghi 1 (có) hoặc 0 (không)", "use 1 (yes) or 0 (no)")


def _database_url(value: str) -> str:
    if not value:
        return f"sqlite:///{DEFAULT_DB_PATH}"
    from sqlalchemy.engine import make_url  # late: `config` stays cheap to import
    from sqlalchemy.exc import ArgumentError

    try:
        make_url(value)
    except ArgumentError:
        raise ConfigError("NTM_DATABASE_URL", value,
                          "không phải địa chỉ cơ sở dữ liệu, ví dụ postgresql+psycopg://user:pass@host/db",
                          "not a database URL, e.g. postgresql+psycopg://user:pass@host/db") from None
    return value


def _band_edges(value: str) -> tuple[int, ...]:
    """'5,10,15,17' (commas or semicolons) -> (5, 10, 15, 17): whole numbers from 1 to 99, each once."""
    if not value:
        return DEFAULT_BAND_EDGES
    parts = [p.strip() for p in value.replace(";", ",").split(",") if p.strip()]
    if not parts or not all(p.isdigit() for p in parts):
        raise ConfigError("NTM_BAND_EDGES", value, "ghi các số nguyên cách nhau bởi dấu phẩy, ví dụ 5,10,15,17",
                          "use whole numbers separated by commas, e.g. 5,10,15,17")
    edges = sorted(int(p) for p in parts)
    if edges[0] < 1 or edges[-1] > 99 or len(set(edges)) != len(edges):
        raise ConfigError("NTM_BAND_EDGES", value, "mỗi ngưỡng từ 1 đến 99 và không lặp lại",
                          "each edge from 1 to 99, none repeated")
    return tuple(edges)


def _basemap(value: str) -> str | None:
    if not value:
        return None
    if not re.match(r"^(https?|mapbox)://\S+$", value):
        raise ConfigError("NTM_BASEMAP_STYLE", value, "ghi địa chỉ kiểu bản đồ (https://… hoặc mapbox://…) hoặc để trống",
                          "use a map style URL (https://… or mapbox://…) or leave it empty")
    return value


def _province(value: str) -> str | None:
    if not value:
        return None
    if not re.fullmatch(r"\d{2}", value):
        raise ConfigError("NTM_PROVINCE", value, "ghi mã tỉnh của Tổng cục Thống kê, hai chữ số (An Giang: 89)",
                          "use the province's two-digit GSO code (An Giang: 89)")
    return value
