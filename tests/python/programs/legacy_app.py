"""An existing-style program written for notifications-python-client (13.0.0).

The migration test runs it unchanged with the official client, and again with only its imports
changed to govuk_notify, against the same simulator; both runs must succeed and print the same
report. Configuration comes from the environment, as in a typical deployment.
"""

import io
import logging
import os
import sys
import time

from notifications_python_client import prepare_upload
from notifications_python_client.errors import HTTP503Error, HTTPError
from notifications_python_client.notifications import NotificationsAPIClient

logger = logging.getLogger("legacy_app")

API_KEY = os.environ["NOTIFY_API_KEY"]
BASE_URL = os.environ.get("NOTIFY_API_URL", "https://api.notifications.service.gov.uk")
SMS_TEMPLATE = os.environ["SMS_TEMPLATE_ID"]
EMAIL_TEMPLATE = os.environ["EMAIL_TEMPLATE_ID"]
FILE_TEMPLATE = os.environ["EMAIL_FILE_TEMPLATE_ID"]
LETTER_TEMPLATE = os.environ["LETTER_TEMPLATE_ID"]

notify = NotificationsAPIClient(API_KEY, base_url=BASE_URL, timeout=20)
report = []


def send_with_retry(fn, *args, **kwargs):
    """The retry loop teams write around the official client (HTTP503Error is 'retry me')."""
    for attempt in range(3):
        try:
            return fn(*args, **kwargs)
        except HTTP503Error:
            logger.warning("Notify unavailable, attempt %s", attempt + 1)
            time.sleep(0.05)
    raise RuntimeError("Notify still unavailable")


def main():
    sms = send_with_retry(
        notify.send_sms_notification,
        phone_number="07700900123",
        template_id=SMS_TEMPLATE,
        personalisation={"name": "Amala"},
        reference="legacy-sms",
    )
    report.append(("sms", sms["reference"], sms["content"]["body"]))

    with io.BytesIO(b"name,score\nAmala,10\n") as f:
        link = prepare_upload(f, filename="scores.csv", confirm_email_before_download=True)
    email = notify.send_email_notification(
        email_address="amala@example.com",
        template_id=FILE_TEMPLATE,
        personalisation={"link_to_file": link},
        reference="legacy-email",
    )
    report.append(("email", email["reference"], email["content"]["subject"]))

    letter = notify.send_letter_notification(
        template_id=LETTER_TEMPLATE,
        personalisation={
            "address_line_1": "Amala Example",
            "address_line_2": "1 Example Street",
            "postcode": "SW1A 1AA",
            "name": "Amala",
        },
        reference="legacy-letter",
    )
    pdf = notify.get_pdf_for_letter(letter["id"])
    report.append(("letter-pdf", pdf.read(5).decode()))

    status = notify.get_notification_by_id(sms["id"])["status"]
    report.append(("status", status))

    try:
        notify.send_email_notification(email_address="amala@example.com", template_id=EMAIL_TEMPLATE)
    except HTTPError as e:
        # Typical handling: branch on status_code and the first error's class.
        report.append(("error", e.status_code, e.message[0]["error"], str(e).split(" - ")[0]))

    try:
        notify.get_notification_by_id("8fef167e-9229-481d-97bb-59e41a2dbc60")
    except HTTPError as e:
        if e.status_code == 404:
            report.append(("missing", e.status_code))

    references = sorted(n["reference"] or "" for n in notify.get_all_notifications_iterator())
    report.append(("all", references))
    page = notify.get_all_notifications(template_type="sms", status="delivered")
    report.append(("sms-delivered", len(page["notifications"])))
    template = notify.get_template(SMS_TEMPLATE)
    preview = notify.post_template_preview(SMS_TEMPLATE, personalisation={"name": "Bo"})
    report.append(("template", template["name"], preview["body"]))
    report.append(("templates", len(notify.get_all_templates()["templates"]) > 0))
    report.append(("texts", len(list(notify.get_received_texts_iterator()))))

    for line in report:
        print(*line, sep="|")
    print("DONE")


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    try:
        main()
    except Exception:
        logger.exception("failed")
        sys.exit(1)
