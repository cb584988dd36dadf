"""Logger "govuk_notify": DEBUG per request, WARNING on failure, never secrets, tokens,
recipients or personalisation."""

from __future__ import annotations

import asyncio
import logging

import pytest

from govuk_notify import AsyncNotificationsAPIClient, NotificationsAPIClient, RetryPolicy

SECRET_NAME = "Personalisation-Marker-7f3a"
PHONE = "07700900123"
EMAIL = "recipient-marker@example.com"


def all_text(caplog) -> str:
    return "\n".join(r.getMessage() for r in caplog.records)


def test_debug_line_per_request(sim, client, caplog):
    caplog.set_level(logging.DEBUG, logger="govuk_notify")
    r = client.send_sms_notification(PHONE, sim.templates["sms"], {"name": SECRET_NAME}, reference="my-ref")
    client.get_notification_by_id(r["id"])
    records = [x for x in caplog.records if x.name == "govuk_notify"]
    assert [x.levelno for x in records] == [logging.DEBUG, logging.DEBUG]
    first = records[0].getMessage()
    assert first.startswith("API POST request on /v2/notifications/sms finished with 201 in ")
    assert records[1].getMessage().startswith(f"API GET request on /v2/notifications/{r['id']} finished with 200")
    assert records[0].args[:3] == ("POST", "/v2/notifications/sms", 201)
    assert isinstance(records[0].args[3], float)


def test_warning_on_failure_in_the_official_shape(sim, client, caplog):
    caplog.set_level(logging.DEBUG, logger="govuk_notify")
    with pytest.raises(Exception):
        client.send_sms_notification(PHONE, sim.templates["sms"], {"wrong": SECRET_NAME})
    warnings = [x for x in caplog.records if x.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert warnings[0].msg.startswith("API %s request on %s failed with %s '%s'")
    assert warnings[0].getMessage().startswith("API POST request on /v2/notifications/sms failed with 400 'BadRequestError'")


def test_transport_failure_warning(caplog):
    from conftest import closed_port_url

    c = NotificationsAPIClient("n-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0", base_url=closed_port_url(), retry_policy=RetryPolicy.none())
    caplog.set_level(logging.WARNING, logger="govuk_notify")
    with pytest.raises(Exception):
        c.get_template("8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d")
    (w,) = caplog.records
    assert "failed with transport" in w.getMessage()


def test_no_secrets_recipients_or_personalisation_in_logs(sim, caplog):
    caplog.set_level(logging.DEBUG)
    key = sim.keys["test"]
    secret = key[-36:]
    c = NotificationsAPIClient(key, base_url=sim.base_url, retry_policy=RetryPolicy.none())
    c.send_sms_notification(PHONE, sim.templates["sms"], {"name": SECRET_NAME})
    c.send_email_notification(EMAIL, sim.templates["email"], {"name": SECRET_NAME}, reference="ref-marker")
    list(c.get_all_notifications_iterator(reference="ref-marker"))
    for bad in ({"wrong": SECRET_NAME}, None):
        with pytest.raises(Exception):
            c.send_email_notification(EMAIL, sim.templates["email"], bad)
    sim.fault(method="POST", status=400, body='{"errors": [{"error": "ValidationError", "message": "' + EMAIL + ' ' + SECRET_NAME + '"}]}')
    with pytest.raises(Exception):
        c.send_email_notification(EMAIL, sim.templates["email"], {"name": SECRET_NAME})
    sim.clock(45)
    with pytest.raises(Exception):
        c.get_template(sim.templates["sms"])
    text = all_text(caplog)
    tokens = [r["headers"].get("authorization", "") for r in sim.requests()]
    assert "govuk_notify" in {r.name for r in caplog.records}
    for forbidden in [secret, SECRET_NAME, PHONE, EMAIL, "ref-marker", *[t.split(" ")[-1] for t in tokens if t]]:
        assert forbidden not in text, forbidden
    assert secret not in repr(c)


def test_async_requests_are_logged(sim, caplog):
    caplog.set_level(logging.DEBUG, logger="govuk_notify")
    c = AsyncNotificationsAPIClient(sim.keys["test"], base_url=sim.base_url)

    async def main():
        await c.get_template(sim.templates["sms"])
        return [x async for x in c.get_all_notifications_iterator()]

    asyncio.run(main())
    messages = [r.getMessage() for r in caplog.records if r.name == "govuk_notify"]
    assert any(m.startswith("API GET request on /v2/template/") for m in messages)
    assert any(m.startswith("API GET request on /v2/notifications finished with 200") for m in messages)


def test_disabled_logger_costs_no_records(sim, client, caplog):
    caplog.set_level(logging.WARNING, logger="govuk_notify")
    client.get_template(sim.templates["sms"])
    assert [r for r in caplog.records if r.name == "govuk_notify"] == []
