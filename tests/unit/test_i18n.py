"""The translation mechanism: gettext catalogues read with Babel (i18n/)."""
from babel.messages.pofile import read_po

from accounts.permissions import PermissionDenied
from i18n import LANGS, explain, ntranslate, po_path, translate


def test_translate_formats_and_falls_back():
    assert translate("overview.delta_prev", "vi", change="+1", period="11/2015") == "+1 so với 11/2015"
    assert translate("app.sample_badge", "en") == "Sample data"
    assert translate("app.sample_badge", "xx") == "Dữ liệu mẫu"
    assert translate("no.such.key", "en") == "no.such.key"  # shows itself (and fails the key test)


def test_messages_with_parameters():
    assert translate("row.unknown_code", "vi", row=7, code="99999") == "Dòng 7: không có xã mã “99999”."
    assert explain(PermissionDenied("perm.other_district", commune="30310", district="886"), "en") == (
        "Commune 30310 is not in district 886, which you are assigned to.")


def test_plural_forms_follow_each_language():
    assert ntranslate("progress.communes", 1, "en", n="1") == "1 commune"
    assert ntranslate("progress.communes", 2, "en", n="2") == "2 communes"
    assert ntranslate("progress.communes", 0, "en", n="0") == "0 communes"
    assert ntranslate("progress.communes", 1, "vi", n="1") == ntranslate("progress.communes", 5, "vi", n="1") == "1 xã"
    assert ntranslate("edit.conflict", 1, "en", count=1).startswith("1 record was saved")
    assert ntranslate("edit.conflict", 3, "en", count=3).startswith("3 records were saved")


def test_catalogue_headers_declare_the_plural_forms():
    for lang, nplurals in (("vi", 1), ("en", 2)):
        with po_path(lang).open("rb") as f:
            catalog = read_po(f)
        assert catalog.num_plurals == nplurals, lang
    assert LANGS == ("vi", "en")


def test_the_command_line_help_is_in_vietnamese_unless_english_is_asked_for():
    from data_access.cli import build_parser
    vi, en = build_parser("vi").format_help(), build_parser("en").format_help()
    assert "công cụ cơ sở dữ liệu" in vi and "database tools" not in vi
    assert "database tools" in en and "công cụ" not in en
    user_vi = build_parser("vi")._subparsers._group_actions[0].choices["user"].format_help()
    assert "đọc mật khẩu từ dòng đầu" in user_vi


def test_localized_picks_the_column_of_the_language_and_falls_back_to_vietnamese():
    import pandas as pd

    from domain.localized import localized, localized_column
    row = {"name_vi": "Giao thông", "name_en": "Transport", "short_name_vi": "GT"}
    assert localized(row, "name", "vi") == "Giao thông" and localized(row, "name", "en") == "Transport"
    assert localized(row, "name", "vi", "short_name_vi") == "GT"
    assert localized({"name_vi": "Thủy lợi", "name_en": None}, "name", "en") == "Thủy lợi"
    frame = pd.DataFrame({"text_vi": ["a", "b", "c"], "text_en": ["A", None, ""]})
    assert localized(frame, "text", "en").tolist() == ["A", "b", "c"]
    assert localized_column("name", "en", "short_name_vi") == "name_en"
    assert localized_column("name", "vi", "short_name_vi") == "short_name_vi"
