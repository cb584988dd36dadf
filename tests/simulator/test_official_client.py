"""Drives the simulator with the official notifications-python-client 13.0.0.

Every operation of NotificationsAPIClient is exercised, and error responses
(bad tokens, clock skew, bad bodies, team-key rules, limits) are checked
against the wire specification.
"""

import base64
import io
import re

import pytest
from notifications_python_client import prepare_upload
from notifications_python_client.errors import HTTPError
from notifications_python_client.notifications import NotificationsAPIClient

TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$")
MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
    b"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>\nendobj\n"
    b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
)
ADDRESS = {
    "address_line_1": "Amala Bird",
    "address_line_2": "123 High Street",
    "address_line_3": "Richmond upon Thames",
    "postcode": "SW14 6BF",
}


def client(sim, kind="test"):
    return NotificationsAPIClient(sim["keys"][kind], base_url=sim["base_url"])


def errors_of(excinfo):
    """(status_code, [(error, message), ...]) of an HTTPError."""
    error = excinfo.value
    return error.status_code, [(e["error"], e["message"]) for e in error.message]


def test_send_sms_with_every_argument(simulator):
    response = client(simulator).send_sms_notification(
        phone_number="07700 900123",
        template_id=simulator["templates"]["sms"],
        personalisation={"Name": "Amala"},
        reference="sms-ref",
        sms_sender_id=simulator["sms_sender_id"],
    )
    base = simulator["base_url"]
    assert response == {
        "id": response["id"],
        "reference": "sms-ref",
        "content": {
            "body": "Hello Amala, this is a test text message from the Notify simulator.",
            "from_number": "GOVUK",
        },
        "uri": f"{base}/v2/notifications/{response['id']}",
        "template": {
            "id": simulator["templates"]["sms"],
            "version": 1,
            "uri": f"{base}/services/{simulator['service_id']}/templates/{simulator['templates']['sms']}",
        },
        "scheduled_for": None,
    }
    recorded = [r for r in simulator.requests() if r["path"] == "/v2/notifications/sms"]
    assert len(recorded) == 1
    headers = recorded[0]["headers"]
    assert headers["user-agent"] == "NOTIFY-API-PYTHON-CLIENT/13.0.0"
    assert headers["authorization"].startswith("Bearer ")
    assert headers["content-type"] == "application/json"
    assert recorded[0]["status"] == 201


def test_send_email_with_unsubscribe_sanitising_and_a_file(simulator):
    c = client(simulator)
    response = c.send_email_notification(
        email_address="amala@example.com",
        template_id=simulator["templates"]["email"],
        personalisation={"name": "see example.com"},
        reference="email-ref",
        email_reply_to_id=simulator["email_reply_to_id"],
        one_click_unsubscribe_url="https://example.gov.uk/unsubscribe?u=1",
        sanitise_content_for=["name"],
    )
    assert response["content"]["subject"] == "Hello see example\\. com"
    assert response["content"]["one_click_unsubscribe_url"] == "https://example.gov.uk/unsubscribe?u=1"
    assert response["content"]["from_email"].endswith("@notifications.service.gov.uk")
    assert response["sanitised_content"] == {
        "name": {"unsanitised": "see example.com", "sanitised": "see example\\. com"}
    }

    upload = prepare_upload(
        io.BytesIO(b"name,score\nAmala,10\n"),
        filename="report.csv",
        confirm_email_before_download=True,
        retention_period="4 weeks",
    )
    with_file = c.send_email_notification(
        email_address="amala@example.com",
        template_id=simulator["templates"]["email_file"],
        personalisation={"link_to_file": upload},
    )
    assert re.match(
        r"^Download your document: https://documents\.service\.gov\.uk/d/[0-9a-f-]{36}/[0-9a-f-]{36}\?key=\S+$",
        with_file["content"]["body"],
    ), with_file["content"]["body"]
    assert with_file["sanitised_content"] == {}


def test_send_letter_and_precompiled_letter(simulator):
    c = client(simulator)
    letter = c.send_letter_notification(
        template_id=simulator["templates"]["letter"],
        personalisation={**ADDRESS, "name": "Amala"},
        reference="letter-ref",
    )
    assert letter["content"] == {
        "subject": "Letter for Amala",
        "body": "Dear Amala,\n\nThis is a test letter from the Notify simulator.",
    }
    precompiled = c.send_precompiled_letter_notification(
        reference="pre-ref", pdf_file=io.BytesIO(MINIMAL_PDF), postage="first"
    )
    assert set(precompiled) == {"id", "reference", "postage"}
    assert precompiled["reference"] == "pre-ref"
    assert precompiled["postage"] == "first"

    stored = c.get_notification_by_id(letter["id"])
    assert stored["type"] == "letter"
    assert stored["status"] == "received"
    assert stored["line_1"] == "Amala Bird"
    assert stored["postcode"] == "SW14 6BF"
    assert stored["postage"] == "second"
    assert TIMESTAMP.match(stored["estimated_delivery"])

    pdf = c.get_pdf_for_letter(letter["id"])
    assert pdf.read().startswith(b"%PDF-")
    assert c.get_pdf_for_letter(precompiled["id"]).read() == MINIMAL_PDF


def test_get_notification_by_id_has_every_field(simulator):
    c = client(simulator)
    sent = c.send_sms_notification("07700900123", simulator["templates"]["sms"], {"name": "Zoë"}, "r1")
    n = c.get_notification_by_id(sent["id"])
    for key in (
        "id", "reference", "email_address", "phone_number", "line_1", "line_2", "line_3", "line_4",
        "line_5", "line_6", "postcode", "postage", "type", "status", "template", "body", "subject",
        "created_at", "created_by_name", "sent_at", "completed_at", "scheduled_for",
        "one_click_unsubscribe_url", "is_cost_data_ready", "cost_in_pounds", "cost_details",
    ):
        assert key in n, key
    assert n["phone_number"] == "07700900123"
    assert n["status"] == "delivered"
    assert n["body"] == "Hello Zoë, this is a test text message from the Notify simulator."
    assert n["template"]["uri"].endswith(f"/v2/template/{simulator['templates']['sms']}/version/1")
    assert TIMESTAMP.match(n["created_at"]) and TIMESTAMP.match(n["completed_at"])
    assert n["cost_details"]["billable_sms_fragments"] == 1

    with pytest.raises(HTTPError) as excinfo:
        c.get_notification_by_id("not-a-uuid")
    assert errors_of(excinfo) == (400, [("ValidationError", "notification_id is not a valid UUID")])
    with pytest.raises(HTTPError) as excinfo:
        c.get_notification_by_id("00000000-0000-4000-8000-000000000000")
    assert errors_of(excinfo) == (404, [("NoResultFound", "No result found")])


def test_get_all_notifications_with_each_filter(simulator):
    c = client(simulator)
    sms = simulator["templates"]["sms"]
    delivered = c.send_sms_notification("07700900123", sms, {"name": "a"}, "ref-a")
    failed = c.send_sms_notification("07700900003", sms, {"name": "b"}, "ref-b")
    email = c.send_email_notification("amala@example.com", simulator["templates"]["email"], {"name": "c"})

    by_type = c.get_all_notifications(template_type="email")
    assert [n["id"] for n in by_type["notifications"]] == [email["id"]]
    assert by_type["links"]["current"] == f"{simulator['base_url']}/v2/notifications?template_type=email"
    assert by_type["links"]["next"] == (
        f"{simulator['base_url']}/v2/notifications?template_type=email&older_than={email['id']}"
    )

    assert [n["id"] for n in c.get_all_notifications(status="failed")["notifications"]] == [failed["id"]]
    assert c.get_all_notifications(status="failed")["notifications"][0]["status"] == "temporary-failure"
    assert [n["id"] for n in c.get_all_notifications(status="delivered", template_type="sms")["notifications"]] == [
        delivered["id"]
    ]
    assert [n["id"] for n in c.get_all_notifications(reference="ref-a")["notifications"]] == [delivered["id"]]
    older = c.get_all_notifications(older_than=failed["id"])
    assert [n["id"] for n in older["notifications"]] == [delivered["id"]]
    with_jobs = c.get_all_notifications(include_jobs=True)
    assert [n["id"] for n in with_jobs["notifications"]] == [email["id"], failed["id"], delivered["id"]]
    assert "include_jobs=True" in with_jobs["links"]["current"]

    # Other key types see none of these.
    assert client(simulator, "live").get_all_notifications()["notifications"] == []
    empty = c.get_all_notifications(older_than="00000000-0000-4000-8000-000000000000")
    assert empty["notifications"] == [] and "next" not in empty["links"]

    with pytest.raises(HTTPError) as excinfo:
        c.get_all_notifications(status="elephant", template_type="Apple")
    status_values = (
        "cancelled, created, sending, sent, delivered, pending, failed, technical-failure, temporary-failure, "
        "permanent-failure, pending-virus-check, validation-failed, virus-scan-failed, returned-letter, "
        "accepted, received"
    )
    assert errors_of(excinfo) == (
        400,
        [
            ("ValidationError", f"status elephant is not one of [{status_values}]"),
            ("ValidationError", "template_type Apple is not one of [sms, email, letter]"),
        ],
    )


def test_notification_iterator_walks_every_page(start_simulator):
    sim = start_simulator("--page-size", "3", "--status-delay-ms", "0")
    c = client(sim)
    ids = [
        c.send_sms_notification("07700900123", sim["templates"]["sms"], {"name": str(i)})["id"]
        for i in range(7)
    ]
    c.send_email_notification("a@example.com", sim["templates"]["email"], {"name": "noise"})
    sim.control("DELETE", "requests")

    walked = [n["id"] for n in c.get_all_notifications_iterator(template_type="sms")]
    assert walked == list(reversed(ids))
    gets = [r for r in sim.requests() if r["path"] == "/v2/notifications"]
    # Pages of 3, 3 and 1, then the empty page that ends the walk.
    assert len(gets) == 4
    assert all("template_type=sms" in r["query"] for r in gets)
    assert [n["id"] for n in c.get_all_notifications_iterator(older_than=ids[2])] == [ids[1], ids[0]]


def test_received_texts_and_their_iterator(simulator):
    c = client(simulator)
    assert c.get_received_texts() == {
        "received_text_messages": [],
        "links": {"current": f"{simulator['base_url']}/v2/received-text-messages"},
    }
    seeded = simulator.control(
        "POST",
        "received-texts",
        [{"user_number": "447700900111", "content": f"message {i}"} for i in range(5)],
    )["received_text_messages"]
    page = c.get_received_texts()
    assert [t["content"] for t in page["received_text_messages"]] == ["message 4", "message 3", "message 2"]
    first = page["received_text_messages"][0]
    assert set(first) == {"id", "user_number", "notify_number", "created_at", "service_id", "content"}
    assert first["service_id"] == simulator["service_id"]
    last_id = page["received_text_messages"][-1]["id"]
    assert page["links"]["next"] == f"{simulator['base_url']}/v2/received-text-messages?older_than={last_id}"
    assert [t["content"] for t in c.get_received_texts(older_than=last_id)["received_text_messages"]] == [
        "message 1",
        "message 0",
    ]
    walked = [t["id"] for t in c.get_received_texts_iterator()]
    assert walked == [t["id"] for t in reversed(seeded)]


def test_templates_versions_and_preview(simulator):
    c = client(simulator)
    sms = c.get_template(simulator["templates"]["sms"])
    assert sms["type"] == "sms" and sms["version"] == 1 and sms["subject"] is None
    assert sms["personalisation"] == {"name": {"required": True}}
    assert sms["body"] == "Hello ((name)), this is a test text message from the Notify simulator."
    versioned = simulator["templates"]["sms_versioned"]
    assert c.get_template(versioned)["version"] == 2
    v1 = c.get_template_version(versioned, 1)
    assert (v1["version"], v1["body"]) == (1, "Version one")
    assert c.get_template_version(versioned, 2)["body"] == "Version two, ((name))"
    with pytest.raises(HTTPError) as excinfo:
        c.get_template_version(versioned, 3)
    assert errors_of(excinfo) == (404, [("NoResultFound", "No result found")])
    with pytest.raises(HTTPError) as excinfo:
        c.get_template_version(versioned, 0)
    assert errors_of(excinfo) == (400, [("ValidationError", "version 0 is less than the minimum of 1")])

    everything = c.get_all_templates()["templates"]
    assert {t["id"] for t in everything} >= set(simulator["templates"].values())
    letters = c.get_all_templates(template_type="letter")["templates"]
    assert [t["id"] for t in letters] == [simulator["templates"]["letter"]]
    assert letters[0]["postage"] == "second"

    preview = c.post_template_preview(simulator["templates"]["email"], {"name": "Amala"})
    assert preview["subject"] == "Hello Amala"
    assert preview["body"] == "Dear Amala,\n\nThis is a test email from the Notify simulator."
    assert "<p" in preview["html"] and "Dear Amala," in preview["html"]
    with pytest.raises(HTTPError) as excinfo:
        c.post_template_preview(simulator["templates"]["email"], {"other": "x"})
    assert errors_of(excinfo) == (400, [("BadRequestError", "Missing personalisation: name")])

    # Python-only admin route: not available to API keys, legacy error shape.
    with pytest.raises(HTTPError) as excinfo:
        c.get_all_template_versions(simulator["templates"]["sms"])
    assert excinfo.value.status_code == 401
    assert excinfo.value.message == {"token": ["Unauthorized: not allowed to perform this action"]}


def test_bad_tokens(simulator):
    wrong_secret = NotificationsAPIClient(
        f"key-{simulator['service_id']}-00000000-0000-4000-8000-000000000000", base_url=simulator["base_url"]
    )
    with pytest.raises(HTTPError) as excinfo:
        wrong_secret.get_all_templates()
    assert errors_of(excinfo) == (403, [("AuthError", "Invalid token: API key not found")])

    unknown_service = NotificationsAPIClient(
        "key-00000000-0000-4000-8000-000000000001-00000000-0000-4000-8000-000000000000",
        base_url=simulator["base_url"],
    )
    with pytest.raises(HTTPError) as excinfo:
        unknown_service.get_all_templates()
    assert errors_of(excinfo) == (403, [("AuthError", "Invalid token: service not found")])

    c = client(simulator)
    simulator.control("POST", "clock", {"offset_secs": 45})
    with pytest.raises(HTTPError) as excinfo:
        c.get_all_templates()
    assert errors_of(excinfo) == (
        403,
        [("AuthError", "Error: Your system clock must be accurate to within 30 seconds")],
    )
    simulator.control("POST", "clock", {"offset_secs": -25})
    assert c.get_all_templates()["templates"]
    simulator.control("POST", "clock", {"offset_secs": 0})


def test_bad_bodies_report_every_violation(simulator):
    c = client(simulator)
    with pytest.raises(HTTPError) as excinfo:
        c.send_sms_notification("0770090012", "not-a-uuid", {"name": "a"}, "x" * 1001)
    assert errors_of(excinfo) == (
        400,
        [
            ("ValidationError", f"reference {'x' * 1001} is too long"),
            ("ValidationError", "phone_number Not enough digits"),
            ("ValidationError", "template_id is not a valid UUID"),
        ],
    )
    with pytest.raises(HTTPError) as excinfo:
        c.send_email_notification("not-an-email", simulator["templates"]["email"], {"name": "a"},
                                  one_click_unsubscribe_url="http://example.com")
    assert errors_of(excinfo) == (
        400,
        [
            ("ValidationError", "email_address Not a valid email address"),
            ("ValidationError", "one_click_unsubscribe_url is not a valid https url"),
        ],
    )
    with pytest.raises(HTTPError) as excinfo:
        c.send_sms_notification("07700900123", simulator["templates"]["sms"])
    assert errors_of(excinfo) == (400, [("BadRequestError", "Missing personalisation: name")])
    with pytest.raises(HTTPError) as excinfo:
        c.send_sms_notification("07700900123", simulator["templates"]["email"], {"name": "a"})
    assert errors_of(excinfo) == (400, [("BadRequestError", "email template is not suitable for sms notification")])
    with pytest.raises(HTTPError) as excinfo:
        c.send_letter_notification(simulator["templates"]["letter"], {"address_line_1": "A", "name": "x"})
    assert errors_of(excinfo) == (400, [("ValidationError", "personalisation address_line_2 is a required property")])
    with pytest.raises(HTTPError) as excinfo:
        c.send_letter_notification(
            simulator["templates"]["letter"], {**ADDRESS, "postcode": "Narnia", "name": "x"}
        )
    assert errors_of(excinfo) == (
        400,
        [("ValidationError", "Last line of address must be a real UK postcode or another country")],
    )
    with pytest.raises(HTTPError) as excinfo:
        c.send_precompiled_letter_notification("ref", io.BytesIO(MINIMAL_PDF), postage="europe")
    assert errors_of(excinfo) == (
        400,
        [("ValidationError", "postage invalid. It must be either first, second or economy.")],
    )
    with pytest.raises(HTTPError) as excinfo:
        c.post("/v2/notifications/sms", {"phone_number": "07700900123", "template_id": simulator["templates"]["sms"],
                                         "personalisation": {"name": "a"}, "template": "x", "reference": None})
    assert errors_of(excinfo) == (
        400,
        [
            ("ValidationError", "reference None is not of type string"),
            ("ValidationError", "Additional properties are not allowed (template was unexpected)"),
        ],
    )
    upload = prepare_upload(io.BytesIO(b"data"), filename="archive.zip")
    with pytest.raises(HTTPError) as excinfo:
        c.send_email_notification("a@example.com", simulator["templates"]["email_file"], {"link_to_file": upload})
    status, errors = errors_of(excinfo)
    assert status == 400 and errors[0][0] == "BadRequestError"
    assert errors[0][1].startswith("Unsupported file type '.zip'. Supported types are: '.csv'")
    big = {"file": base64.b64encode(b"x" * (2 * 1024 * 1024 + 1025)).decode(), "filename": "big.txt"}
    with pytest.raises(HTTPError) as excinfo:
        c.send_email_notification("a@example.com", simulator["templates"]["email_file"], {"link_to_file": big})
    assert errors_of(excinfo) == (400, [("BadRequestError", "Uploaded file exceeds file size limit")])


def test_team_key_rules(simulator):
    team = client(simulator, "team")
    sms = simulator["templates"]["sms"]
    assert team.send_sms_notification("+447700900123", sms, {"name": "a"})["id"]
    assert team.send_email_notification("team@example.gov.uk", simulator["templates"]["email"], {"name": "a"})["id"]
    with pytest.raises(HTTPError) as excinfo:
        team.send_sms_notification("07700900999", sms, {"name": "a"})
    assert errors_of(excinfo) == (
        400,
        [("BadRequestError", "Can\u2019t send to this recipient using a team-only API key")],
    )
    with pytest.raises(HTTPError) as excinfo:
        team.send_letter_notification(simulator["templates"]["letter"], {**ADDRESS, "name": "x"})
    assert errors_of(excinfo) == (403, [("BadRequestError", "Cannot send letters with a team api key")])
    # Smoke-test recipients are accepted with any key but never stored.
    smoke = team.send_sms_notification("07700900000", sms, {"name": "a"})
    with pytest.raises(HTTPError) as excinfo:
        team.get_notification_by_id(smoke["id"])
    assert excinfo.value.status_code == 404


def test_rate_limit(start_simulator):
    sim = start_simulator("--rate-limit", "2")
    c = client(sim)
    for _ in range(2):
        c.send_sms_notification("07700900123", sim["templates"]["sms"], {"name": "a"})
    with pytest.raises(HTTPError) as excinfo:
        c.send_sms_notification("07700900123", sim["templates"]["sms"], {"name": "a"})
    assert errors_of(excinfo) == (
        429,
        [("RateLimitError", "Exceeded rate limit for key type TEST of 2 requests per 60 seconds")],
    )
    # Other key types have their own bucket.
    client(sim, "live").send_sms_notification("07700900123", sim["templates"]["sms"], {"name": "a"})


def test_daily_limit(start_simulator):
    sim = start_simulator("--daily-limit", "1")
    live = client(sim, "live")
    live.send_sms_notification("07700900123", sim["templates"]["sms"], {"name": "a"})
    with pytest.raises(HTTPError) as excinfo:
        live.send_sms_notification("07700900123", sim["templates"]["sms"], {"name": "a"})
    assert errors_of(excinfo) == (429, [("TooManyRequestsError", "Exceeded send limits (sms: 1) for today")])
    # Emails have their own counter and test keys are unlimited.
    live.send_email_notification("a@example.com", sim["templates"]["email"], {"name": "a"})
    client(sim).send_sms_notification("07700900123", sim["templates"]["sms"], {"name": "a"})
