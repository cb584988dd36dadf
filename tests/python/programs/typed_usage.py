"""Type-checked (mypy --strict) against the shipped stubs; never run."""

from __future__ import annotations

import asyncio
import io
from typing import Any, Dict, List

from govuk_notify import AsyncNotificationsAPIClient, NotificationsAPIClient, RetryPolicy, prepare_upload
from govuk_notify.errors import APIError, HTTP503Error, HTTPError, RateLimitError, TransportError


def send(client: NotificationsAPIClient) -> str:
    upload: Dict[str, Any] = prepare_upload(io.BytesIO(b"x"), filename="a.csv")
    r = client.send_email_notification("a@example.com", "t", {"f": upload}, sanitise_content_for=["f"])
    pdf: io.BytesIO = client.get_pdf_for_letter(r["id"])
    ids: List[str] = [n["id"] for n in client.get_all_notifications_iterator(status=["delivered"])]
    return str(r["id"]) + str(len(pdf.getvalue())) + str(len(ids))


def handle(client: NotificationsAPIClient) -> int:
    try:
        client.get_template("t")
    except RateLimitError as e:
        return int(e.retry_after or 0)
    except TransportError as e:
        return e.status_code if e.may_have_reached_server else 0
    except HTTP503Error as e:
        return e.status_code
    except HTTPError as e:
        errors: List[Dict[str, Any]] = e.errors
        return len(errors) + len(str(e.message)) + (e.response.status_code if e.response else 0)
    except APIError as e:
        return e.status_code
    return 0


async def send_async(client: AsyncNotificationsAPIClient) -> List[str]:
    sent = await asyncio.gather(*(client.send_sms_notification("07700900123", "t") for _ in range(3)))
    ids = [s["id"] async for s in client.get_received_texts_iterator()]
    return [str(s["id"]) for s in sent] + [str(i) for i in ids]


client = NotificationsAPIClient("k", "https://example", timeout=(1.0, 5.0), retry_policy=RetryPolicy(max_retries=1))
aclient = AsyncNotificationsAPIClient("k", timeout=None, retry_policy=RetryPolicy.none())
policy: RetryPolicy = client.retry_policy
