"""The packages import each other only as docs/architecture.md allows (devtools.import_graph)."""
from __future__ import annotations

from pathlib import Path

from devtools import import_graph as ig


def test_no_import_against_the_architecture():
    rules = ig.read_rules()
    found = ig.imports(rules)
    assert len(found) > 500  # the walk reached the whole tree
    assert [f"{i.path}:{i.line} {i.source} -> {i.name}" for i in ig.violations(found, rules)] == []
    assert sorted({i.source for i in found} - set(rules)) == []  # every package has a rule
    edges = ig.graph(found)
    assert "ui" not in edges["domain"] and "data_access" not in edges["domain"]
    assert "config" not in edges  # config imports nothing of ours


def _tree(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")


def test_it_finds_a_forbidden_import_also_a_lazy_one(tmp_path):
    _tree(tmp_path, {
        "domain/__init__.py": "",
        "domain/rule.py": "from geo.colours import KEYS\n\ndef f():\n    from ui import shell\n    import streamlit\n",
        "domain/other.py": "from geo import layers\nfrom domain import rule\n",
        "geo/colours.py": "KEYS = 1\n", "geo/layers.py": "", "ui/shell.py": "import streamlit as st\n",
        "data_access/cli.py": "from services import x\n", "data_access/db.py": "from services import x\n",
        "services/x.py": "from .y import z\nfrom data_access import db\n",
    })
    rules = {"domain": {"geo.colours"}, "geo": set(), "ui": {"domain", "streamlit"},
             "data_access": set(), "data_access.cli": {"services"}, "services": {"data_access"}}
    found = ig.imports(rules, root=tmp_path)
    bad = {(str(i.path), i.line, i.name) for i in ig.violations(found, rules)}
    assert bad == {("domain/rule.py", 4, "ui.shell"), ("domain/rule.py", 5, "streamlit"),
                   ("domain/other.py", 1, "geo.layers"), ("data_access/db.py", 1, "services.x")}
    assert ig.graph(found) == {"domain": {"geo", "ui", "streamlit"}, "ui": {"streamlit"},
                               "data_access.cli": {"services"}, "data_access": {"services"},
                               "services": {"data_access"}}


def test_the_rules_block_is_read_from_the_doc(tmp_path):
    doc = tmp_path / "a.md"
    doc.write_text("# x\n<!-- import rules -->\n```text\nconfig ->\ndomain -> config geo.colours  # pure\n```\n")
    assert ig.read_rules(doc) == {"config": set(), "domain": {"config", "geo.colours"}}
