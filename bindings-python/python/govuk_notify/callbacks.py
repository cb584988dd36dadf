"""Receiving Notify's callbacks: the JSON Notify POSTs to your service.

Notify sends a *delivery receipt* when an email or text message reaches its final status, and a
*received text* when someone texts your service's number, each as a ``POST`` with the header
``Authorization: Bearer <the token you configured>``. Check the header, then parse the body::

    from govuk_notify.callbacks import CallbackAuthError, InvalidCallbackError
    from govuk_notify.callbacks import check_bearer_token, parse_delivery_receipt

    try:
        check_bearer_token(request.headers.get("Authorization"), CALLBACK_TOKEN)
        receipt = parse_delivery_receipt(request.get_data())
    except CallbackAuthError:
        return "", 401
    except InvalidCallbackError:
        return "", 400
    record_status(receipt.id, receipt.status)

The parsing and the constant-time token comparison are the Rust core's, shared with the C, Node,
Ruby and .NET bindings. Parsed payloads are frozen dataclasses whose fields are the documented
ones (the times are the ISO 8601 strings Notify sent); ``receipt["status"]`` and
``receipt.to_dict()`` also work, for code written against the raw JSON.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO, Any, Dict, Iterator, Optional, Union

from govuk_notify import _native
from govuk_notify.errors import ArgumentError, NotifyError

__all__ = [
    "CallbackAuthError",
    "DeliveryReceipt",
    "InvalidCallbackError",
    "ReceivedText",
    "check_bearer_token",
    "parse_delivery_receipt",
    "parse_received_text",
    "verify_bearer_token",
]

Body = Union[bytes, bytearray, memoryview, str, IO[bytes], IO[str]]


class InvalidCallbackError(ArgumentError):
    """The request body is not the callback payload expected (not JSON, a field missing or of the
    wrong type). An ``ArgumentError`` (so a ``ValueError``) with ``field`` ``"body"``; answer the
    request with 400."""

    kind = "argument"


class CallbackAuthError(NotifyError):
    """The request's ``Authorization`` header is missing or does not carry the expected bearer
    token; answer the request with 401. The message never quotes either token."""

    kind = "callback_auth"
    status_code = 401

    def __init__(self, message: str) -> None:
        """Makes the error from its ``message`` (also ``detail``)."""
        super().__init__(message)
        self.detail = message


class _Payload:
    """Dict-style read access for the payload dataclasses."""

    def __getitem__(self, key: str) -> Any:
        """The field ``key``, as in the raw JSON (``KeyError`` for any other name)."""
        if key not in self.keys():
            raise KeyError(key)
        return getattr(self, key)

    def keys(self) -> Iterator[str]:
        """The field names, in the documented order."""
        fields: Dict[str, Any] = getattr(self, "__dataclass_fields__")
        return iter(list(fields))

    def __contains__(self, key: object) -> bool:
        """Whether ``key`` is one of the field names."""
        return key in list(self.keys())

    def to_dict(self) -> Dict[str, Any]:
        """The payload as a dict, equal to the JSON Notify sent."""
        return {key: getattr(self, key) for key in self.keys()}


@dataclass(frozen=True)
class DeliveryReceipt(_Payload):
    """A delivery receipt: an email or text message reached a final status.

    Attributes: ``id`` (the notification id, as returned when you sent it), ``reference`` (your
    reference, or ``None``), ``to`` (the recipient), ``status`` (``"delivered"``,
    ``"permanent-failure"``, ``"temporary-failure"`` or ``"technical-failure"``),
    ``created_at``, ``completed_at`` and ``sent_at`` (ISO 8601 strings; the last two may be
    ``None``), ``notification_type`` (``"email"`` or ``"sms"``), ``template_id`` and
    ``template_version`` (an int).
    """

    id: str
    reference: Optional[str]
    to: str
    status: str
    created_at: str
    completed_at: Optional[str]
    sent_at: Optional[str]
    notification_type: str
    template_id: str
    template_version: int


@dataclass(frozen=True)
class ReceivedText(_Payload):
    """A text message sent to your service's number.

    Attributes: ``id``, ``source_number`` (the sender, e.g. ``"447700912345"``),
    ``destination_number`` (your service's number), ``message`` (the text) and ``date_received``
    (an ISO 8601 string).
    """

    id: str
    source_number: str
    destination_number: str
    message: str
    date_received: str


def parse_delivery_receipt(body: Body) -> DeliveryReceipt:
    """Parses a delivery-receipt callback body.

    Args:
        body: the request body as received: ``bytes``, ``bytearray``, ``memoryview`` or ``str``,
            or a file-like object with ``read()`` (e.g. WSGI's ``wsgi.input`` limited to the
            content length).

    Returns:
        The ``DeliveryReceipt``.

    Raises:
        InvalidCallbackError: the body is not JSON or not a delivery receipt.
    """
    try:
        fields = _native.callback_parse_delivery_receipt(body)
    except ArgumentError as e:
        raise InvalidCallbackError(str(e), field="body") from None
    return DeliveryReceipt(**fields)


def parse_received_text(body: Body) -> ReceivedText:
    """Parses a received-text-message callback body.

    Args:
        body: the request body as received (as for ``parse_delivery_receipt``).

    Returns:
        The ``ReceivedText``.

    Raises:
        InvalidCallbackError: the body is not JSON or not a received text message.
    """
    try:
        fields = _native.callback_parse_received_text(body)
    except ArgumentError as e:
        raise InvalidCallbackError(str(e), field="body") from None
    return ReceivedText(**fields)


def verify_bearer_token(authorization_header: Optional[str], expected_token: Optional[str]) -> bool:
    """Whether an ``Authorization`` header value carries the bearer token you configured in Notify.

    The scheme must be ``Bearer`` (any case); the token is compared in constant time. ``None``
    for either argument, or an empty ``expected_token``, gives ``False``. Never raises for a
    string or ``None``.

    Args:
        authorization_header: the header's value, e.g. ``"Bearer my-token"``, or ``None`` when
            the request has none.
        expected_token: the callback's bearer token, as configured in Notify.

    Returns:
        ``True`` when the header carries ``expected_token``.
    """
    return _native.callback_verify_bearer_token(authorization_header, expected_token)


def check_bearer_token(authorization_header: Optional[str], expected_token: Optional[str]) -> None:
    """Raises ``CallbackAuthError`` unless ``verify_bearer_token`` accepts the header.

    Args:
        authorization_header: the header's value, or ``None`` when the request has none.
        expected_token: the callback's bearer token, as configured in Notify.

    Raises:
        CallbackAuthError: the header is missing or carries another token (the message says
            which, quoting neither token).
    """
    if _native.callback_verify_bearer_token(authorization_header, expected_token):
        return
    if not expected_token:
        raise CallbackAuthError("no expected callback token is configured, so every callback is refused")
    if not authorization_header:
        raise CallbackAuthError("the callback request has no Authorization header")
    raise CallbackAuthError("the callback request's Authorization header does not carry the expected bearer token")
