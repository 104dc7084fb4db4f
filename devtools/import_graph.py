"""Which package imports which, checked against the rules of docs/architecture.md.

    python -m devtools.import_graph           # the graph, then any import against the rules (exit 1)

Every `import` and `from … import` of the project's own code counts, wherever it stands (a lazy
import inside a function is an import all the same), read with `ast` without importing anything.
A file belongs to its top-level package (`pages/map.py` to `pages`, `config.py` to `config`),
or to a module named in the rules (`data_access.cli`), which then has its own arrows. Streamlit is
watched too: only the packages whose rule names it may import it.

The rules are the fenced block after the line `<!-- import rules -->` in docs/architecture.md:
one line per package, `name -> allowed names` (nothing after the arrow: imports nothing of ours;
`*`: anything). An allowed name is a package (`geo`) or one module of it (`geo.colours`).
"""
from __future__ import annotations

import ast
import re
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from config import ROOT

DOC = ROOT / "docs" / "architecture.md"
SKIP = {".venv", "venv", ".git", "var", "node_modules", "__pycache__", "data", "docs"}
WATCHED = {"streamlit"}  # outside packages only some of ours may import


@dataclass(frozen=True)
class Import:
    source: str  # the importing node (package, or a module named in the rules)
    name: str  # what is imported, in full: `geo.colours`, `geo.colours.NO_DATA_KEY`
    path: Path
    line: int

    @property
    def target(self) -> str:
        """The imported top-level package."""
        return self.name.split(".")[0]


def read_rules(doc: Path = DOC) -> dict[str, set[str]]:
    """{node: the nodes it may import} from the doc's rules block."""
    text = doc.read_text(encoding="utf-8")
    found = re.search(r"<!-- import rules -->\s*```[^\n]*\n(.*?)```", text, re.S)
    if not found:
        raise ValueError(f"{doc}: no rules block after '<!-- import rules -->'")
    rules: dict[str, set[str]] = {}
    for raw in found.group(1).splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        name, arrow, allowed = line.partition("->")
        if not arrow:
            raise ValueError(f"{doc}: not a rule (name -> names): {raw!r}")
        rules[name.strip()] = set(allowed.split())
    return rules


def python_files(root: Path = ROOT) -> list[Path]:
    out = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root)
        if not SKIP.intersection(rel.parts[:-1]):
            out.append(path)
    return out


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def node_of(module: str, nodes: set[str]) -> str:
    """The rule a module answers to: the longest named prefix, else its top-level package."""
    parts = module.split(".")
    for n in range(len(parts), 0, -1):
        if ".".join(parts[:n]) in nodes:
            return ".".join(parts[:n])
    return parts[0]


def imports(rules: dict[str, set[str]], root: Path = ROOT) -> list[Import]:
    """Every import of our own code (and of the watched packages) by the node that makes it."""
    ours = {name.split(".")[0] for name in rules} | WATCHED
    found = []
    for path in python_files(root):
        module = module_name(path, root)
        source = node_of(module, set(rules))
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:  # relative: resolved against the importing package
                    parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*parts, *([node.module] if node.module else [])])
                names = [f"{base}.{a.name}" for a in node.names]  # the name may be a module or a value
            for name in names:
                if name.split(".")[0] in ours:
                    found.append(Import(source, name, path.relative_to(root), node.lineno))
    return found


def graph(found: list[Import]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for imp in found:
        if imp.target != imp.source.split(".")[0]:
            out[imp.source].add(imp.target)
    return dict(out)


def allowed(imp: Import, rules: dict[str, set[str]]) -> bool:
    if imp.target == imp.source.split(".")[0]:  # within its own package
        return True
    entries = rules.get(imp.source, set())
    return "*" in entries or any(imp.name == e or imp.name.startswith(e + ".") for e in entries)


def violations(found: list[Import], rules: dict[str, set[str]]) -> list[Import]:
    """Imports of another package that the importing node's rule does not allow."""
    return [imp for imp in found if not allowed(imp, rules)]


def main(argv: list[str] | None = None) -> int:
    rules = read_rules()
    found = imports(rules)
    edges = graph(found)
    width = max(map(len, rules))
    for source in sorted(set(rules) | set(edges)):
        print(f"{source:<{width}} -> {' '.join(sorted(edges.get(source, ()))) or '(nothing of ours)'}")
    bad = violations(found, rules)
    for imp in bad:
        print(f"not allowed: {imp.path}:{imp.line}: {imp.source} imports {imp.name}", file=sys.stderr)
    unknown = sorted({imp.source for imp in found} - set(rules))
    for name in unknown:
        print(f"no rule for {name} in {DOC.relative_to(ROOT)}", file=sys.stderr)
    return 1 if bad or unknown else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
