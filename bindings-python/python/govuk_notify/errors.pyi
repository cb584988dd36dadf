from typing import Any, Dict, Iterator, List, Mapping, Optional, Tuple, Union

REQUEST_ERROR_STATUS_CODE: int
REQUEST_ERROR_MESSAGE: str

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
    def __getitem__(self, name: str) -> str:
        """x.__getitem__(y) <==> x[y]"""
    def __iter__(self) -> Iterator[str]:
        """Implement iter(self)."""
    def __len__(self) -> int:
        """Return len(self)."""

class Response:
    """The HTTP response behind an error (``e.response``), readable like a ``requests.Response``.

    Attributes: ``status_code`` (int), ``headers`` (a case-insensitive ``Headers`` mapping) and
    ``text`` (the body as text, ``""`` when empty); the properties ``content`` and ``ok`` and the
    method ``json()`` behave as in ``requests``.
    """
    status_code: int
    headers: Headers
    text: str
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
    @property
    def content(self) -> bytes:
        """The body as bytes (``text`` encoded as UTF-8)."""
    @property
    def ok(self) -> bool:
        """Whether the status code is below 400, as in ``requests``."""
    def json(self, **kwargs: Any) -> Any:
        """Returns the body parsed as JSON (``kwargs`` go to ``json.loads``).

        Raises ``ValueError`` (``json.JSONDecodeError``) if the body is not JSON, or is nested
        deeper than this library accepts (127 levels).
        """

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
    kind: str
    retryable: bool
    detail: str
    body: Optional[str]
    field: Optional[str]
    retry_after: Optional[float]
    clock_skew: Optional[int]
    may_have_reached_server: bool
    @property
    def errors(self) -> List[Dict[str, Any]]:
        """Notify's ``errors`` list as the server sent it; ``[]`` when there was none."""
    @errors.setter
    def errors(self, value: List[Dict[str, Any]]) -> None:
        """Sets ``errors``."""

class APIError(NotifyError):
    """As ``notifications_python_client.errors.APIError``: the base of the errors about a request.

    ``str(e)`` is ``"<status_code> - <message>"``, e.g. ``400 - [{'error': 'ValidationError',
    'message': 'id is not a valid UUID'}]``. ``response`` is the ``Response`` (``None`` when no
    response was received).
    """
    response: Optional[Response]
    def __init__(self, response: Optional[Response] = None, message: Optional[str] = None) -> None:
        """Makes the error from ``response`` (a ``Response``, default ``None``) and a fallback
        ``message`` (default ``None``), as the official class does.
        """
    @property
    def message(self) -> Union[str, List[Dict[str, Any]]]:
        """What Notify said, as the official client reports it.

        The JSON body's ``message`` if it has one, else its ``errors`` list (a list of
        ``{"error": ..., "message": ...}`` dicts for every v2 error); for a body that is not JSON
        or no response, the constructor's ``message`` or ``"Request failed"``.
        """
    @property
    def status_code(self) -> int:
        """The HTTP status code (an int), or 503 (``REQUEST_ERROR_STATUS_CODE``) when no response
        was received.
        """

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
        ``None``).
        """

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
class AuthError(HTTPError):
    """401/403: the key was refused (wrong, revoked, clock skew) or may not do this.

    For clock skew, ``clock_skew`` says how many seconds your clock is from the server's
    (Notify accepts ±30 s). A team key sending a letter is also a 403. Not retryable.
    """
class ValidationError(HTTPError):
    """400: Notify rejected the request (``ValidationError``, ``BadRequestError``,
    ``PDFNotReadyError``, ...).

    ``errors`` lists every problem Notify found, e.g. ``{"error": "BadRequestError", "message":
    "Missing personalisation: name"}``. ``retryable`` is false; after ``PDFNotReadyError``, ask
    again later.
    """
class NotFoundError(HTTPError):
    """404: no such notification or template (or it is past Notify's retention). Not retryable."""
class RateLimitError(HTTPError):
    """429 ``RateLimitError``: too many requests per minute (3,000 per key type by default).

    Retryable after a pause; ``retry_after`` holds the server's ``Retry-After`` in seconds when
    it sent one.
    """
class DailyLimitError(HTTPError):
    """429 ``TooManyRequestsError``: the service's daily sending limit is used up.

    Not retryable today: the limits reset at midnight UTC.
    """
class ServerError(HTTPError):
    """5xx from Notify or something in front of it (``body`` may then be HTML). Retryable."""
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
class RequestTimeoutError(TransportError):
    """No response within the client's ``timeout``. Named so as not to shadow the builtin
    ``TimeoutError`` (an ``OSError``), which this is not.
    """

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
    def __init__(self, message: str, field: Optional[str] = None) -> None:
        """Makes the error from its ``message`` (also ``detail``) and the ``field`` (argument
        name) at fault, default ``None``.
        """

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
    def __init__(self, response: Response, detail: str, field: Optional[str] = None) -> None:
        """Makes the error from the ``response`` Notify would have sent, a one-line ``detail``
        and the ``field`` (argument name) at fault.
        """

class InternalError(NotifyError, RuntimeError):
    """A bug in this library (for example a panic in the native code). Please report it."""
