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
    """Response headers with case-insensitive names (like ``requests``' ``CaseInsensitiveDict``)."""

    def __init__(self, pairs: Optional[List[Tuple[str, str]]] = None) -> None:
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
    """The HTTP response behind an error, readable like a ``requests.Response``."""

    def __init__(
        self,
        status_code: int,
        headers: Optional[List[Tuple[str, str]]] = None,
        text: Optional[str] = None,
        is_json: Optional[bool] = None,
    ) -> None:
        self.status_code = status_code
        self.headers = Headers(headers)
        self.text = text or ""
        # Whether the core found the body to be JSON within its nesting limit (None: not known,
        # parse it). A body it refused is never handed to json.loads, whose recursion on a deeply
        # nested body raises RecursionError instead of the ValueError callers catch.
        self._is_json = is_json

    @property
    def content(self) -> bytes:
        return self.text.encode("utf-8")

    @property
    def ok(self) -> bool:
        return self.status_code < 400

    def json(self, **kwargs: Any) -> Any:
        """The body parsed as JSON; raises ``ValueError`` (``json.JSONDecodeError``) if it is not,
        or is nested deeper than this library accepts (127 levels)."""
        if self._is_json is False:
            raise _json.JSONDecodeError("the body is not JSON this library accepts", self.text, 0)
        return _json.loads(self.text, **kwargs)

    def __repr__(self) -> str:
        return f"<Response [{self.status_code}]>"


class NotifyError(Exception):
    """Base of every exception this library raises."""

    kind: str = "http"
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
        self.__dict__["_errors"] = value


class APIError(NotifyError):
    """As ``notifications_python_client.errors.APIError``."""

    def __init__(self, response: Optional[Response] = None, message: Optional[str] = None) -> None:
        self.response = response
        self._message = message

    def __str__(self) -> str:
        return f"{self.status_code} - {self.message}"

    @property
    def message(self) -> Union[str, List[Dict[str, Any]]]:
        try:
            json_resp = self.response.json()  # type: ignore[union-attr]
            return json_resp.get("message", json_resp.get("errors"))  # type: ignore[no-any-return]
        except (TypeError, ValueError, AttributeError, KeyError):
            return self._message or REQUEST_ERROR_MESSAGE

    @property
    def status_code(self) -> int:
        try:
            return self.response.status_code  # type: ignore[union-attr]
        except AttributeError:
            return REQUEST_ERROR_STATUS_CODE


class HTTPError(APIError):
    """As ``notifications_python_client.errors.HTTPError``: Notify answered with an error status,
    or (as ``HTTP503Error``) the request failed without an answer."""

    @staticmethod
    def create(e: Any) -> HTTPError:
        """The official factory, from an exception carrying a ``response``."""
        error = HTTPError(getattr(e, "response", None))
        if error.status_code == 503:
            error = HTTP503Error(getattr(e, "response", None))
        return error


class HTTP503Error(HTTPError):
    """Specific instance of HTTPError for 503 errors, and for requests that got no response.

    Used for detecting whether failed requests should be retried.
    """


class InvalidResponse(APIError):
    """A success status whose body is not the JSON object the endpoint returns."""

    kind = "invalid_response"


class AuthError(HTTPError):
    """401/403: the key was refused (wrong, revoked, clock skew) or may not do this."""

    kind = "auth"


class ValidationError(HTTPError):
    """400: Notify rejected the request (``ValidationError``, ``BadRequestError``, ...)."""

    kind = "validation"


class NotFoundError(HTTPError):
    """404: no such notification or template."""

    kind = "not_found"


class RateLimitError(HTTPError):
    """429 ``RateLimitError``: too many requests per minute. Retryable after a pause."""

    kind = "rate_limited"
    retryable = True


class DailyLimitError(HTTPError):
    """429 ``TooManyRequestsError``: the service's daily sending limit. Not retryable today."""

    kind = "daily_limit"


class ServerError(HTTPError):
    """5xx from Notify or something in front of it. Retryable."""

    kind = "server"
    retryable = True


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
    retryable = True

    def __str__(self) -> str:
        base = super().__str__()
        return f"{base}: {self.detail}" if self.detail else base


class RequestTimeoutError(TransportError):
    """No response within the client's ``timeout``. Named so as not to shadow the builtin
    ``TimeoutError`` (an ``OSError``), which this is not."""

    kind = "timeout"


class ArgumentError(NotifyError, ValueError):
    """An argument was rejected before anything was sent (bad API key, template id that is not a
    UUID, unknown status filter, file over 2 MB, ...).

    It is a ``ValueError``, not an ``HTTPError``: no request was made, so there is no status code,
    no response and nothing to retry — reporting a made-up HTTP status would hide a bug in the
    calling code as if Notify had answered. ``field`` names the offending argument.
    """

    kind = "argument"

    def __init__(self, message: str, field: Optional[str] = None) -> None:
        super().__init__(message)
        self.detail = message
        self.field = field


class InternalError(NotifyError, RuntimeError):
    """A bug in this library. Please report it."""

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
    body_is_json: bool = True,
) -> NotifyError:
    """Builds the exception for a core error (called by ``govuk_notify._native``)."""
    exc: NotifyError
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
