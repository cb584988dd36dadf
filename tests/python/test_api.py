"""Every method of NotificationsAPIClient against the simulator (page size 3)."""

from __future__ import annotations

import io
import uuid

import pytest

import govuk_notify
from govuk_notify import NotificationsAPIClient, RetryPolicy, prepare_upload
from govuk_notify.errors import ArgumentError, ValidationError

ADDRESS = {"address_line_1": "Amala Example", "address_line_2": "1 Example Street", "postcode": "SW1A 1AA"}
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def test_imports_match_the_official_package_layout():
    from govuk_notify import REQUEST_ERROR_MESSAGE, REQUEST_ERROR_STATUS_CODE
    from govuk_notify.notifications import NotificationsAPIClient as FromModule
    from govuk_notify.utils import prepare_upload as from_utils

    assert FromModule is NotificationsAPIClient
    assert from_utils is prepare_upload
    assert (REQUEST_ERROR_STATUS_CODE, REQUEST_ERROR_MESSAGE) == (503, "Request failed")
    assert isinstance(govuk_notify.__version__, str)


def test_client_attributes(sim, client):
    assert client.service_id == sim.info["service_id"]
    assert client.base_url == sim.base_url
    assert client.timeout == 30
    assert client.user_agent.startswith("govuk-notify/")
    assert "(python/3." in client.user_agent
    assert client.retry_policy == RetryPolicy.none()
    assert sim.keys["test"][-36:] not in repr(client)
    assert NotificationsAPIClient(sim.keys["test"]).base_url == "https://api.notifications.service.gov.uk"


def test_send_sms(sim, client):
    r = client.send_sms_notification(
        phone_number="07700900123",
        template_id=sim.templates["sms"],
        personalisation={"name": "Amala"},
        reference="ref-1",
        sms_sender_id=sim.info["sms_sender_id"],
    )
    assert isinstance(r, dict)
    assert r["reference"] == "ref-1"
    assert "Amala" in r["content"]["body"]
    assert r["template"]["id"] == sim.templates["sms"]
    uuid.UUID(r["id"])


def test_send_email_with_every_option(sim, client):
    r = client.send_email_notification(
        email_address="amala@example.com",
        template_id=sim.templates["email"],
        personalisation={"name": "Amala"},
        reference="ref-e",
        email_reply_to_id=sim.info["email_reply_to_id"],
        one_click_unsubscribe_url="https://example.gov.uk/unsubscribe?x=1",
        sanitise_content_for=["name"],
    )
    assert r["reference"] == "ref-e"
    assert r["content"]["one_click_unsubscribe_url"] == "https://example.gov.uk/unsubscribe?x=1"
    sent = sim.requests()[-1]
    assert '"sanitise_content_for":["name"]' in sent["body"]


def test_send_email_with_file(sim, client):
    upload = prepare_upload(io.BytesIO(b"name,score\nAmala,10\n"), filename="scores.csv", retention_period="4 weeks")
    assert upload == {
        "file": "bmFtZSxzY29yZQpBbWFsYSwxMAo=",
        "filename": "scores.csv",
        "confirm_email_before_download": None,
        "retention_period": "4 weeks",
    }
    r = client.send_email_notification("amala@example.com", sim.templates["email_file"], {"link_to_file": upload})
    assert "id" in r


def test_send_letter_and_get_pdf(sim, client):
    r = client.send_letter_notification(sim.templates["letter"], dict(ADDRESS, name="Amala"), reference="letter-1")
    assert r["reference"] == "letter-1"
    pdf = client.get_pdf_for_letter(r["id"])
    assert isinstance(pdf, io.BytesIO)
    assert pdf.read().startswith(b"%PDF")


def test_send_precompiled_letter(client):
    r = client.send_precompiled_letter_notification("pre-1", io.BytesIO(PDF), postage="first")
    assert r["reference"] == "pre-1"
    assert r["postage"] == "first"
    r2 = client.send_precompiled_letter_notification("pre-2", io.BytesIO(PDF))
    assert r2["reference"] == "pre-2"


def test_get_notification_by_id(sim, client):
    sent = client.send_sms_notification("07700900123", sim.templates["sms"], {"name": "A"})
    got = client.get_notification_by_id(sent["id"])
    assert got["id"] == sent["id"]
    assert got["type"] == "sms"
    assert got["phone_number"] == "07700900123"
    # A uuid.UUID works too, as with the official client's f-string.
    assert client.get_notification_by_id(uuid.UUID(sent["id"]))["id"] == sent["id"]


def test_get_all_notifications_one_page_and_filters(sim, client):
    ids = [client.send_sms_notification("07700900123", sim.templates["sms"], {"name": str(i)}, reference="r")["id"] for i in range(4)]
    client.send_email_notification("a@example.com", sim.templates["email"], {"name": "x"})
    page = client.get_all_notifications()
    assert len(page["notifications"]) == 3  # page size 3
    assert "next" in page["links"]
    sms = client.get_all_notifications(template_type="sms", status=["delivered", "created", "sending"], reference="r")
    assert {n["id"] for n in sms["notifications"]} <= set(ids)
    older = client.get_all_notifications(older_than=ids[-1])
    assert all(n["id"] != ids[-1] for n in older["notifications"])
    jobs = client.get_all_notifications(include_jobs=True)
    assert "notifications" in jobs
    assert sim.requests()[-1]["query"] == "include_jobs=True"


def test_notifications_iterator_walks_every_page(sim, client):
    ids = {client.send_sms_notification("07700900123", sim.templates["sms"], {"name": str(i)})["id"] for i in range(8)}
    sim.clear_requests()
    seen = [n["id"] for n in client.get_all_notifications_iterator()]
    assert set(seen) == ids and len(seen) == 8
    # 3 + 3 + 2, then the empty page that ends the walk: the official algorithm.
    gets = [r for r in sim.requests() if r["path"] == "/v2/notifications"]
    assert len(gets) == 4
    assert "older_than=" in gets[1]["query"]
    filtered = list(client.get_all_notifications_iterator(template_type="email"))
    assert filtered == []


def test_iterator_keeps_filters_across_pages(sim, client):
    for i in range(5):
        client.send_sms_notification("07700900123", sim.templates["sms"], {"name": str(i)}, reference="keep")
    client.send_sms_notification("07700900123", sim.templates["sms"], {"name": "other"}, reference="other")
    sim.clear_requests()
    got = list(client.get_all_notifications_iterator(reference="keep", template_type="sms"))
    assert len(got) == 5
    for r in sim.requests():
        assert "reference=keep" in r["query"] and "template_type=sms" in r["query"]


def test_templates(sim, client):
    t = client.get_template(sim.templates["sms"])
    assert t["id"] == sim.templates["sms"] and t["type"] == "sms"
    v1 = client.get_template_version(sim.templates["sms_versioned"], 1)
    v2 = client.get_template_version(sim.templates["sms_versioned"], "2")
    assert (v1["version"], v2["version"]) == (1, 2)
    all_templates = client.get_all_templates()["templates"]
    assert {x["id"] for x in all_templates} >= set(sim.templates.values())
    emails = client.get_all_templates(template_type="email")["templates"]
    assert emails and all(x["type"] == "email" for x in emails)


def test_template_preview(sim, client):
    p = client.post_template_preview(sim.templates["sms"], {"name": "Zoë"})
    assert "Zoë" in p["body"]
    assert p["type"] == "sms"


def test_received_texts_page_and_iterator(sim, client):
    sim.received_texts(7)
    page = client.get_received_texts()
    assert len(page["received_text_messages"]) == 3
    older = client.get_received_texts(older_than=page["received_text_messages"][-1]["id"])
    assert older["received_text_messages"][0]["id"] != page["received_text_messages"][0]["id"]
    sim.clear_requests()
    texts = list(client.get_received_texts_iterator())
    assert len(texts) == 7 and len({t["id"] for t in texts}) == 7
    assert len(sim.requests()) == 4


def test_personalisation_types_are_sent_as_json_dumps_would(sim, client):
    personalisation = {
        "name": "Amala",
        "items": ["a", "b"],
        "tuple": ("x",),
        "set": {"only"},
        "n": 3,
        "f": 1.5,
        "yes": True,
        "none": None,
        "nested": {"k": [1, {"deep": "v"}]},
        1: "int key",
    }
    client.send_email_notification("a@example.com", sim.templates["email"], personalisation)
    import json

    body = json.loads(sim.requests()[-1]["body"])
    assert body["personalisation"] == {
        "name": "Amala",
        "items": ["a", "b"],
        "tuple": ["x"],
        "set": ["only"],
        "n": 3,
        "f": 1.5,
        "yes": True,
        "none": None,
        "nested": {"k": [1, {"deep": "v"}]},
        "1": "int key",
    }
    with pytest.raises(TypeError, match="not JSON serializable"):
        client.send_sms_notification("07700900123", sim.templates["sms"], {"name": object()})


def test_unset_optionals_are_omitted(sim, client):
    client.send_sms_notification("07700900123", sim.templates["sms"], {"name": "x"}, reference="", sms_sender_id=None)
    assert "reference" not in sim.requests()[-1]["body"]


def test_argument_errors_are_value_errors_and_send_nothing(sim, client):
    with pytest.raises(ArgumentError) as e:
        client.send_sms_notification("07700900123", "not-a-uuid")
    assert isinstance(e.value, ValueError)
    assert e.value.field == "template_id" and e.value.kind == "argument"
    with pytest.raises(ValueError):
        client.get_all_notifications(status="no-such-status")
    with pytest.raises(ValueError):
        client.get_template_version(sim.templates["sms"], "latest")
    with pytest.raises(ValueError):
        NotificationsAPIClient("too-short")
    assert sim.requests() == []


def test_prepare_upload_limits_and_inputs():
    limit = 2 * 1024 * 1024
    assert len(prepare_upload(io.BytesIO(b"a" * limit))["file"]) > limit
    with pytest.raises(ValueError) as e:
        prepare_upload(io.BytesIO(b"a" * (limit + 1)))
    assert str(e.value) == "File is larger than 2MB"
    assert e.value.args == ("File is larger than 2MB",)
    assert prepare_upload(io.BytesIO(b"x"), confirm_email_before_download=False)["confirm_email_before_download"] is False
    assert prepare_upload(b"raw bytes")["file"] == "cmF3IGJ5dGVz"


def test_server_validation_error_is_raised(sim, client):
    with pytest.raises(ValidationError) as e:
        client.send_sms_notification("07700900123", sim.templates["sms"])  # missing ((name))
    assert e.value.status_code == 400


def test_timeout_forms_are_accepted(sim):
    for t in (5, 2.5, (1, 10), None):
        c = NotificationsAPIClient(sim.keys["test"], base_url=sim.base_url, timeout=t)
        assert c.timeout == t
        assert c.get_template(sim.templates["sms"])["id"] == sim.templates["sms"]
    with pytest.raises(ValueError):
        NotificationsAPIClient(sim.keys["test"], base_url=sim.base_url, timeout=-1)


def test_subclass_and_patching_like_the_official_client(sim, client):
    from unittest import mock

    with mock.patch.object(client, "send_sms_notification", return_value={"id": "mocked"}) as m:
        assert client.send_sms_notification("07700900123", "t")["id"] == "mocked"
    m.assert_called_once()
    with mock.patch.object(NotificationsAPIClient, "get_template", return_value={"id": "class-mocked"}):
        assert client.get_template("x")["id"] == "class-mocked"

    class MyClient(NotificationsAPIClient):
        def send_welcome(self, phone):
            return self.send_sms_notification(phone, sim.templates["sms"], {"name": "you"})

    assert "id" in MyClient(sim.keys["test"], base_url=sim.base_url).send_welcome("07700900123")


def test_default_retry_policy_retries_reads(sim):
    c = NotificationsAPIClient(sim.keys["test"], base_url=sim.base_url, retry_policy=RetryPolicy(initial_backoff=0.01, max_backoff=0.05))
    sim.fault(method="GET", path_prefix="/v2/template/", status=500, times=2)
    assert c.get_template(sim.templates["sms"])["id"] == sim.templates["sms"]
    assert len(sim.requests()) == 3
    sim.clear_requests()
    sim.fault(method="POST", path_prefix="/v2/notifications/sms", status=500, times=1)
    with pytest.raises(govuk_notify.errors.ServerError):
        c.send_sms_notification("07700900123", sim.templates["sms"], {"name": "x"})
    assert len(sim.requests()) == 1  # a send that may have reached Notify is never retried


def test_retry_policy_value():
    d = RetryPolicy()
    assert (d.max_retries, d.initial_backoff, d.max_backoff, d.jitter, d.retry_sends) == (2, 0.25, 5.0, True, False)
    assert RetryPolicy.none().max_retries == 0
    assert RetryPolicy(max_retries=5).max_retries == 5
    assert "max_retries=5" in repr(RetryPolicy(max_retries=5))
    with pytest.raises(ValueError):
        RetryPolicy(initial_backoff=-1)
