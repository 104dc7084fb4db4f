"""Settings read from the environment (one place, so tests and the command line agree)."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
# The runtime database lives in a git-ignored folder beside the code.
DEFAULT_DB_PATH = ROOT / "var" / "ntm.sqlite3"


@dataclass(frozen=True)
class Settings:
    database_url: str
    public_read: bool
    load_sample: bool
    basemap_style: str | None
    band_edges: tuple[int, ...]
    backup_dir: Path | None  # automatic backups before a restore (None: beside the SQLite file / var/backups)
    province: str | None = None  # GSO code of the province the pages show (None: every unit in the database)


def _band_edges(raw: str | None) -> tuple[int, ...]:
    if not raw:
        return (5, 10, 15, 17)
    return tuple(sorted(int(x) for x in raw.replace(";", ",").split(",") if x.strip()))


def get_settings() -> Settings:
    url = os.environ.get("NTM_DATABASE_URL") or f"sqlite:///{DEFAULT_DB_PATH}"
    return Settings(
        database_url=url,
        public_read=os.environ.get("NTM_PUBLIC_READ", "1") != "0",
        # The sample history is loaded on first start unless NTM_LOAD_SAMPLE=0.
        load_sample=os.environ.get("NTM_LOAD_SAMPLE", "1") != "0",
        basemap_style=os.environ.get("NTM_BASEMAP_STYLE") or None,
        band_edges=_band_edges(os.environ.get("NTM_BAND_EDGES")),
        backup_dir=Path(os.environ["NTM_BACKUP_DIR"]) if os.environ.get("NTM_BACKUP_DIR") else None,
        province=(os.environ.get("NTM_PROVINCE") or "").strip() or None,
    )
