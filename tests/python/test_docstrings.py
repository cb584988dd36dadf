"""help() is useful: every public class, method, property and function of ``govuk_notify`` has a
docstring that is at least a sentence, names the arguments, and comes with a signature; and what
IDEs and type checkers read (the native module's ``.pyi`` stub, the pure-Python modules' source)
carries the same docstrings as the runtime."""

from __future__ import annotations

import ast
import inspect
import re
from typing import Any, Iterator, List, Tuple

import pytest

import govuk_notify
import govuk_notify.errors
import govuk_notify.notifications
import govuk_notify.simulator
import govuk_notify.utils
import stub_docs

MODULES = [govuk_notify, govuk_notify.errors, govuk_notify.notifications, govuk_notify.simulator, govuk_notify.utils]

# Classes users construct themselves: their constructor's arguments must be documented (in the
# class docstring for the native classes, whose constructor is __new__; in __init__ otherwise).
CONSTRUCTED = {
    "NotificationsAPIClient",
    "AsyncNotificationsAPIClient",
    "RetryPolicy",
    "APIError",
    "HTTPError",
    "ArgumentError",
    "Response",
    "Headers",
}

# A sentence: starts with a capital (or a quoted name), has words, and ends with a full stop.
SENTENCE = re.compile(r"^[A-Z0-9`'\"(].{15,}?[.!?](\s|$)", re.S)


def _ours(obj: Any) -> bool:
    module = getattr(obj, "__module__", None) or getattr(getattr(obj, "__objclass__", None), "__module__", "")
    return str(module).startswith("govuk_notify")


def public_objects() -> Iterator[Tuple[str, Any]]:
    """(qualified name, object) for every public class and function of the package's modules, and
    every public member (plus ``__init__``) of those classes, defined by this package."""
    seen = set()
    for module in MODULES:
        yield module.__name__, module
        for name in dir(module):
            obj = getattr(module, name)
            if name.startswith("_") or not (inspect.isclass(obj) or callable(obj)) or not _ours(obj):
                continue
            qual = f"{module.__name__}.{name}"
            if id(obj) in seen:
                continue
            seen.add(id(obj))
            yield qual, obj
            if not inspect.isclass(obj):
                continue
            for member in sorted(set(dir(obj))):
                if member.startswith("_") and member != "__init__":
                    continue
                static = None
                for klass in obj.__mro__:
                    if member in vars(klass):
                        static = vars(klass)[member]
                        owner = klass
                        break
                if static is None or not _ours(owner):
                    continue
                if member == "__init__" and name not in CONSTRUCTED:
                    continue
                if not (callable(static) or isinstance(static, (property, staticmethod, classmethod)) or inspect.isdatadescriptor(static)):
                    continue  # plain class attributes (kind = "auth") are described in the class docstring
                yield f"{qual}.{member}", getattr(obj, member) if not isinstance(static, property) else static


PUBLIC = list(public_objects())


def _doc(obj: Any) -> str:
    return inspect.cleandoc(getattr(obj, "__doc__", None) or "")


def test_the_walk_covers_the_api():
    names = {name for name, _ in PUBLIC}
    for expected in [
        "govuk_notify.NotificationsAPIClient.send_sms_notification",
        "govuk_notify.NotificationsAPIClient.get_all_notifications_iterator",
        "govuk_notify.NotificationsAPIClient.service_id",
        "govuk_notify.AsyncNotificationsAPIClient.__init__",
        "govuk_notify.AsyncNotificationsAPIClient.get_received_texts_iterator",
        "govuk_notify.RetryPolicy.none",
        "govuk_notify.RetryPolicy.retry_sends",
        "govuk_notify.prepare_upload",
        "govuk_notify.errors.APIError.message",
        "govuk_notify.errors.HTTPError.create",
        "govuk_notify.errors.RateLimitError",
        "govuk_notify.errors.Response.json",
    ]:
        assert expected in names, expected
    assert len(PUBLIC) > 100, len(PUBLIC)


@pytest.mark.parametrize("name,obj", PUBLIC, ids=[name for name, _ in PUBLIC])
def test_docstring_is_at_least_a_sentence(name, obj):
    doc = _doc(obj)
    assert SENTENCE.match(doc), f"{name} has no docstring of a sentence or more: {doc!r}"


def _parameters(obj: Any) -> List[str]:
    try:
        sig = inspect.signature(obj)
    except (TypeError, ValueError):
        pytest.fail(f"inspect.signature fails for {obj!r}: give the native method a signature")
    return [p.name for p in sig.parameters.values() if p.name not in ("self", "cls", "kwargs", "args")]


@pytest.mark.parametrize(
    "name,obj",
    [(n, o) for n, o in PUBLIC if inspect.isroutine(o)],
    ids=[n for n, o in PUBLIC if inspect.isroutine(o)],
)
def test_functions_have_a_signature_and_document_every_argument(name, obj):
    doc = _doc(obj)
    for param in _parameters(obj):
        assert re.search(rf"\b{param}\b", doc), f"{name}: the docstring does not mention the argument {param!r}"


@pytest.mark.parametrize("name", sorted(CONSTRUCTED))
def test_constructors_have_a_signature_and_document_every_argument(name):
    cls = next(obj for qual, obj in PUBLIC if inspect.isclass(obj) and qual.endswith(f".{name}"))
    params = _parameters(cls)
    init = cls.__dict__.get("__init__") or next(
        (k.__dict__["__init__"] for k in cls.__mro__ if "__init__" in k.__dict__ and _ours(k)), None
    )
    doc = _doc(cls) + "\n" + (_doc(init) if init is not None else "")
    for param in params:
        assert re.search(rf"\b{param}\b", doc), f"{name}(): the docstrings do not mention the argument {param!r}"


def test_every_stub_class_and_function_has_a_docstring():
    missing = []
    for path in stub_docs.sources():
        for _, node in stub_docs.definitions(path):
            if not ast.get_docstring(node):  # type: ignore[arg-type]
                missing.append(f"{path.name}:{node.lineno} {node.name}")  # type: ignore[attr-defined]
    assert not missing, "stub definitions without a docstring:\n" + "\n".join(missing)


def test_stub_docstrings_are_the_runtime_docstrings():
    problems = stub_docs.stub_problems()
    assert not problems, (
        "the docstrings editors read (.pyi stub, pure-Python modules) differ from the runtime's; run `.venv/bin/python tests/python/stub_docs.py --write`:\n"
        + "\n".join(problems)
    )
