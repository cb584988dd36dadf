"""Type stubs for the native module ``govuk_notify._native`` (Rust, pyo3)."""

import asyncio
import io
from typing import Any, AsyncIterator, Dict, Iterable, Iterator, Optional, Tuple, Union, final

from typing_extensions import disjoint_base

__all__ = [
    "DEFAULT_BASE_URL",
    "MAX_UPLOAD_BYTES",
    "AsyncClient",
    "AsyncPageIterator",
    "Client",
    "PageIterator",
    "RetryPolicy",
    "__version__",
    "prepare_upload",
]

__version__: str
DEFAULT_BASE_URL: str
MAX_UPLOAD_BYTES: int

_Timeout = Union[float, Tuple[Optional[float], Optional[float]], None]
_Personalisation = Dict[str, Any]
_StatusFilter = Union[str, Iterable[str], None]
_Json = Dict[str, Any]

@final
class RetryPolicy:
    """Retry settings (core ``RetryPolicy``); unset arguments take the core's defaults."""

    def __new__(
        cls,
        *,
        max_retries: Optional[int] = None,
        initial_backoff: Optional[float] = None,
        max_backoff: Optional[float] = None,
        backoff_multiplier: Optional[float] = None,
        jitter: Optional[bool] = None,
        retry_sends: Optional[bool] = None,
    ) -> RetryPolicy: ...
    @staticmethod
    def none() -> RetryPolicy: ...
    @property
    def max_retries(self) -> int: ...
    @property
    def initial_backoff(self) -> float: ...
    @property
    def max_backoff(self) -> float: ...
    @property
    def backoff_multiplier(self) -> float: ...
    @property
    def jitter(self) -> bool: ...
    @property
    def retry_sends(self) -> bool: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...

@final
class PageIterator(Iterator[_Json]):
    def __iter__(self) -> PageIterator: ...
    def __next__(self) -> _Json: ...

@final
class AsyncPageIterator(AsyncIterator[_Json]):
    def __aiter__(self) -> AsyncPageIterator: ...
    def __anext__(self) -> asyncio.Future[_Json]: ...

@disjoint_base
class Client:
    def __new__(
        cls,
        api_key: str,
        base_url: str = "https://api.notifications.service.gov.uk",
        timeout: _Timeout = 30,
        *,
        connect_timeout: Optional[float] = None,
        retry_policy: Optional[RetryPolicy] = None,
        proxy: Optional[str] = None,
        user_agent_suffix: Optional[str] = None,
        max_response_bytes: Optional[int] = None,
        ca_bundle_pem: Optional[Union[str, bytes]] = None,
    ) -> Client: ...
    @property
    def service_id(self) -> str: ...
    @property
    def base_url(self) -> str: ...
    @property
    def timeout(self) -> _Timeout: ...
    @property
    def retry_policy(self) -> RetryPolicy: ...
    @property
    def user_agent(self) -> str: ...
    def send_sms_notification(
        self,
        phone_number: str,
        template_id: str,
        personalisation: Optional[_Personalisation] = None,
        reference: Optional[str] = None,
        sms_sender_id: Optional[str] = None,
    ) -> _Json: ...
    def send_email_notification(
        self,
        email_address: str,
        template_id: str,
        personalisation: Optional[_Personalisation] = None,
        reference: Optional[str] = None,
        email_reply_to_id: Optional[str] = None,
        one_click_unsubscribe_url: Optional[str] = None,
        sanitise_content_for: Optional[Iterable[str]] = None,
    ) -> _Json: ...
    def send_letter_notification(
        self, template_id: str, personalisation: _Personalisation, reference: Optional[str] = None
    ) -> _Json: ...
    def send_precompiled_letter_notification(
        self, reference: str, pdf_file: Any, postage: Optional[str] = None
    ) -> _Json: ...
    def get_received_texts(self, older_than: Optional[str] = None) -> _Json: ...
    def get_received_texts_iterator(self, older_than: Optional[str] = None) -> PageIterator: ...
    def get_notification_by_id(self, id: Any) -> _Json: ...
    def get_pdf_for_letter(self, id: Any) -> io.BytesIO: ...
    def get_all_notifications(
        self,
        status: _StatusFilter = None,
        template_type: Optional[str] = None,
        reference: Optional[str] = None,
        older_than: Optional[str] = None,
        include_jobs: Optional[bool] = None,
    ) -> _Json: ...
    def get_all_notifications_iterator(
        self,
        status: _StatusFilter = None,
        template_type: Optional[str] = None,
        reference: Optional[str] = None,
        older_than: Optional[str] = None,
    ) -> PageIterator: ...
    def post_template_preview(self, template_id: Any, personalisation: Optional[_Personalisation]) -> _Json: ...
    def get_template(self, template_id: Any) -> _Json: ...
    def get_template_version(self, template_id: Any, version: Union[int, str]) -> _Json: ...
    def get_all_templates(self, template_type: Optional[str] = None) -> _Json: ...

@disjoint_base
class AsyncClient:
    def __new__(
        cls,
        api_key: str,
        base_url: str = "https://api.notifications.service.gov.uk",
        timeout: _Timeout = 30,
        *,
        connect_timeout: Optional[float] = None,
        retry_policy: Optional[RetryPolicy] = None,
        proxy: Optional[str] = None,
        user_agent_suffix: Optional[str] = None,
        max_response_bytes: Optional[int] = None,
        ca_bundle_pem: Optional[Union[str, bytes]] = None,
    ) -> AsyncClient: ...
    @property
    def service_id(self) -> str: ...
    @property
    def base_url(self) -> str: ...
    @property
    def timeout(self) -> _Timeout: ...
    @property
    def retry_policy(self) -> RetryPolicy: ...
    @property
    def user_agent(self) -> str: ...
    def send_sms_notification(
        self,
        phone_number: str,
        template_id: str,
        personalisation: Optional[_Personalisation] = None,
        reference: Optional[str] = None,
        sms_sender_id: Optional[str] = None,
    ) -> asyncio.Future[_Json]: ...
    def send_email_notification(
        self,
        email_address: str,
        template_id: str,
        personalisation: Optional[_Personalisation] = None,
        reference: Optional[str] = None,
        email_reply_to_id: Optional[str] = None,
        one_click_unsubscribe_url: Optional[str] = None,
        sanitise_content_for: Optional[Iterable[str]] = None,
    ) -> asyncio.Future[_Json]: ...
    def send_letter_notification(
        self, template_id: str, personalisation: _Personalisation, reference: Optional[str] = None
    ) -> asyncio.Future[_Json]: ...
    def send_precompiled_letter_notification(
        self, reference: str, pdf_file: Any, postage: Optional[str] = None
    ) -> asyncio.Future[_Json]: ...
    def get_received_texts(self, older_than: Optional[str] = None) -> asyncio.Future[_Json]: ...
    def get_received_texts_iterator(self, older_than: Optional[str] = None) -> AsyncPageIterator: ...
    def get_notification_by_id(self, id: Any) -> asyncio.Future[_Json]: ...
    def get_pdf_for_letter(self, id: Any) -> asyncio.Future[io.BytesIO]: ...
    def get_all_notifications(
        self,
        status: _StatusFilter = None,
        template_type: Optional[str] = None,
        reference: Optional[str] = None,
        older_than: Optional[str] = None,
        include_jobs: Optional[bool] = None,
    ) -> asyncio.Future[_Json]: ...
    def get_all_notifications_iterator(
        self,
        status: _StatusFilter = None,
        template_type: Optional[str] = None,
        reference: Optional[str] = None,
        older_than: Optional[str] = None,
    ) -> AsyncPageIterator: ...
    def post_template_preview(
        self, template_id: Any, personalisation: Optional[_Personalisation]
    ) -> asyncio.Future[_Json]: ...
    def get_template(self, template_id: Any) -> asyncio.Future[_Json]: ...
    def get_template_version(self, template_id: Any, version: Union[int, str]) -> asyncio.Future[_Json]: ...
    def get_all_templates(self, template_type: Optional[str] = None) -> asyncio.Future[_Json]: ...

def prepare_upload(
    f: Any,
    filename: Optional[str] = None,
    confirm_email_before_download: Optional[bool] = None,
    retention_period: Optional[str] = None,
) -> Dict[str, Any]: ...
