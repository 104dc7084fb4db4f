"""Where the page shell's cost in the browser comes from: an empty Streamlit page (the floor) against
the floor plus one part of the shell at a time, warm loads in new tabs, alternately, same run.

The shell (ui/shell.py, ui/filters.py) is a sidebar with a title, a language switch, eight page
links and three select boxes, plus the share link. bench_shell.py measures it whole (1,50–1,76 ×
the floor); this bench asks whether one part carries that cost (then removing it would bring every
page near the floor) or whether each adds a little. The parts are written here with the same
widgets and sizes as the shell (60 months, 11 districts, 3 groups, 8 links with icons), without the
project's code, so a part's figure is the widget's own cost.

    python bench/bench_shell_parts.py [--runs 7] [--parts floor select3 ...]

Prints one JSON object: per part, the median time to idle (ms), its ratio to the floor's median,
and the tab's main-thread CPU (ms); the load average at the start and the end.
"""
from __future__ import annotations

import argparse
import json
import statistics
import tempfile
from contextlib import ExitStack
from pathlib import Path

from bench.browser import VIEWPORT, launch, load, load_average, streamlit_server, write_floor_app

HEAD = "import streamlit as st\nst.set_page_config(layout='wide', initial_sidebar_state='expanded')\n"
READY = "st.html('<span data-testid=\"ntm-ready\" data-run=\"1\"></span>')\n"
MONTHS = [f"{y}-{m:02d}" for y in range(2011, 2016) for m in range(1, 13)]
ICONS = [":material/dashboard:", ":material/map:", ":material/location_on:", ":material/trending_up:",
         ":material/task_alt:", ":material/slideshow:", ":material/edit_note:", ":material/admin_panel_settings:"]
PARTS = {
    "floor": "",
    "sidebar_text": """
with st.sidebar:
    st.markdown("### Nông thôn mới An Giang")
    st.caption("Theo dõi Chương trình MTQG xây dựng nông thôn mới tỉnh An Giang")
""",
    "language_radio": """
with st.sidebar:
    st.radio("Ngôn ngữ / Language", ["Tiếng Việt", "English"])
""",
    "links8": f"""
with st.sidebar:
    for i, icon in enumerate({ICONS!r}):
        st.page_link(f"http://example.invalid/{{i}}", label=f"Trang {{i}}", icon=icon)
""",
    "select3": f"""
with st.sidebar:
    st.selectbox("Kỳ (tháng)", {MONTHS!r}, index=35)
    st.selectbox("Huyện", ["Tất cả"] + [f"Huyện {{i}}" for i in range(11)])
    st.selectbox("Nhóm xã", ["Tất cả xã", "34 xã điểm", "17 xã điểm"])
""",
    "share_link": """
st.html('<div class="ntm-share"><label>Liên kết</label><div><input readonly value="http://x/?period=2013-12">'
        '<button>Sao chép</button></div></div>')
""",
}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--parts", nargs="+", default=list(PARTS), choices=list(PARTS))
    args = ap.parse_args(argv)
    names = ["floor", *[p for p in args.parts if p != "floor"]]
    from playwright.sync_api import sync_playwright

    with ExitStack() as stack, sync_playwright() as p, tempfile.TemporaryDirectory() as tmp:
        bases = {}
        for name in names:
            app = write_floor_app(Path(tmp) / name)  # the project's theme and toolbar settings
            app.write_text(HEAD + PARTS[name] + READY, encoding="utf-8")
            bases[name] = stack.enter_context(streamlit_server(app))
        browser = launch(p)
        contexts = {n: browser.new_context(viewport=VIEWPORT) for n in names}
        for n in names:  # the first load of each fetches Streamlit's files: not counted
            load(contexts[n], bases[n] + "/")
        start = load_average()
        rows: dict[str, list[dict]] = {n: [] for n in names}
        for _ in range(args.runs):
            for n in names:
                rows[n].append(load(contexts[n], bases[n] + "/", server=bases[n]))
        floor = statistics.median(r["ms"] for r in rows["floor"])
        out = {}
        for n in names:
            ms = statistics.median(r["ms"] for r in rows[n])
            out[n] = {"ms": round(ms), "x_floor": round(ms / floor, 2),
                      "browser_cpu_ms": round(statistics.median(r["browser_cpu_ms"] for r in rows[n]))}
        print(json.dumps({"runs": args.runs, "load_average": [start, load_average()], "parts": out}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
