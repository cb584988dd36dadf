"""Keeps the docstrings that editors read equal to the runtime module's.

Type checkers and IDEs read source, not the runtime, so a docstring that only exists at runtime
never reaches an editor's hover help. The runtime is the one source: the native methods are
documented by the ``///`` comments on the pyo3 methods (``bindings-python/src/*.rs``). Editors
read them from two places, which this script keeps equal to the runtime:

- the native module's stub, ``_native.pyi`` (every class and function in it);
- the pure-Python modules (``*.py``, read by type checkers directly: they have no stubs), where
  the public definitions whose docstring is set at runtime from the native one (the
  ``AsyncNotificationsAPIClient`` operations, see ``notifications._native_operations``) carry a copy.

::

    .venv/bin/python tests/python/stub_docs.py          # report docstrings that differ (exit 1)
    .venv/bin/python tests/python/stub_docs.py --write  # rewrite them

``tests/python/test_docstrings.py`` runs the check. Names the runtime gives no useful text
(``__new__`` of a native class, setters, dunders without one) get a fixed sentence instead.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import sys
from pathlib import Path
from typing import Any, List, Optional, Tuple

import govuk_notify

PACKAGE = Path(govuk_notify.__file__).resolve().parent
# `maturin develop` installs the package in editable mode, so this is normally the source tree.
_Edit = Tuple[int, int, bytes]


def _runtime_doc(module: Any, path: List[str], node: ast.AST) -> Optional[str]:
    """The docstring the stub node at ``path`` (class and member names) should carry."""
    owner: Any = module
    for name in path[:-1]:
        owner = getattr(owner, name)
    name = path[-1]
    if isinstance(node, ast.FunctionDef) and any(
        isinstance(d, ast.Attribute) and d.attr == "setter" for d in node.decorator_list
    ):
        return f"Sets ``{name}``."
    if name == "__new__" and isinstance(owner, type):
        return f"Makes a ``{owner.__name__}``: the arguments are described in the class docstring."
    obj = inspect.getattr_static(owner, name, None)
    if isinstance(obj, (staticmethod, classmethod)):
        obj = obj.__func__
    doc = getattr(obj, "__doc__", None) if obj is not None else None
    if isinstance(obj, type) or (doc and not (name.startswith("__") and doc.startswith("Initialize self"))):
        return inspect.cleandoc(doc) if doc else None
    for fallback in (dict, object):
        doc = getattr(getattr(fallback, name, None), "__doc__", None)
        if doc:
            return inspect.cleandoc(doc)
    return None


def _literal(doc: str, indent: str) -> str:
    text = doc.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    lines = text.split("\n")
    if len(lines) == 1:
        return f'"""{text}"""'
    body = "\n".join((indent + line) if line else "" for line in lines[1:])
    return f'"""{lines[0]}\n{body}\n{indent}"""'


class _Stub:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.source = path.read_bytes()
        self.line_starts = [0]
        for i, byte in enumerate(self.source):
            if byte == 0x0A:
                self.line_starts.append(i + 1)
        module_name = "govuk_notify" if path.stem == "__init__" else f"govuk_notify.{path.stem}"
        self.module = importlib.import_module(module_name)
        self.tree = ast.parse(self.source)

    def offset(self, line: int, col: int) -> int:
        return self.line_starts[line - 1] + col

    def walk(self) -> List[Tuple[List[str], ast.AST]]:
        """The definitions whose docstrings are checked: all of a stub's; a module's public ones
        (and their ``__init__``), the private ones being no one's help."""
        found: List[Tuple[List[str], ast.AST]] = []
        is_stub = self.path.suffix == ".pyi"

        def visit(body: List[ast.stmt], path: List[str]) -> None:
            for node in body:
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                    if not is_stub and node.name.startswith("_") and node.name != "__init__":
                        continue
                    found.append((path + [node.name], node))
                    if isinstance(node, ast.ClassDef):
                        visit(node.body, path + [node.name])

        visit(self.tree.body, [])
        return found

    def edit_for(self, node: Any, doc: str) -> Optional[_Edit]:
        """The byte edit that gives ``node`` the docstring ``doc``; ``None`` if it already has it."""
        indent = " " * (node.col_offset + 4)
        literal = _literal(doc, indent).encode()
        first = node.body[0]
        current = ast.get_docstring(node, clean=True)
        if current is not None:
            if current == doc:
                return None
            start = self.offset(first.lineno, first.col_offset)
            return (start, self.offset(first.end_lineno, first.end_col_offset), literal)
        is_ellipsis = isinstance(first, ast.Expr) and getattr(first.value, "value", None) is Ellipsis
        if is_ellipsis and len(node.body) == 1:
            start = self.offset(first.lineno, first.col_offset)
            while self.source[start - 1 : start] == b" ":
                start -= 1
            end = self.offset(first.end_lineno, first.end_col_offset)
            return (start, end, b"\n" + indent.encode() + literal)
        line = min([first.lineno] + [d.lineno for d in getattr(first, "decorator_list", [])])
        at = self.offset(line, len(indent))
        return (at, at, literal + b"\n" + indent.encode())

    def check(self) -> Tuple[List[str], List[_Edit]]:
        problems: List[str] = []
        edits: List[_Edit] = []
        for path, node in self.walk():
            where = f"{self.path.name}:{node.lineno} {'.'.join(path)}"  # type: ignore[attr-defined]
            try:
                doc = _runtime_doc(self.module, path, node)
            except AttributeError:
                problems.append(f"{where}: not in the runtime module")
                continue
            if not doc:
                problems.append(f"{where}: the runtime has no docstring to copy")
                continue
            edit = self.edit_for(node, doc)
            if edit is not None:
                have = ast.get_docstring(node)  # type: ignore[arg-type]
                problems.append(f"{where}: {'differs from' if have else 'lacks'} the runtime docstring")
                edits.append(edit)
        return problems, edits

    def write(self, edits: List[_Edit]) -> None:
        out = self.source
        for start, end, text in sorted(edits, reverse=True):
            out = out[:start] + text + out[end:]
        self.path.write_bytes(out)


def sources() -> List[Path]:
    """The files editors read the package's docstrings from: the stubs, and the pure-Python
    modules that have none (the package's ``.py`` files are its public modules)."""
    stubs = sorted(PACKAGE.glob("*.pyi"))
    stubbed = {p.stem for p in stubs}
    return stubs + [p for p in sorted(PACKAGE.glob("*.py")) if p.stem not in stubbed]


def definitions(path: Path) -> List[Tuple[List[str], ast.AST]]:
    """The classes and functions of ``path`` whose docstrings are checked."""
    return _Stub(path).walk()


def stub_problems() -> List[str]:
    """One line per checked class or function whose docstring is missing or differs from the
    runtime."""
    problems: List[str] = []
    for path in sources():
        problems += _Stub(path).check()[0]
    return problems


def main(argv: List[str]) -> int:
    write = "--write" in argv
    problems: List[str] = []
    for path in sources():
        stub = _Stub(path)
        found, edits = stub.check()
        problems += found
        if write and edits:
            stub.write(edits)
    for line in problems:
        print(line)
    if write:
        remaining = stub_problems()
        for line in remaining:
            print("still:", line)
        return 1 if remaining else 0
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
