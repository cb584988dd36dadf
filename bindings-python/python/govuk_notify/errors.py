"""Exceptions, compatible with ``notifications_python_client.errors``.

The official classes are all here with the same behaviour: ``APIError`` → ``HTTPError`` →
``HTTP503Error``, and ``InvalidResponse``; ``e.status_code``, ``e.message`` (Notify's ``errors``
list for API errors) and ``str(e) == f"{status_code} - {message}"``, and
``REQUEST_ERROR_STATUS_CODE`` / ``REQUEST_ERROR_MESSAGE`` for requests that never got a response.
Code written for the official client keeps working unchanged.

Every error raised by this library is refined by a subclass chosen from the core's one error
taxonomy (``e.kind``), so callers no longer need to parse messages::

    APIError
    ├── HTTPError
    │   ├── AuthError            401/403   kind "auth"
    │   ├── ValidationError      400       kind "validation"
    │   ├── NotFoundError        404       kind "not_found"
    │   ├── RateLimitError       429 RateLimitError       kind "rate_limited" (retryable)
    │   ├── DailyLimitError      429 TooManyRequestsError kind "daily_limit"
    │   ├── ServerError          5xx       kind "server" (retryable)
    │   │   └── ServiceUnavailableError   503 (also an HTTP503Error)
    │   └── HTTP503Error
    │       └── TransportError   no response at all: kind "transport" (retryable)
    │           └── RequestTimeoutError  kind "timeout" (retryable)
    └── InvalidResponse          2xx with a body that is not the expected JSON
    ArgumentError (a ValueError) rejected before sending: kind "argument"
    InvalidArgumentError         rejected before sending, input Notify itself answers with a 400:
                                 a ValidationError (status_code 400, Notify's errors list and
                                 wording) and an ArgumentError; kind "argument"
    InternalError (a RuntimeError) a bug in this library: kind "internal"

All of them also derive from ``NotifyError``, so ``except NotifyError`` catches everything this
library raises. Extra attributes: ``kind``, ``errors`` (Notify's list as sent, ``[]`` without one),
``retryable``, ``body`` (raw response text), ``detail`` (a one-line description),
``retry_after``, ``clock_skew``, ``may_have_reached_server``; ``response`` is an object with
``status_code``, ``headers``, ``text``, ``content`` and ``json()`` like ``requests.Response``
(``None`` when no response was received, as in the official client).
"""

from __future__ import annotations

import json as _json
from typing import Any, Dict, Iterator, List, Mapping, Optional, Tuple, Union

REQUEST_ERROR_STATUS_CODE = 503
REQUEST_ERROR_MESSAGE = "Request failed"

__all__ = [
    "REQUEST_ERROR_MESSAGE",
    "REQUEST_ERROR_STATUS_CODE",
    "APIError",
    "ArgumentError",
    "AuthError",
    "DailyLimitError",
    "HTTP503Error",
    "HTTPError",
    "InternalError",
    "InvalidArgumentError",
    "InvalidResponse",
    "NotFoundError",
    "NotifyError",
    "RateLimitError",
    "RequestTimeoutError",
    "Response",
    "ServerError",
    "ServiceUnavailableError",
    "TransportError",
    "ValidationError",
]


class Headers(Mapping[str, str]):
    """Response headers with case-insensitive names (like ``requests``' ``CaseInsensitiveDict``).

    A read-only mapping: ``e.response.headers["retry-after"]`` finds ``Retry-After``; iterating
    gives the names as the server spelled them.
    """

    def __init__(self, pairs: Optional[List[Tuple[str, str]]] = None) -> None:
        """Builds the mapping from ``pairs``, a list of ``(name, value)`` tuples (default: none).

        A name repeated in ``pairs`` keeps one entry whose values are joined with ``", "``.
        """
        self._items: Dict[str, Tuple[str, str]] = {}
        for name, value in pairs or []:
            key = name.lower()
            if key in self._items:
                value = f"{self._items[key][1]}, {value}"
            self._items[key] = (name, value)

    def __getitem__(self, name: str) -> str:
        return self._items[name.lower()][1]

    def __iter__(self) -> Iterator[str]:
        return (name for name, _ in self._items.values())

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        return repr({name: value for name, value in self._items.values()})


class Response:
    """The HTTP response behind an error (``e.response``), readable like a ``requests.Response``.

    Attributes: ``status_code`` (int), ``headers`` (a case-insensitive ``Headers`` mapping) and
    ``text`` (the body as text, ``""`` when empty); the properties ``content`` and ``ok`` and the
    method ``json()`` behave as in ``requests``.
    """

    def __init__(
        self,
        status_code: int,
        headers: Optional[List[Tuple[str, str]]] = None,
        text: Optional[str] = None,
        is_json: Optional[bool] = None,
    ) -> None:
        """Makes a response from its ``status_code`` (int), ``headers`` (a list of ``(name,
        value)`` tuples, default none) and body ``text`` (default ``None``, stored as ``""``).

        ``is_json`` (default ``None``: not known) says whether the library found the body to be
        JSON within its nesting limit; ``False`` makes ``json()`` raise without parsing it.
        """
        self.status_code = status_code
        self.headers = Headers(headers)
        self.text = text or ""
        # Whether the core found the body to be JSON within its nesting limit (None: not known,
        # parse it). A body it refused is never handed to json.loads, whose recursion on a deeply
        # nested body raises RecursionError instead of the ValueError callers catch.
        self._is_json = is_json

    @property
    def content(self) -> bytes:
        """The body as bytes (``text`` encoded as UTF-8)."""
        return self.text.encode("utf-8")

    @property
    def ok(self) -> bool:
        """Whether the status code is below 400, as in ``requests``."""
        return self.status_code < 400

    def json(self, **kwargs: Any) -> Any:
        """Returns the body parsed as JSON (``kwargs`` go to ``json.loads``).

        Raises ``ValueError`` (``json.JSONDecodeError``) if the body is not JSON, or is nested
        deeper than this library accepts (127 levels).
        """
        if self._is_json is False:
            raise _json.JSONDecodeError("the body is not JSON this library accepts", self.text, 0)
        return _json.loads(self.text, **kwargs)

    def __repr__(self) -> str:
        return f"<Response [{self.status_code}]>"


class NotifyError(Exception):
    """Base of every exception this library raises: ``except NotifyError`` catches them all.

    Attributes: ``kind`` (the error's kind, e.g. ``"validation"``; see the module's help),
    ``retryable`` (whether trying again later may succeed), ``detail`` (a one-line description),
    ``errors`` (Notify's ``errors`` list as sent), ``body`` (the raw response text, or ``None``),
    ``field`` (the argument at fault, for ``ArgumentError``), ``retry_after`` (seconds, from a
    ``Retry-After`` header), ``clock_skew`` (seconds between your clock and the server's ``Date``,
    on a clock-skew ``AuthError``) and ``may_have_reached_server`` (whether a failed send could
    still have been delivered). Attributes that do not apply are ``None``, ``False`` or empty.
    """

    kind: str = "http"
    # Set on each raised error from the core's answer, which depends on the request as well as
    # the class (a send that may have reached Notify is not retryable after a 5xx or a timeout).
    retryable: bool = False
    detail: str = ""
    body: Optional[str] = None
    field: Optional[str] = None
    retry_after: Optional[float] = None
    clock_skew: Optional[int] = None
    may_have_reached_server: bool = False

    @property
    def errors(self) -> List[Dict[str, Any]]:
        """Notify's ``errors`` list as the server sent it; ``[]`` when there was none."""
        return self.__dict__.get("_errors") or []

    @errors.setter
    def errors(self, value: List[Dict[str, Any]]) -> None:
        """Sets ``errors``."""
        self.__dict__["_errors"] = value


class APIError(NotifyError):
    """As ``notifications_python_client.errors.APIError``: the base of the errors about a request.

    ``str(e)`` is ``"<status_code> - <message>"``, e.g. ``400 - [{'error': 'ValidationError',
    'message': 'id is not a valid UUID'}]``. ``response`` is the ``Response`` (``None`` when no
    response was received).
    """

    def __init__(self, response: Optional[Response] = None, message: Optional[str] = None) -> None:
        """Makes the error from ``response`` (a ``Response``, default ``None``) and a fallback
        ``message`` (default ``None``), as the official class does."""
        self.response = response
        self._message = message

    def __str__(self) -> str:
        return f"{self.status_code} - {self.message}"

    @property
    def message(self) -> Union[str, List[Dict[str, Any]]]:
        """What Notify said, as the official client reports it.

        The JSON body's ``message`` if it has one, else its ``errors`` list (a list of
        ``{"error": ..., "message": ...}`` dicts for every v2 error); for a body that is not JSON
        or no response, the constructor's ``message`` or ``"Request failed"``.
        """
        try:
            json_resp = self.response.json()  # type: ignore[union-attr]
            return json_resp.get("message", json_resp.get("errors"))  # type: ignore[no-any-return]
        except (TypeError, ValueError, AttributeError, KeyError):
            return self._message or REQUEST_ERROR_MESSAGE

    @property
    def status_code(self) -> int:
        """The HTTP status code (an int), or 503 (``REQUEST_ERROR_STATUS_CODE``) when no response
        was received."""
        try:
            return self.response.status_code  # type: ignore[union-attr]
        except AttributeError:
            return REQUEST_ERROR_STATUS_CODE


class HTTPError(APIError):
    """As ``notifications_python_client.errors.HTTPError``: Notify answered with an error status,
    or (as ``HTTP503Error``) the request failed without an answer.

    This library raises the subclass for the case (``AuthError``, ``ValidationError``,
    ``NotFoundError``, ``RateLimitError``, ``DailyLimitError``, ``ServerError``,
    ``TransportError``...); ``HTTPError`` itself for any other error status.
    """

    @staticmethod
    def create(e: Any) -> HTTPError:
        """The official factory: returns an ``HTTPError`` (an ``HTTP503Error`` for status 503)
        for ``e``, any exception with a ``response`` attribute (a ``Response``-like object or
        ``None``)."""
        error = HTTPError(getattr(e, "response", None))
        if error.status_code == 503:
            error = HTTP503Error(getattr(e, "response", None))
        return error


class HTTP503Error(HTTPError):
    """Specific instance of HTTPError for 503 errors, and for requests that got no response.

    Used for detecting whether failed requests should be retried.
    """


class InvalidResponse(APIError):
    """Notify answered with a success status, but the body is not the JSON object the endpoint
    returns (or is larger than the client's ``max_response_bytes``).

    ``message`` is ``"No JSON response object could be decoded"`` for a body that is not JSON,
    as in the official client.
    """

    kind = "invalid_response"


class AuthError(HTTPError):
    """401/403: the key was refused (wrong, revoked, clock skew) or may not do this.

    For clock skew, ``clock_skew`` says how many seconds your clock is from the server's
    (Notify accepts ±30 s). A team key sending a letter is also a 403. Not retryable.
    """

    kind = "auth"


class ValidationError(HTTPError):
    """400: Notify rejected the request (``ValidationError``, ``BadRequestError``,
    ``PDFNotReadyError``, ...).

    ``errors`` lists every problem Notify found, e.g. ``{"error": "BadRequestError", "message":
    "Missing personalisation: name"}``. ``retryable`` is false; after ``PDFNotReadyError``, ask
    again later.
    """

    kind = "validation"


class NotFoundError(HTTPError):
    """404: no such notification or template (or it is past Notify's retention). Not retryable."""

    kind = "not_found"


class RateLimitError(HTTPError):
    """429 ``RateLimitError``: too many requests per minute (3,000 per key type by default).

    Retryable after a pause; ``retry_after`` holds the server's ``Retry-After`` in seconds when
    it sent one.
    """

    kind = "rate_limited"


class DailyLimitError(HTTPError):
    """429 ``TooManyRequestsError``: the service's daily sending limit is used up.

    Not retryable today: the limits reset at midnight UTC.
    """

    kind = "daily_limit"


class ServerError(HTTPError):
    """5xx from Notify or something in front of it (``body`` may then be HTML). Retryable."""

    kind = "server"


class ServiceUnavailableError(ServerError, HTTP503Error):
    """503 from Notify (or a proxy): a ``ServerError`` that is also the official ``HTTP503Error``."""


class TransportError(HTTP503Error):
    """The request got no response: DNS, connection refused or reset, TLS, proxy.

    For compatibility it is an ``HTTP503Error`` with ``status_code`` 503 and message
    ``"Request failed"`` (what the official client raises); ``isinstance(e, TransportError)``
    tells it apart from a 503 Notify actually sent. ``detail`` says what went wrong (DNS,
    connection refused, TLS, proxy, timeout; never a secret), and ``str(e)`` says it too —
    ``"503 - Request failed: could not connect to Notify: ..."`` — so an uncaught one explains
    itself. ``may_have_reached_server`` says whether a send could have been delivered.
    """

    kind = "transport"

    def __str__(self) -> str:
        base = super().__str__()
        return f"{base}: {self.detail}" if self.detail else base


class RequestTimeoutError(TransportError):
    """No response within the client's ``timeout``. Named so as not to shadow the builtin
    ``TimeoutError`` (an ``OSError``), which this is not."""

    kind = "timeout"


class ArgumentError(NotifyError, ValueError):
    """An argument was rejected before anything was sent (bad API key or base URL, file over 2 MB,
    a letter without an address, ...).

    Raised by the clients' constructors and methods and by ``prepare_upload``; ``str(e)`` says
    what is wrong (never quoting the API key's secret).

    It is a ``ValueError``, not an ``HTTPError``: no request was made, so there is no status code,
    no response and nothing to retry — reporting a made-up HTTP status would hide a bug in the
    calling code as if Notify had answered. ``field`` names the offending argument. Input that
    Notify itself answers with a 400 (an id that is not a UUID, an unknown filter value, ...)
    raises the subclass ``InvalidArgumentError``, which is also the official ``HTTPError`` that
    the official client raises for it.
    """

    kind = "argument"

    def __init__(self, message: str, field: Optional[str] = None) -> None:
        """Makes the error from its ``message`` (also ``detail``) and the ``field`` (argument
        name) at fault, default ``None``."""
        super().__init__(message)
        self.detail = message
        self.field = field


class InvalidArgumentError(ValidationError, ArgumentError):
    """Input refused before sending that Notify itself rejects with a 400 (a template id or
    notification id that is not a UUID, an unknown status or template type filter, an unsubscribe
    URL that is not https, an unknown postage, a reference over 1000 characters, ...).

    Nothing was sent, yet it looks exactly like the 400 the official client raises after sending
    the same input: an ``HTTPError`` (``ValidationError``) with ``status_code`` 400, ``message`` =
    Notify's ``errors`` list in Notify's wording, ``str(e) == "400 - [...]"`` and ``response`` =
    the body Notify would have sent. It is also an ``ArgumentError`` (a ``ValueError``) with
    ``kind`` ``"argument"``, ``field`` naming the argument and ``may_have_reached_server`` false.
    """

    kind = "argument"

    def __init__(self, response: Response, detail: str, field: Optional[str] = None) -> None:
        """Makes the error from the ``response`` Notify would have sent, a one-line ``detail``
        and the ``field`` (argument name) at fault."""
        APIError.__init__(self, response)
        self.detail = detail
        self.field = field


class InternalError(NotifyError, RuntimeError):
    """A bug in this library (for example a panic in the native code). Please report it."""

    kind = "internal"


_BY_KIND = {
    "auth": AuthError,
    "validation": ValidationError,
    "not_found": NotFoundError,
    "rate_limited": RateLimitError,
    "daily_limit": DailyLimitError,
    "server": ServerError,
    "http": HTTPError,
}

_NOT_JSON = "No JSON response object could be decoded"


def _from_native(
    *,
    kind: str,
    status: Optional[int],
    detail: str,
    errors: Any,
    body: Optional[str],
    headers: List[Tuple[str, str]],
    retryable: bool,
    field: Optional[str],
    clock_skew: Optional[int],
    retry_after: Optional[float],
    may_have_reached_server: bool,
    would_be_status: Optional[int] = None,
    would_be_body: Optional[str] = None,
    body_is_json: bool = True,
) -> NotifyError:
    """Builds the exception for a core error (called by ``govuk_notify._native``)."""
    exc: NotifyError
    if kind == "argument" and would_be_status is not None:
        refused = InvalidArgumentError(
            Response(would_be_status, [("Content-Type", "application/json")], would_be_body), detail, field
        )
        refused.errors = errors if isinstance(errors, list) else []
        return refused
    if kind == "argument":
        return ArgumentError(detail, field)
    if kind in ("transport", "timeout"):
        exc = (RequestTimeoutError if kind == "timeout" else TransportError)(None)
    elif kind == "invalid_response":
        response = Response(status or 200, headers, body, is_json=body_is_json)
        is_object = False
        try:
            is_object = isinstance(response.json(), dict)
        except ValueError:
            pass
        exc = InvalidResponse(response, message=detail if is_object or body is None else _NOT_JSON)
    elif kind in _BY_KIND:
        cls = _BY_KIND[kind]
        if status == 503:
            cls = ServiceUnavailableError if cls is ServerError else HTTP503Error
        exc = cls(Response(status or 0, headers, body, is_json=body_is_json))
    else:
        exc = InternalError(detail)
    exc.kind = kind
    exc.detail = detail
    exc.errors = errors if isinstance(errors, list) else []
    exc.retryable = retryable
    exc.body = body
    exc.retry_after = retry_after
    exc.clock_skew = clock_skew
    exc.may_have_reached_server = may_have_reached_server
    return exc
