"""No string of the other language on any page (issue 12, point 7): every page, in Vietnamese and
in English, opened as an administrator (so /entry and /admin are swept too), with each tab drawn.

English pages may not show a Vietnamese word (a Vietnamese-only letter or a tone mark) outside
what is Vietnamese by nature: names and what the database holds only in Vietnamese (communes,
districts, agencies, the programme's wording, what people typed; tests.app.language_sweep), the
report's heading (a Vietnamese document), document numbers (10/CTCT-BCĐNTM), the language
switch, and the report's preview (its words are English, its data names as stored). Vietnamese pages
may not show a common English UI word, a comparison written as code (>=, ==) or a criteria set's
internal id."""
import re

import pytest
from streamlit.testing.v1 import AppTest

from data_access.db import get_engine
from domain.actor import Actor
from reports.text import HEADING
from tests.app.language_sweep import (
    allowed_pattern,
    chart_strings,
    leftover,
    page_strings,
    stored_as_written,
    vietnamese_words,
)
from ui.entry_view import ENTRY_TABS, ENTRY_TABS_KEY
from ui.lazy_tabs import opened_key

APP = "../../app.py"
PAGES = ["pages/overview.py", "pages/map.py", "pages/commune.py", "pages/progress.py", "pages/tasks.py",
         "pages/briefing.py", "pages/entry.py", "pages/admin.py", "pages/commune.py?commune=30340",
         "pages/tasks.py?report=2013-Q3"]
# The sections shown one at a time (view=), each swept too.
PAGES += ["pages/overview.py?view=charts"]
PAGES += [f"pages/progress.py?view={v}" for v in ("trends", "bands", "criteria", "districts", "ranking")]
PAGES += [f"pages/tasks.py?view={v}" for v in ("timeline", "summary", "agencies", "office", "list")]
ADMIN = Actor("quantri", "admin")
BOTH = ["Tiếng Việt", "English", "Ngôn ngữ / Language"]  # the language switch names each language in its own
HEADING_WORDS = [HEADING.parent_agency, *HEADING.issuer, HEADING.issuer_name, HEADING.symbol, HEADING.signer_title,
                 *HEADING.recipients, "KT. TRƯỞNG BAN", "TM. ỦY BAN NHÂN DÂN", "Số:", "VĂN PHÒNG ĐIỀU PHỐI",
                 "CHƯƠNG TRÌNH XÂY DỰNG NTM"]
PREVIEW = ("Preview of the report", "Xem trước nội dung báo cáo")
DOCUMENT_NUMBER = re.compile(r"\w*\d+/[A-ZĐ][A-ZĐ&\-/]*")  # 10/CTCT-BCĐNTM, 491/QĐ-TTg
ENGLISH = re.compile(
    r"\b(Upload|Download|Save|Saved|Total|Commune|Communes|District|Districts|criteria|Criteria|Browse|Drag|"
    r"per file|admin|editor|viewer|Last updated|sample data|Sample|Overview|Tasks|Progress|Login|Log in|"
    r"Password|Username|Settings|Export|Import|Search|Filter|Status|Deadline|Overdue|Done|Target|Report|None|"
    r"True|False|NaN|nan)\b|>=|==|<=|\bQD\d+-\d{4}\b")


@pytest.fixture(scope="module")
def allowed(sqlite_ready_url):
    return allowed_pattern(stored_as_written(get_engine(sqlite_ready_url)) + HEADING_WORDS + BOTH)


def open_page(page: str, lang: str) -> AppTest:
    page, _, query = page.partition("?")
    params = dict(pair.partition("=")[::2] for pair in filter(None, query.split("&")))
    at = AppTest.from_file(APP, default_timeout=180)
    at.session_state["actor"] = ADMIN
    at.session_state[opened_key(ENTRY_TABS_KEY)] = set(ENTRY_TABS)  # /entry: every tab drawn (ui.lazy_tabs)
    if lang == "en":
        at.query_params["lang"] = "en"
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    if page != "pages/overview.py":
        if "view" in params:  # the overview, which app.py opens first, reads `view` for its own sections
            at.query_params["view"] = params["view"]
        at.switch_page(page).run()
    assert "view" not in params or at.session_state["q_view"] == params["view"]  # the section asked for
    return at


def leaks(at, lang: str, allowed) -> list[str]:
    found = []
    for text in page_strings(at, PREVIEW) + chart_strings(at):
        rest = DOCUMENT_NUMBER.sub(" ", leftover(text, allowed))
        bad = vietnamese_words(rest) if lang == "en" else [m.group(0) for m in ENGLISH.finditer(rest)]
        if bad:
            found.append(f"{bad[:3]} in {text[:140]!r}")
    return sorted(set(found))


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_no_string_of_the_other_language(app_env, allowed, page, lang):
    at = open_page(page, lang)
    assert not at.exception
    assert at.title, "the page drew its content (the admin reaches every page)"
    assert leaks(at, lang, allowed) == []


def test_the_sweep_finds_a_leak(app_env, allowed):
    """The check itself can fail: a Vietnamese caption on an English page and English words on a
    Vietnamese page are both reported."""
    assert vietnamese_words("Last updated by dữ liệu mẫu") == ["dữ", "liệu", "mẫu"]
    assert vietnamese_words(leftover("Commune Châu Đốc, An Phú", allowed)) == []
    assert [m.group(0) for m in ENGLISH.finditer("Upload · 200MB per file · ngưỡng >= 50 · QD1980-2016")] == [
        "Upload", "per file", ">=", "QD1980-2016"]
