"""The Python part of `make demo`: five sends and status reads through the drop-in client.

Code written for notifications-python-client runs unchanged after swapping the import:

    # from notifications_python_client.notifications import NotificationsAPIClient
    from govuk_notify import NotificationsAPIClient

Run: NOTIFY_API_KEY=... NOTIFY_BASE_URL=http://127.0.0.1:6011 python examples/python/demo.py
"""

import asyncio
import os
import pathlib

from govuk_notify import AsyncNotificationsAPIClient, NotificationsAPIClient, prepare_upload
from govuk_notify.errors import HTTPError

SMS = "8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
EMAIL = "5e2d4c6b-7a8f-4b9c-a1d2-e3f4a5b6c7d8"
FILE_EMAIL = "6f3e5d7c-8b9a-4c0d-b2e3-f4a5b6c7d8e9"
LETTER = "7a4f6e8d-9cab-4d1e-83f4-a5b6c7d8e9f0"
PDF = pathlib.Path(__file__).resolve().parents[2] / "core/tests/data/fixtures/letter.pdf"


def main():
    client = NotificationsAPIClient(os.environ["NOTIFY_API_KEY"], base_url=os.environ["NOTIFY_BASE_URL"])
    sent = {
        "text message": client.send_sms_notification("07700900123", SMS, personalisation={"name": "Python"}),
        "email": client.send_email_notification("py@example.com", EMAIL, personalisation={"name": "Python"}),
        "file email": client.send_email_notification(
            "py@example.com",
            FILE_EMAIL,
            personalisation={"link_to_file": prepare_upload(b"name,score\nPython,10\n", filename="report.csv")},
        ),
        "letter": client.send_letter_notification(
            LETTER,
            {
                "address_line_1": "Python Example",
                "address_line_2": "1 Example Street",
                "address_line_3": "London",
                "postcode": "SW1A 1AA",
                "name": "Python",
            },
        ),
    }
    with open(PDF, "rb") as pdf:
        sent["precompiled"] = client.send_precompiled_letter_notification("demo-python-precompiled", pdf, "second")
    for what, response in sent.items():
        print(f"[python] {what:<12} {response['id']}")
    for response in sent.values():
        n = client.get_notification_by_id(response["id"])
        print(f"[python] status       {n['id']} : {n['type']} {n['status']}")

    try:
        client.get_notification_by_id("0f0e0d0c-0b0a-4909-8807-060504030201")
    except HTTPError as e:  # the official client's error type still catches it
        print(f"[python] error        {type(e).__name__}: {e}")

    async def concurrently():
        aclient = AsyncNotificationsAPIClient(os.environ["NOTIFY_API_KEY"], base_url=os.environ["NOTIFY_BASE_URL"])
        results = await asyncio.gather(
            *(aclient.send_sms_notification("07700900123", SMS, personalisation={"name": f"n{i}"}) for i in range(10))
        )
        print(f"[python] asyncio      {len(results)} texts sent concurrently")

    asyncio.run(concurrently())


if __name__ == "__main__":
    main()
