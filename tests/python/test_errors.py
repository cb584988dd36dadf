"""Every error kind, produced by the simulator (fault injection, clock offset, bad keys) or by a
closed port, and the attributes each exception carries."""

from __future__ import annotations

import asyncio
import json

import pytest

from conftest import closed_port_url
from govuk_notify import AsyncNotificationsAPIClient, NotificationsAPIClient, RetryPolicy
from govuk_notify import errors as E


def body(status, error, message):
    return json.dumps({"status_code": status, "errors": [{"error": error, "message": message}]})


def get(client, sim):
    return client.get_template(sim.templates["sms"])


def raised(fn):
    with pytest.raises(E.NotifyError) as info:
        fn()
    return info.value


def test_validation_400(sim, client):
    e = raised(lambda: client.send_sms_notification("07700900123", sim.templates["sms"]))
    assert type(e) is E.ValidationError
    assert isinstance(e, E.HTTPError) and isinstance(e, E.APIError)
    assert e.kind == "validation" and e.status_code == 400 and not e.retryable
    assert e.errors and e.errors[0]["error"] in ("BadRequestError", "ValidationError")
    assert e.message == e.errors
    assert str(e) == f"400 - {e.errors}"
    assert e.response.status_code == 400
    assert e.response.json()["errors"] == e.errors
    assert e.response.headers["Content-Type"].startswith("application/json")
    assert json.loads(e.body) == e.response.json()
    assert e.may_have_reached_server


def test_auth_403_bad_secret(sim):
    key = sim.keys["test"][:-36] + "00000000-0000-4000-8000-000000000000"
    c = NotificationsAPIClient(key, base_url=sim.base_url)
    e = raised(lambda: get(c, sim))
    assert type(e) is E.AuthError and e.kind == "auth" and e.status_code == 403
    assert e.errors[0]["error"] == "AuthError"
    assert "00000000-0000-4000-8000-000000000000" not in repr(e) + str(e) + e.detail


def test_auth_403_clock_skew(sim, client):
    sim.clock(45)
    e = raised(lambda: get(client, sim))
    assert type(e) is E.AuthError
    assert "system clock" in e.errors[0]["message"]
    assert e.clock_skew is not None and e.clock_skew < -30


def test_team_key_cannot_send_letters(sim):
    c = NotificationsAPIClient(sim.keys["team"], base_url=sim.base_url)
    e = raised(lambda: c.send_letter_notification(sim.templates["letter"], {"address_line_1": "A", "address_line_2": "B", "postcode": "SW1A 1AA", "name": "x"}))
    assert e.status_code in (400, 403)
    assert isinstance(e, (E.AuthError, E.ValidationError))


def test_not_found_404(sim, client):
    e = raised(lambda: client.get_notification_by_id("8fef167e-9229-481d-97bb-59e41a2dbc60"))
    assert type(e) is E.NotFoundError and e.kind == "not_found" and e.status_code == 404
    assert str(e).startswith("404 - [")


def test_legacy_and_string_error_bodies_keep_official_messages(sim, client):
    sim.fault(method="GET", status=404, body='{"errors": "Not found"}')
    e = raised(lambda: get(client, sim))
    assert e.message == "Not found" and str(e) == "404 - Not found" and e.errors == []
    sim.fault(method="GET", status=404, body='{"result": "error", "message": "The requested URL was not found"}')
    e = raised(lambda: get(client, sim))
    assert str(e) == "404 - The requested URL was not found"


def test_rate_limited_429(sim, client):
    sim.fault(method="GET", status=429, body=body(429, "RateLimitError", "Exceeded rate limit for key type TEST of 3000 requests per 60 seconds"), headers={"Retry-After": "7"})
    e = raised(lambda: get(client, sim))
    assert type(e) is E.RateLimitError and e.kind == "rate_limited" and e.retryable
    assert e.retry_after == 7.0
    assert e.response.headers["retry-after"] == "7"


def test_daily_limit_429(sim, client):
    sim.fault(method="POST", status=429, body=body(429, "TooManyRequestsError", "Exceeded send limits (250000) for today"))
    e = raised(lambda: client.send_sms_notification("07700900123", sim.templates["sms"], {"name": "x"}))
    assert type(e) is E.DailyLimitError and e.kind == "daily_limit" and not e.retryable


def test_daily_limit_from_the_simulator_itself():
    from conftest import Simulator

    s = Simulator("--daily-limit", "1")
    try:
        c = NotificationsAPIClient(s.keys["live"], base_url=s.base_url, retry_policy=RetryPolicy.none())
        c.send_sms_notification("07700900123", s.templates["sms"], {"name": "x"})
        e = raised(lambda: c.send_sms_notification("07700900123", s.templates["sms"], {"name": "x"}))
        assert type(e) is E.DailyLimitError and e.status_code == 429
    finally:
        s.stop()


def test_server_500_and_503(sim, client):
    sim.fault(method="GET", status=500)
    e = raised(lambda: get(client, sim))
    assert type(e) is E.ServerError and e.kind == "server" and e.retryable and e.status_code == 500
    assert not isinstance(e, E.HTTP503Error)
    sim.fault(method="GET", status=503, body="<html>Service Unavailable</html>", content_type="text/html")
    e = raised(lambda: get(client, sim))
    assert type(e) is E.ServiceUnavailableError
    assert isinstance(e, E.HTTP503Error) and isinstance(e, E.ServerError) and not isinstance(e, E.TransportError)
    assert e.status_code == 503 and e.message == "Request failed" and str(e) == "503 - Request failed"
    assert e.body == "<html>Service Unavailable</html>"


def test_other_http_status(sim, client):
    sim.fault(method="GET", status=405, body=body(405, "MethodNotAllowed", "nope"))
    e = raised(lambda: get(client, sim))
    assert type(e) is E.HTTPError and e.kind == "http" and e.status_code == 405


def test_transport_connection_refused():
    c = NotificationsAPIClient("k-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0", base_url=closed_port_url(), retry_policy=RetryPolicy.none())
    e = raised(lambda: c.get_template("8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"))
    assert type(e) is E.TransportError and e.kind == "transport" and e.retryable
    assert isinstance(e, E.HTTP503Error)
    assert e.status_code == 503 and e.message == "Request failed"
    # Issue #14 item 9: the cause is in str(e) too, so an uncaught one explains itself.
    assert str(e) == f"503 - Request failed: {e.detail}" and "Connection refused" in str(e)
    assert e.response is None
    assert not e.may_have_reached_server
    assert "connect" in e.detail


@pytest.mark.parametrize("action", ["drop", "reset_mid_body"])
def test_transport_dropped_connections(sim, client, action):
    sim.fault(method="GET", action=action, status=200, body='{"id": "x", "type": "sms", "padding": "' + "p" * 2000 + '"}')
    e = raised(lambda: get(client, sim))
    assert type(e) is E.TransportError and e.status_code == 503


def test_timeout(sim):
    c = NotificationsAPIClient(sim.keys["test"], base_url=sim.base_url, timeout=0.3, retry_policy=RetryPolicy.none())
    sim.fault(method="GET", action="hang", delay_ms=5000)
    e = raised(lambda: get(c, sim))
    assert type(e) is E.RequestTimeoutError and e.kind == "timeout"
    assert isinstance(e, E.TransportError) and isinstance(e, E.HTTP503Error)
    assert str(e) == f"503 - Request failed: {e.detail}" and "300 ms" in str(e)


def test_invalid_response(sim, client):
    sim.fault(method="GET", status=200, body="<html>not json</html>", content_type="text/html")
    e = raised(lambda: get(client, sim))
    assert type(e) is E.InvalidResponse and e.kind == "invalid_response"
    assert not isinstance(e, E.HTTPError)
    assert e.status_code == 200 and e.message == "No JSON response object could be decoded"
    c = NotificationsAPIClient(sim.keys["test"], base_url=sim.base_url, retry_policy=RetryPolicy.none())
    sim.fault(method="GET", action="huge_body", body_bytes=40 * 1024 * 1024)
    e = raised(lambda: get(c, sim))
    assert type(e) is E.InvalidResponse


def test_exceptions_can_be_built_like_the_official_ones():
    e = E.HTTPError(E.Response(400, [("Content-Type", "application/json")], '{"errors": [{"error": "X", "message": "m"}]}'))
    assert e.status_code == 400 and e.message == [{"error": "X", "message": "m"}]
    assert str(E.HTTP503Error()) == "503 - Request failed"
    assert E.InvalidResponse(None, message="bad").message == "bad"
    assert E.HTTPError.create(type("Exc", (), {"response": None})()).__class__ is E.HTTP503Error


def test_argument_error_is_a_value_error_not_an_http_error(sim, client):
    e = raised(lambda: NotificationsAPIClient("not-a-key", base_url=sim.base_url))
    assert isinstance(e, E.ArgumentError) and isinstance(e, ValueError) and not isinstance(e, E.APIError)
    assert e.kind == "argument" and e.field == "api_key" and not e.retryable
    assert "not an ``HTTPError``: no request was made" in (E.ArgumentError.__doc__ or "")


def test_input_notify_rejects_is_refused_unsent_as_its_400(sim, client):
    sim.clear_requests()
    e = raised(lambda: client.get_notification_by_id("not-an-id"))
    assert sim.requests() == []
    assert isinstance(e, E.InvalidArgumentError)
    assert isinstance(e, ValueError) and isinstance(e, E.ArgumentError)
    assert isinstance(e, E.ValidationError) and isinstance(e, E.HTTPError) and isinstance(e, E.APIError)
    assert e.kind == "argument" and e.field == "notification_id" and not e.retryable
    assert e.may_have_reached_server is False
    assert e.status_code == 400 and e.response.status_code == 400
    assert e.message == e.errors == [{"error": "ValidationError", "message": "notification_id is not a valid UUID"}]
    assert str(e) == "400 - [{'error': 'ValidationError', 'message': 'notification_id is not a valid UUID'}]"
    assert e.detail == "notification_id is not a valid UUID"


@pytest.mark.parametrize(
    "body",
    ['{"id": }', '{"a": 1} {"b": 2}', '{"a": "\\ud800"', '{' + '"a":[' * 200 + ']' * 200 + '}'],
    ids=["broken-inside", "two-objects", "truncated", "too-deep"],
)
def test_body_that_looks_like_an_object_but_is_not_json(sim, client, body):
    # Braces at both ends pass the core's cheap shape check; the binding's decoder must still
    # report InvalidResponse (not a Python exception of its own), sync and async alike.
    sim.fault(method="GET", status=200, body=body, content_type="application/json")
    e = raised(lambda: get(client, sim))
    assert type(e) is E.InvalidResponse and e.status_code == 200
    sim.fault(method="GET", status=200, body=body, content_type="application/json")
    ac = AsyncNotificationsAPIClient(sim.keys["test"], base_url=sim.base_url, retry_policy=RetryPolicy.none())
    with pytest.raises(E.InvalidResponse):
        asyncio.run(ac.get_template(sim.templates["sms"]))


def test_decoded_bodies_equal_json_loads(sim, client):
    # Escapes, non-ASCII, surrogate pairs, numbers of every kind, nesting, repeated short strings
    # (shared within a response) and duplicate keys (last wins, like json.loads).
    body = (
        '{"s": "caf\\u00e9 \\"q\\" \\n \\ud83d\\ude00 \\u2603", "raw": "café ☃ 😀", '
        '"n": [0, -1, 9007199254740993, 18446744073709551615, -9223372036854775808, 1.5, -0.0, 1e-7, 2.5E+10], '
        '"t": true, "f": false, "z": null, "e": {}, "l": [], '
        '"rep": ["delivered", "delivered", "sms", "sms"], "dup": 1, "dup": 2, '
        '"deep": {"a": {"b": {"c": [{"d": "x"}]}}}}'
    )
    sim.fault(method="GET", status=200, body=body, content_type="application/json")
    got = get(client, sim)
    assert got == json.loads(body)
    assert list(got) == list(json.loads(body))
    assert all(type(a) is type(b) for a, b in zip(got["n"], json.loads(body)["n"]))


def test_nesting_127_deep_decodes_and_128_deep_is_an_invalid_response(sim, client):
    # The core's MAX_JSON_DEPTH (127 levels of arrays and objects), as in every binding.
    from govuk_notify import _native

    at_limit = '{"a":' + "[" * 126 + "]" * 126 + "}"
    too_deep = '{"a":' + "[" * 127 + "]" * 127 + "}"
    sim.fault(method="GET", status=200, body=at_limit, content_type="application/json")
    assert get(client, sim) == json.loads(at_limit)
    sim.fault(method="GET", status=200, body=too_deep, content_type="application/json")
    e = raised(lambda: get(client, sim))
    assert type(e) is E.InvalidResponse and e.status_code == 200
    # The decoder itself, as the benchmarks call it.
    assert _native._decode_json(at_limit.encode()) == json.loads(at_limit)
    with pytest.raises(ValueError):
        _native._decode_json(too_deep.encode())
    for bad in (b'{"a": NaN}', b'{"a": 1e400}', b'{"a": "\\ud800"}', b'{"a": 1} x', b'{"a": "caf\xe9"}'):
        with pytest.raises(ValueError):
            _native._decode_json(bad)
    # Integers beyond 64 bits become floats (as serde_json reads them in every binding).
    assert _native._decode_json(b'{"big": 18446744073709551616}') == {"big": 18446744073709551616.0}
    assert type(_native._decode_json(b'{"big": 18446744073709551616}')["big"]) is float


def test_the_decoder_keeps_the_json_rules_and_matches_json_loads():
    # The decoder parses with simd-json (src/decode.rs); each rule the serde_json decoder kept is
    # checked here on the decoder itself, with the valid cases compared to json.loads.
    from govuk_notify import _native

    for bad in (b"", b" ", b"[1,]", b'{"a":1,}', b"01", b"1.", b"+1", b"Infinity", b"-Infinity",
                b"1e309", b'"\x01"', b'"a\nb"', b'"a\tb"',
                b'"\\x"', b'"\\udc00"', b'"\\ud800x"', b'"\\ud800\\u0041"', b'"\xed\xa0\x80"',
                b"1 2", b'"abc', b"nul", b'{"a"}', b"{1: 2}", b'{"a": 1}\x00', b"\xef\xbb\xbf{}"):
        with pytest.raises(ValueError):
            _native._decode_json(bad)
    for good in (b'"x"', b"null", b"true", b" 1 ", b"[]", b"{}", b"\t[ \r\n]", b"-0", b"-0.0",
                 b'"\\ud83d\\ude00 \\u00e9\\u20ac \\/"', b'"\x7f"', b"[1e5, 1E+5, 1e-5, 12.5e3, 1e-400]",
                 b"18446744073709551615", b"-9223372036854775808", b"5e-324", b"1.7976931348623157e308",
                 b"9007199254740993.0", b"1e23", b"0.1", b'{"dup": 1, "dup": 2, "x": 3, "dup": 4}'):
        got, want = _native._decode_json(good), json.loads(good)
        assert got == want and type(got) is type(want), good
        if isinstance(want, dict):
            assert list(got) == list(want)
    # Floats are correctly rounded, as json.loads rounds them.
    import random
    import struct

    rng = random.Random(18)
    for _ in range(2000):
        x = struct.unpack("<d", rng.getrandbits(64).to_bytes(8, "little"))[0]
        if x != x or x in (float("inf"), float("-inf")):
            continue
        for text in (repr(x), "%.17g" % x, "%.25g" % x):
            assert _native._decode_json(text.encode()) == json.loads(text), text
    # Objects with the same keys share a template; one that differs after the first key, or has
    # the same keys in another order, is built on its own.
    keys = [f"k{i}" for i in range(9)]
    objs = [dict.fromkeys(keys, 1), dict.fromkeys(keys[:1] + ["z"] + keys[2:], 2),
            dict.fromkeys(list(reversed(keys)), 3), dict.fromkeys(keys, 4), {"k0": 5, "k1": 6}]
    body = json.dumps(objs)
    got = _native._decode_json(body.encode())
    assert got == objs and [list(o) for o in got] == [list(o) for o in objs]


def test_a_json_body_that_is_not_utf8_is_an_invalid_response(sim):
    # The simulator only serves text, so a one-off server on 127.0.0.1 sends the bytes. The
    # decoder checks the whole body's UTF-8 once; a bad byte inside a string must still be caught.
    import http.server
    import threading

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            payload = b'{"id": "caf\xe9", "version": 1}'
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}"
        c = NotificationsAPIClient(sim.keys["test"], base_url=url, retry_policy=RetryPolicy.none())
        e = raised(lambda: c.get_template(sim.templates["sms"]))
        assert type(e) is E.InvalidResponse and e.status_code == 200
        ac = AsyncNotificationsAPIClient(sim.keys["test"], base_url=url, retry_policy=RetryPolicy.none())
        with pytest.raises(E.InvalidResponse):
            asyncio.run(ac.get_template(sim.templates["sms"]))
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_max_response_bytes_caps_a_body_with_or_without_its_length(sim, chunked):
    c = NotificationsAPIClient(
        sim.keys["test"], base_url=sim.base_url, retry_policy=RetryPolicy.none(), max_response_bytes=1024 * 1024
    )
    before = len(sim.requests())
    sim.fault(method="GET", action="huge_body", body_bytes=2 * 1024 * 1024, chunked=chunked)
    e = raised(lambda: get(c, sim))
    assert type(e) is E.InvalidResponse and e.status_code == 200
    assert len(sim.requests()) == before + 1
    # Under the cap it works as usual.
    assert get(c, sim)["id"] == sim.templates["sms"]


@pytest.mark.parametrize("bad", [0, -1])
def test_max_response_bytes_must_be_positive(bad):
    with pytest.raises(E.ArgumentError) as info:
        NotificationsAPIClient(
            "k-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0", max_response_bytes=bad
        )
    assert "max_response_bytes" in str(info.value)


# ---- issue #14: JSON nested 1,000 deep ------------------------------------------------------------

DEEP = '{"a":' + "[" * 999 + "]" * 999 + "}"


def test_a_200_nested_1000_deep_is_invalid_response_sync_asyncio_and_iterator(sim, client):
    # It was a plain RuntimeError: building InvalidResponse re-parsed the body with json.loads,
    # which raised RecursionError.
    sim.fault(method="GET", status=200, body=DEEP, times=None)
    e = raised(lambda: get(client, sim))
    assert type(e) is E.InvalidResponse and e.status_code == 200
    assert e.message == "No JSON response object could be decoded" and str(e)
    with pytest.raises(ValueError):
        e.response.json()
    ac = AsyncNotificationsAPIClient(sim.keys["test"], base_url=sim.base_url, retry_policy=RetryPolicy.none())
    with pytest.raises(E.InvalidResponse):
        asyncio.run(ac.get_template(sim.templates["sms"]))
    with pytest.raises(E.InvalidResponse):
        next(iter(client.get_all_notifications_iterator()))

    async def first():
        async for n in ac.get_all_notifications_iterator():
            return n

    with pytest.raises(E.InvalidResponse):
        asyncio.run(first())


@pytest.mark.parametrize("status,cls", [(400, E.ValidationError), (500, E.ServerError)])
def test_an_error_nested_1000_deep_is_the_right_class_and_prints(sim, client, status, cls):
    # str(e) and e.message raised RecursionError.
    sim.fault(method="GET", status=status, body=DEEP, times=None)
    e = raised(lambda: get(client, sim))
    assert type(e) is cls and e.status_code == status
    assert e.message == "Request failed" and str(e) == f"{status} - Request failed"
    assert e.body == DEEP and e.errors == []
    with pytest.raises(ValueError):
        e.response.json()
