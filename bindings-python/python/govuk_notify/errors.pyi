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
    def __init__(self, pairs: Optional[List[Tuple[str, str]]] = None) -> None: ...
    def __getitem__(self, name: str) -> str: ...
    def __iter__(self) -> Iterator[str]: ...
    def __len__(self) -> int: ...

class Response:
    status_code: int
    headers: Headers
    text: str
    def __init__(
        self,
        status_code: int,
        headers: Optional[List[Tuple[str, str]]] = None,
        text: Optional[str] = None,
        is_json: Optional[bool] = None,
    ) -> None: ...
    @property
    def content(self) -> bytes: ...
    @property
    def ok(self) -> bool: ...
    def json(self, **kwargs: Any) -> Any: ...

class NotifyError(Exception):
    kind: str
    retryable: bool
    detail: str
    body: Optional[str]
    field: Optional[str]
    retry_after: Optional[float]
    clock_skew: Optional[int]
    may_have_reached_server: bool
    @property
    def errors(self) -> List[Dict[str, Any]]: ...
    @errors.setter
    def errors(self, value: List[Dict[str, Any]]) -> None: ...

class APIError(NotifyError):
    response: Optional[Response]
    def __init__(self, response: Optional[Response] = None, message: Optional[str] = None) -> None: ...
    @property
    def message(self) -> Union[str, List[Dict[str, Any]]]: ...
    @property
    def status_code(self) -> int: ...

class HTTPError(APIError):
    @staticmethod
    def create(e: Any) -> HTTPError: ...

class HTTP503Error(HTTPError): ...
class InvalidResponse(APIError): ...
class AuthError(HTTPError): ...
class ValidationError(HTTPError): ...
class NotFoundError(HTTPError): ...
class RateLimitError(HTTPError): ...
class DailyLimitError(HTTPError): ...
class ServerError(HTTPError): ...
class ServiceUnavailableError(ServerError, HTTP503Error): ...
class TransportError(HTTP503Error): ...
class RequestTimeoutError(TransportError): ...

class ArgumentError(NotifyError, ValueError):
    def __init__(self, message: str, field: Optional[str] = None) -> None: ...

class InternalError(NotifyError, RuntimeError): ...
