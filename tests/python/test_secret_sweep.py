"""Secret hygiene sweep (issue #8): every operation and every error path, sync and asyncio, with
logging at its most verbose, and the API key's secret and every issued token must never appear in
anything a program could print or log.

Most verbose: the root logger and the ``govuk_notify`` logger at DEBUG with a handler that keeps
every record (formatted, with ``exc_info``), ``RUST_LOG=trace`` and ``RUST_BACKTRACE=full`` in the
environment (the binding installs no Rust log subscriber, so these must change nothing; set anyway
in case one is ever added), and the process's real stdout/stderr captured at the file-descriptor
level (``capfd``), which also sees anything the native code writes.

Searched: the captured logs, stdout and stderr; ``str``/``repr`` of every client (and every
non-callable attribute it exposes); for every error ``str``, ``repr``, ``args``, ``message``,
``detail``, ``body``, the formatted traceback (with its ``__cause__``/``__context__`` chain),
every attribute in ``vars()``, and ``error.response`` (``repr``, ``text``, ``content``,
``headers``). Forbidden: each key's secret (with and without dashes, and its first half), each
full key, and every token the simulator received (taken from the ``Authorization`` headers it
recorded), whole and its signature alone.
"""

from __future__ import annotations

import asyncio
import io
import logging
import traceback
import uuid
from typing import Any, Callable, Dict, List

import pytest

from conftest import closed_port_url
from govuk_notify import AsyncNotificationsAPIClient, NotificationsAPIClient, RetryPolicy, prepare_upload
from govuk_notify import errors as E

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
ADDRESS = {"address_line_1": "Amala Example", "address_line_2": "1 Example Street", "postcode": "SW1A 1AA"}
WRONG_SECRET = "0badc0de-5ec2-4e7a-9d1b-c0ffee123456"
RATE_LIMIT = '{"status_code": 429, "errors": [{"error": "RateLimitError", "message": "Exceeded rate limit for key type TEST of 3000 requests per 60 seconds"}]}'


def forbidden_for_key(key: str) -> List[str]:
    secret = key[-36:]
    return [key, secret, secret.replace("-", ""), secret[:18]]


def dump_object(obj: Any) -> str:
    """str/repr of an object and of every non-callable public attribute it exposes."""
    parts = [str(obj), repr(obj)]
    for name in dir(obj):
        if name.startswith("__"):
            continue
        try:
            value = getattr(obj, name)
        except Exception as e:  # noqa: BLE001 - a property that raises is also output
            parts.append(repr(e))
            continue
        if not callable(value):
            parts.append(f"{name}={value!r}")
    return "\n".join(parts)


def dump_error(e: BaseException) -> str:
    parts = [str(e), repr(e), repr(e.args)]
    parts.extend(traceback.format_exception(type(e), e, e.__traceback__))
    for name in ("message", "detail", "body", "errors", "kind", "status_code", "field"):
        parts.append(f"{name}={getattr(e, name, None)!r}")
    parts.append(repr(vars(e)))
    response = getattr(e, "response", None)
    if response is not None:
        parts.append(repr(response))
        for name in ("text", "content", "headers", "status_code"):
            parts.append(f"response.{name}={getattr(response, name, None)!r}")
        try:
            parts.append(repr(response.json()))
        except Exception as je:  # noqa: BLE001 - a body that is not JSON
            parts.append(repr(je))
    return "\n".join(parts)


class Sweep:
    """Runs calls, keeping every result and error as text, and the tokens the simulator saw."""

    def __init__(self, sim: Any) -> None:
        self.sim = sim
        self.texts: List[str] = []
        self.tokens: List[str] = []
        self.errors: Dict[str, List[str]] = {}
        self.calls = 0

    def harvest_tokens(self) -> None:
        for r in self.sim.requests():
            auth = r["headers"].get("authorization", "")
            if auth.startswith("Bearer "):
                self.tokens.append(auth[len("Bearer "):])
        self.sim.clear_requests()

    def ok(self, label: str, fn: Callable[[], Any]) -> Any:
        self.calls += 1
        result = fn()
        if hasattr(result, "getvalue"):
            result = result.getvalue()[:64]
        elif not isinstance(result, (dict, list, str, bytes)):
            result = list(result)  # iterators
        self.texts.append(f"{label}: {result!r}")
        return result

    def fails(self, label: str, expected: type, fn: Callable[[], Any]) -> BaseException:
        self.calls += 1
        with pytest.raises(expected) as info:
            fn()
        e = info.value
        self.errors.setdefault(type(e).__name__, []).append(label)
        self.texts.append(f"{label}: " + dump_error(e))
        # The official client's logger line is produced from the error too.
        logging.getLogger("sweep").exception("%s failed", label, exc_info=e)
        return e


@pytest.fixture
def verbose(monkeypatch):
    monkeypatch.setenv("RUST_LOG", "trace")
    monkeypatch.setenv("RUST_BACKTRACE", "full")
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setLevel(logging.DEBUG)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    ours = logging.getLogger("govuk_notify")
    saved = (root.level, ours.level)
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    ours.setLevel(logging.DEBUG)
    try:
        yield buffer
    finally:
        root.removeHandler(handler)
        root.setLevel(saved[0])
        ours.setLevel(saved[1])


def every_operation(s: Sweep, c: Any, sim: Any, run: Callable[[Any], Any]) -> None:
    """Every public method of the client once, successfully (``run`` awaits for the async client)."""
    t = sim.templates
    sms = s.ok("send_sms", lambda: run(c.send_sms_notification("07700900123", t["sms"], {"name": "A"}, reference="r1")))
    s.ok("send_email", lambda: run(c.send_email_notification("amala@example.com", t["email"], {"name": "A"})))
    upload = prepare_upload(io.BytesIO(b"a,b\n1,2\n"), filename="f.csv")
    s.ok("send_email_file", lambda: run(c.send_email_notification("amala@example.com", t["email_file"], {"link_to_file": upload})))
    letter = s.ok("send_letter", lambda: run(c.send_letter_notification(t["letter"], dict(ADDRESS, name="A"))))
    s.ok("send_precompiled", lambda: run(c.send_precompiled_letter_notification("pre-1", io.BytesIO(PDF), postage="first")))
    s.ok("get_notification", lambda: run(c.get_notification_by_id(sms["id"])))
    s.ok("get_all_notifications", lambda: run(c.get_all_notifications(status="sending")))
    s.ok("get_pdf", lambda: run(c.get_pdf_for_letter(letter["id"])))
    s.ok("get_template", lambda: run(c.get_template(t["sms"])))
    s.ok("get_template_version", lambda: run(c.get_template_version(t["sms_versioned"], 1)))
    s.ok("get_all_templates", lambda: run(c.get_all_templates("sms")))
    s.ok("preview", lambda: run(c.post_template_preview(t["sms"], {"name": "A"})))
    sim._call("POST", "received-texts", {"count": 4})
    s.ok("get_received_texts", lambda: run(c.get_received_texts()))


def every_error(s: Sweep, make: Callable[..., Any], sim: Any, run: Callable[[Any], Any]) -> None:
    """Every error path, one call each, against fresh clients with no retries."""
    t = sim.templates
    key = sim.keys["test"]
    c = make(key, base_url=sim.base_url)
    wrong = make(key[:-36] + WRONG_SECRET, base_url=sim.base_url)
    s.fails("auth (wrong secret)", E.AuthError, lambda: run(wrong.get_template(t["sms"])))
    s.fails("auth (wrong secret, send)", E.AuthError, lambda: run(wrong.send_sms_notification("07700900123", t["sms"], {"name": "A"})))
    sim.clock(45)
    s.fails("auth (clock skew)", E.AuthError, lambda: run(c.get_template(t["sms"])))
    sim.clock(0)
    s.fails("validation", E.ValidationError, lambda: run(c.send_sms_notification("not a phone", t["sms"], {"name": "A"})))
    s.fails("validation (missing personalisation)", E.ValidationError, lambda: run(c.send_sms_notification("07700900123", t["sms"])))
    s.fails("not found", E.NotFoundError, lambda: run(c.get_notification_by_id(str(uuid.uuid4()))))
    sim.fault(method="POST", status=429, body=RATE_LIMIT)
    s.fails("429", E.RateLimitError, lambda: run(c.send_sms_notification("07700900123", t["sms"], {"name": "A"})))
    sim.fault(status=500)
    s.fails("500", E.ServerError, lambda: run(c.get_template(t["sms"])))
    sim.fault(status=503, body="", content_type="text/plain")
    s.fails("503 empty", E.ServerError, lambda: run(c.get_all_templates()))
    sim.fault(action="hang", delay_ms=5000)
    quick = make(key, base_url=sim.base_url, timeout=0.5)
    s.fails("timeout", E.RequestTimeoutError, lambda: run(quick.get_template(t["sms"])))
    sim.clear_faults()
    refused = make(key, base_url=closed_port_url())
    s.fails("connection refused", E.TransportError, lambda: run(refused.send_sms_notification("07700900123", t["sms"], {"name": "A"})))
    sim.fault(status=200, body="{not json", content_type="application/json")
    s.fails("invalid JSON response", E.InvalidResponse, lambda: run(c.get_template(t["sms"])))
    sim.fault(action="reset_mid_body")
    s.fails("reset mid-body", E.TransportError, lambda: run(c.get_template(t["sms"])))
    sim.fault(action="huge_body", body_bytes=40 * 1024 * 1024, chunked=True)
    s.fails("huge chunked body", E.InvalidResponse, lambda: run(c.get_template(t["sms"])))
    s.fails("argument (bad id)", E.ArgumentError, lambda: run(c.get_notification_by_id("nope")))
    # A malformed key: the refusal must not echo what looks like its secret.
    s.fails("argument (bad key)", E.ArgumentError, lambda: make(key[:-1] + "z", base_url=sim.base_url))
    s.fails("argument (short key)", E.ArgumentError, lambda: make(key[-36:], base_url=sim.base_url))
    for client in (c, wrong, quick, refused):
        s.texts.append(dump_object(client))


def test_no_secret_or_token_anywhere(sim, verbose, capfd, caplog):
    caplog.set_level(logging.DEBUG)
    s = Sweep(sim)
    key = sim.keys["test"]

    def sync_make(k: str, **kw: Any) -> NotificationsAPIClient:
        return NotificationsAPIClient(k, retry_policy=RetryPolicy.none(), **kw)

    def async_make(k: str, **kw: Any) -> AsyncNotificationsAPIClient:
        return AsyncNotificationsAPIClient(k, retry_policy=RetryPolicy.none(), **kw)

    def identity(x: Any) -> Any:
        return x

    def run_async(coro: Any) -> Any:
        return asyncio.run(coro)

    # Sync: every operation (with the iterators), then every error.
    c = sync_make(key, base_url=sim.base_url)
    every_operation(s, c, sim, identity)
    s.ok("notifications iterator", lambda: c.get_all_notifications_iterator())
    s.ok("received texts iterator", lambda: c.get_received_texts_iterator())
    s.texts.append(dump_object(c))
    s.harvest_tokens()
    every_error(s, sync_make, sim, identity)
    s.harvest_tokens()

    # Asyncio: the same.
    a = async_make(key, base_url=sim.base_url)
    every_operation(s, a, sim, run_async)

    async def drain(it: Any) -> List[Any]:
        return [x async for x in it]

    s.ok("async notifications iterator", lambda: run_async(drain(a.get_all_notifications_iterator())))
    s.texts.append(dump_object(a))
    s.harvest_tokens()
    every_error(s, async_make, sim, run_async)
    s.harvest_tokens()

    captured = capfd.readouterr()
    haystacks = {
        "logs": verbose.getvalue(),
        "caplog": "\n".join(r.getMessage() + "\n" + (logging.Formatter().formatException(r.exc_info) if r.exc_info else "") for r in caplog.records),
        "stdout": captured.out,
        "stderr": captured.err,
        "objects and errors": "\n".join(s.texts),
    }
    forbidden = forbidden_for_key(key) + forbidden_for_key(key[:-36] + WRONG_SECRET)
    tokens = sorted(set(s.tokens))
    for token in tokens:
        forbidden.append(token)
        forbidden.append(token.rsplit(".", 1)[-1])  # the signature alone

    # The sweep really ran: every kind of error, a token per request, lines in the log.
    expected_errors = {
        "AuthError", "ValidationError", "NotFoundError", "RateLimitError", "ServerError",
        "ServiceUnavailableError", "RequestTimeoutError", "TransportError", "InvalidResponse",
        "ArgumentError",
    }
    assert expected_errors <= set(s.errors), s.errors
    # Tokens are per key and per second (claims iss and iat only), so many requests share one.
    assert len(s.tokens) >= 40 and len(tokens) >= 2, f"{len(s.tokens)} requests, {len(tokens)} distinct tokens"
    assert "govuk_notify" in haystacks["logs"] and "WARNING" in haystacks["logs"]
    for where, text in haystacks.items():
        for f in forbidden:
            assert f not in text, f"a secret or token ({f[:6]}…) appears in {where}"
    with capfd.disabled():
        print(
            f"\nsecret sweep: {s.calls} calls, {len(s.tokens)} authorised requests, {len(tokens)} distinct tokens, "
            f"{sum(len(v) for v in s.errors.values())} errors, {sum(len(t) for t in haystacks.values())} characters searched"
        )
