"""govuk_notify.callbacks: parsing the two payloads, the bearer-token check and its errors, and the
examples (examples/python/callbacks_wsgi.py, callbacks_asgi.py) driven end to end by the
simulator's callbacks: a message sent through the client comes back to the example as a verified,
parsed delivery receipt with the same id and status; a received text likewise; a wrong token is
refused with 401."""

from __future__ import annotations

import io
import json
import os
import queue
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from typing import Any, Dict, Iterator, Optional

import pytest
from conftest import REPO, Simulator

from govuk_notify import NotificationsAPIClient, RetryPolicy
from govuk_notify.callbacks import (
    CallbackAuthError,
    DeliveryReceipt,
    InvalidCallbackError,
    ReceivedText,
    check_bearer_token,
    parse_delivery_receipt,
    parse_received_text,
    verify_bearer_token,
)
from govuk_notify.errors import ArgumentError, NotifyError

RECEIPT = {
    "id": "740e5834-3a29-46b4-9a6f-16142fde533a",
    "reference": None,
    "to": "07700900123",
    "status": "delivered",
    "created_at": "2017-05-14T12:15:30.000000Z",
    "completed_at": "2017-05-14T12:15:30.000000Z",
    "sent_at": None,
    "notification_type": "sms",
    "template_id": "f33517ff-2a88-4f6e-b855-c550268ce08a",
    "template_version": 3,
}
TEXT = {
    "id": "b51f638b-4295-46e0-a06e-cd41eee7c33b",
    "source_number": "447700912345",
    "destination_number": "07700987654",
    "message": "Hello Notify!",
    "date_received": "2017-05-14T12:15:30.000000Z",
}
TOKEN = "cb-token-0123456789abcdef"


def test_parses_a_delivery_receipt_from_every_body_type():
    raw = json.dumps(RECEIPT)
    for body in (raw, raw.encode(), bytearray(raw.encode()), memoryview(raw.encode()), io.BytesIO(raw.encode())):
        r = parse_delivery_receipt(body)
        assert isinstance(r, DeliveryReceipt)
        assert r.id == RECEIPT["id"] and r.status == "delivered" and r.template_version == 3
        assert r.reference is None and r.sent_at is None
        assert r.to_dict() == RECEIPT
        assert r["status"] == "delivered" and "status" in r and "nope" not in r
        assert list(r.keys()) == list(RECEIPT)
    with pytest.raises(KeyError):
        r["nope"]
    with pytest.raises(AttributeError):
        r.status = "x"  # type: ignore[misc]


def test_parses_a_received_text():
    t = parse_received_text(json.dumps(TEXT).encode())
    assert isinstance(t, ReceivedText)
    assert (t.id, t.source_number, t.message) == (TEXT["id"], "447700912345", "Hello Notify!")
    assert t.to_dict() == TEXT
    assert dict((k, t[k]) for k in t.keys()) == TEXT


@pytest.mark.parametrize("body", [b"", b"not json", b"{}", json.dumps(TEXT).encode(), b"\xff\xfe", b"[]"])
def test_other_bodies_raise_invalid_callback_error(body):
    with pytest.raises(InvalidCallbackError) as info:
        parse_delivery_receipt(body)
    e = info.value
    assert isinstance(e, ArgumentError) and isinstance(e, ValueError) and isinstance(e, NotifyError)
    assert not isinstance(e, CallbackAuthError)
    assert e.field == "body" and e.kind == "argument"
    assert "callback payload" in str(e)
    with pytest.raises(InvalidCallbackError):
        parse_received_text(json.dumps(RECEIPT) if body == json.dumps(TEXT).encode() else body)


def test_a_wrong_field_type_names_the_problem():
    with pytest.raises(InvalidCallbackError, match="template_version|invalid type"):
        parse_delivery_receipt(json.dumps({**RECEIPT, "template_version": "3"}))


def test_verify_bearer_token():
    assert verify_bearer_token(f"Bearer {TOKEN}", TOKEN)
    assert verify_bearer_token(f"bearer {TOKEN}", TOKEN)
    assert verify_bearer_token(f"  BEARER {TOKEN}  ", TOKEN)
    assert not verify_bearer_token(f"Bearer {TOKEN}x", TOKEN)
    assert not verify_bearer_token(f"Bearer {TOKEN[:-1]}X", TOKEN)
    assert not verify_bearer_token(f"Basic {TOKEN}", TOKEN)
    assert not verify_bearer_token(TOKEN, TOKEN)
    assert not verify_bearer_token("Bearer ", "")
    assert not verify_bearer_token(None, TOKEN)
    assert not verify_bearer_token(f"Bearer {TOKEN}", None)


@pytest.mark.parametrize(
    "header,expected,says",
    [
        (None, TOKEN, "no Authorization header"),
        ("", TOKEN, "no Authorization header"),
        ("Bearer wrong-token-value", TOKEN, "does not carry the expected bearer token"),
        (f"Basic {TOKEN}", TOKEN, "does not carry the expected bearer token"),
        (f"Bearer {TOKEN}", "", "no expected callback token"),
    ],
)
def test_check_bearer_token_raises_a_distinct_error_without_the_tokens(header, expected, says):
    with pytest.raises(CallbackAuthError) as info:
        check_bearer_token(header, expected)
    e = info.value
    assert isinstance(e, NotifyError) and not isinstance(e, ValueError)
    assert e.kind == "callback_auth" and e.status_code == 401
    assert says in str(e)
    for text in (str(e), repr(e), e.detail):
        assert TOKEN not in text and "wrong-token-value" not in text
    check_bearer_token(f"Bearer {TOKEN}", TOKEN)  # the right token passes silently


# ---- the examples, end to end ------------------------------------------------------------------


class Example:
    """An example app run as its own process on a free port; each callback it accepts is a JSON
    line on its stdout."""

    def __init__(self, script: str) -> None:
        env = {**os.environ, "NOTIFY_CALLBACK_TOKEN": TOKEN, "PYTHONUNBUFFERED": "1"}
        self.proc = subprocess.Popen(
            [sys.executable, str(REPO / "examples" / "python" / script), "0"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        self.lines: "queue.Queue[str]" = queue.Queue()
        assert self.proc.stdout is not None
        threading.Thread(target=self._pump, args=(self.proc.stdout,), daemon=True).start()
        first = self.next_line(timeout=30)
        assert first.startswith("listening on http://127.0.0.1:"), first
        self.url = first.split("listening on ", 1)[1]

    def _pump(self, stream: Any) -> None:
        for line in stream:
            self.lines.put(line.rstrip("\n"))

    def next_line(self, timeout: float = 30) -> str:
        try:
            return self.lines.get(timeout=timeout)
        except queue.Empty:
            err = ""
            if self.proc.poll() is not None and self.proc.stderr is not None:
                err = self.proc.stderr.read()
            raise AssertionError(f"the example printed nothing within {timeout} s {err}") from None

    def next_callback(self) -> Dict[str, Any]:
        result: Dict[str, Any] = json.loads(self.next_line())
        return result

    def post(self, path: str, body: bytes, authorization: Optional[str]) -> int:
        headers = {"Content-Type": "application/json"}
        if authorization is not None:
            headers["Authorization"] = authorization
        req = urllib.request.Request(self.url + path, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:
                return int(resp.status)
        except urllib.error.HTTPError as e:
            return int(e.code)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for stream in (self.proc.stdout, self.proc.stderr):
            if stream is not None:
                stream.close()


@pytest.fixture(params=["callbacks_wsgi.py", "callbacks_asgi.py"])
def receiver(request) -> Iterator[tuple]:
    example = Example(request.param)
    sim = Simulator(
        "--callback-url",
        f"{example.url}/notify/delivery-receipts",
        "--inbound-callback-url",
        f"{example.url}/notify/received-texts",
        "--callback-token",
        TOKEN,
        "--callback-backoff-ms",
        "50",
    )
    try:
        yield example, sim
    finally:
        sim.stop()
        example.stop()


def test_example_receives_the_delivery_receipt_of_a_message_sent(receiver):
    example, sim = receiver
    client = NotificationsAPIClient(sim.keys["test"], base_url=sim.base_url, retry_policy=RetryPolicy.none())
    # With a test key, 07700900002 ends in permanent-failure and anything else in delivered.
    sent = []
    for number, status in (("07700900002", "permanent-failure"), ("07700900123", "delivered")):
        response = client.send_sms_notification(
            number, sim.templates["sms"], personalisation={"name": "Ada"}, reference=f"ref-{status}"
        )
        sent.append((response["id"], status, f"ref-{status}"))
    got = {}
    for _ in sent:
        cb = example.next_callback()
        got[cb["id"]] = cb
    for notification_id, status, reference in sent:
        cb = got[notification_id]
        assert cb["kind"] == "delivery_receipt"
        assert cb["status"] == status and cb["reference"] == reference
        assert cb["notification_type"] == "sms" and cb["template_id"] == sim.templates["sms"]
        assert cb["status"] == client.get_notification_by_id(notification_id)["status"]


def test_example_receives_a_received_text(receiver):
    example, sim = receiver
    created = sim._call("POST", "received-texts", [{"user_number": "447700900111", "content": "Hi from a phone"}])
    sent = created["received_text_messages"][0]
    cb = example.next_callback()
    assert cb["kind"] == "received_text"
    assert cb["id"] == sent["id"] and cb["message"] == "Hi from a phone"
    assert cb["source_number"] == "447700900111"


def test_example_refuses_a_wrong_token_and_a_bad_body(receiver):
    example, sim = receiver
    receipt = json.dumps(RECEIPT).encode()
    assert example.post("/notify/delivery-receipts", receipt, "Bearer not-the-token") == 401
    assert example.post("/notify/delivery-receipts", receipt, None) == 401
    assert example.post("/notify/delivery-receipts", b"{}", f"Bearer {TOKEN}") == 400
    assert example.post("/notify/received-texts", receipt, f"Bearer {TOKEN}") == 400
    # The simulator configured with another token: its callback is refused and not retried.
    sim._call("POST", "callbacks", {"url": f"{example.url}/notify/delivery-receipts", "token": "not-the-token"})
    client = NotificationsAPIClient(sim.keys["test"], base_url=sim.base_url, retry_policy=RetryPolicy.none())
    notification_id = client.send_sms_notification("07700900123", sim.templates["sms"], {"name": "Ada"})["id"]
    log = wait_for_finished_callback(sim, notification_id)
    assert log["last_status"] == 401 and not log["delivered"] and log["attempts"] == 1
    # A good request still goes through afterwards, and it is the only thing the example accepted.
    assert example.post("/notify/delivery-receipts", receipt, f"Bearer {TOKEN}") == 200
    assert example.next_callback()["id"] == RECEIPT["id"]


def wait_for_finished_callback(sim: Simulator, notification_id: str) -> Dict[str, Any]:
    import time

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        for rec in sim._call("GET", "callbacks/log"):
            if rec["payload"].get("id") == notification_id and rec["finished"]:
                return dict(rec)
        time.sleep(0.05)
    raise AssertionError("the simulator's callback never finished")


def test_the_examples_type_check_with_mypy_strict():
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--config-file",
            str(REPO / "tests" / "python" / "mypy.ini"),
            str(REPO / "examples" / "python" / "callbacks_wsgi.py"),
            str(REPO / "examples" / "python" / "callbacks_asgi.py"),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
