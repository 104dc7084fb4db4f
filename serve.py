"""Start the dashboard in one process, ready before the first visitor: `python serve.py [ARGS]`.

1. Prepare the database, as `python -m data_access init` does (migrations, reference data, and on
   the very first start the sample history; `NTM_LOAD_SAMPLE=0` declines the sample).
2. Run the default page once, headlessly (Streamlit's AppTest), in this process: the modules the
   pages import, the database engine (`st.cache_resource`) and the figures the overview reads
   (`st.cache_data`) are then ready, and the first visitor does not wait for them.
3. Serve: `streamlit run app.py ARGS` in the same process (ARGS go to Streamlit, e.g.
   `--server.port 8600`), so nothing imported above is imported again.

On a restart (the database was there before step 1), step 2 also imports the modules the other
pages import (geopandas, plotly, the reports…) and reads the boundary file the map, commune and
briefing pages draw, so a first visit to any page after a restart does not pay for them (about 1 to 3
s more before the server answers). The very first start skips this: it has its own budget (the
overview drawn within 8 s of `./run`), and done beside the server, the imports slowed the first
visits they were meant to speed up.

`./run` calls this after preparing the virtual environment. `NTM_WARM=0` skips step 2;
`NTM_START_TIMINGS=1` prints the seconds of each step as JSON lines on standard error.
"""
from __future__ import annotations

import ast
import importlib
import json
import logging
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

from config import ROOT, ConfigError, Settings, get_settings


def prepare_database(settings: Settings) -> int:
    from data_access import cli

    args = ["init"] + ([] if settings.load_sample else ["--no-sample"])
    return cli.main(args + (["--timings"] if settings.start_timings else []))


@contextmanager
def quiet_logger(name: str) -> Iterator[None]:
    logger = logging.getLogger(name)
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def warm_default_page(timings: bool = False) -> None:
    """Run app.py's default page once; a failure is reported, and the page shows it to visitors."""
    t0 = time.perf_counter()
    try:
        from streamlit.testing.v1 import AppTest

        # AppTest warns that it sets its session state outside a script run, which is harmless.
        with quiet_logger("streamlit.runtime.scriptrunner_utils.script_run_context"):
            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
        try:  # the server scans the installed packages for components when it starts: not twice
            from streamlit.components.v2.component_manager import BidiComponentManager

            at._bidi_component_manager = BidiComponentManager()
        except (ImportError, AttributeError):
            pass
        at.run()
        problems = [str(e.value) for e in at.exception]
    except Exception as exc:  # the server starts anyway
        problems = [repr(exc)]
    if problems:
        detail = "; ".join(problems)[:500]
        print(f"Chưa chuẩn bị trước được trang đầu ({detail}); trang sẽ được dựng khi có người mở. / "
              f"The first page could not be prepared ({detail}); it will be built on the first visit.",
              file=sys.stderr)
    if timings:  # the start-up bench reads them (bench/bench_startup.py)
        print(json.dumps({"warm_up": round(time.perf_counter() - t0, 4)}), file=sys.stderr, flush=True)


# The map, commune and briefing pages' boundaries (read once per process, functools.lru_cache).
BOUNDARIES = "ui.map_deck"


def page_modules() -> list[tuple[str, list[str]]]:
    """The modules the pages' scripts import at their top (a page is a script, not a module: its
    imports run on its first visit): (module, the names a `from module import …` takes from it).
    Read from the files, as Streamlit reads them: serve.py does not import `ui` itself."""
    found: dict[str, list[str]] = {}
    for page in sorted((ROOT / "pages").glob("*.py")):
        for node in ast.parse(page.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Import):
                for a in node.names:
                    found.setdefault(a.name, [])
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                found.setdefault(node.module, []).extend(a.name for a in node.names)
    return list(found.items())


def warm_other_pages(timings: bool = False) -> None:
    """Import what the pages import, draw a plotly figure once (plotly loads most of its code on
    the first figure) and read the boundaries (cached for the process)."""
    t0 = time.perf_counter()
    with quiet_logger("streamlit.runtime.caching.cache_data_api"):  # "No runtime found": none is needed yet
        _import_pages()
    if timings:
        print(json.dumps({"warm_other_pages": round(time.perf_counter() - t0, 4)}), file=sys.stderr, flush=True)


def _import_pages() -> None:
    for name, names in page_modules():
        try:
            module = importlib.import_module(name)
            for sub in names:  # `from ui import map_view`: a module, imported by name
                if not hasattr(module, sub) and hasattr(module, "__path__"):
                    importlib.import_module(f"{name}.{sub}")
        except Exception as exc:  # noqa: BLE001 (the page reports it on its first visit)
            print(f"warm-up: {name}: {exc!r}", file=sys.stderr)
    try:
        import plotly.graph_objects as go

        go.Figure([go.Bar(x=["a"], y=[1]), go.Scatter(x=["a"], y=[1])]).to_json()
        importlib.import_module(BOUNDARIES).geometry()
    except Exception as exc:  # noqa: BLE001 (the pages report it)
        print(f"warm-up: {exc!r}", file=sys.stderr)


def database_exists(url: str) -> bool:
    """Whether the database has been prepared before (its migrations table is there)."""
    from sqlalchemy import inspect

    from data_access.db import get_engine

    if url.startswith("sqlite:///") and not os.path.exists(url.removeprefix("sqlite:///")):
        return False  # (connecting would make the file)
    try:
        engine = get_engine(url)
        found = inspect(engine).has_table("alembic_version")
        engine.dispose()
        return found
    except Exception:  # noqa: BLE001 (prepare_database says what is wrong)
        return False


def serve(args: list[str], settings: Settings, restart: bool = False) -> None:
    """`streamlit run app.py ARGS`, in this process. The warm-up runs once Streamlit has read its
    options (files and ARGS), just before its server starts: reading them again after the warm-up
    would make Streamlit warn that the server's options changed."""
    from streamlit.web import bootstrap
    from streamlit.web import cli as streamlit_cli

    run_app = streamlit_cli._main_run  # Streamlit 1.67's step between parsing the flags and serving

    def warm_then_run(file: str, args: list[str] | None = None, flag_options: dict | None = None) -> None:
        bootstrap.load_config_options(flag_options=flag_options or {})
        warm_default_page(settings.start_timings)
        if restart:
            warm_other_pages(settings.start_timings)
        run_app(file, args, flag_options)

    if settings.warm:
        streamlit_cli._main_run = warm_then_run
    sys.argv = ["streamlit", "run", str(ROOT / "app.py"), *args]
    streamlit_cli.main()


def main(args: list[str]) -> int:
    os.chdir(ROOT)
    try:
        settings = get_settings()  # a bad NTM_* variable stops the start here, named
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return 2
    restart = database_exists(settings.database_url)
    rc = prepare_database(settings)
    if rc:
        return rc
    serve(args, settings, restart)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
