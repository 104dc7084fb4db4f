import re
from pathlib import Path

from ui.i18n import CATALOG, translate

ROOT = Path(__file__).resolve().parents[2]


def test_both_catalogues_have_the_same_keys():
    assert set(CATALOG["vi"]) == set(CATALOG["en"])


def test_placeholders_agree_between_languages():
    for key, vi in CATALOG["vi"].items():
        assert set(re.findall(r"{(\w+)}", vi)) == set(re.findall(r"{(\w+)}", CATALOG["en"][key])), key


def test_every_key_used_in_the_code_exists():
    used = set()
    for path in list(ROOT.glob("pages/*.py")) + list(ROOT.glob("ui/*.py")):
        used |= set(re.findall(r"""\.t\(\s*["']([\w.]+)["']""", path.read_text(encoding="utf-8")))
    missing = {k for k in used if k not in CATALOG["vi"]}
    assert not missing


def test_translate_formats_and_falls_back():
    assert translate("overview.delta_prev", "vi", change="+1", period="11/2015") == "+1 so với 11/2015"
    assert translate("app.sample_badge", "en") == "Sample data"
    assert translate("app.sample_badge", "xx") == "Dữ liệu mẫu"
