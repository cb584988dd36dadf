import io
from typing import Any, AsyncIterator, Dict, Iterable, Optional, Tuple, Union

from govuk_notify import _native
from govuk_notify._native import RetryPolicy as RetryPolicy

__all__ = ["AsyncNotificationsAPIClient", "NotificationsAPIClient", "RetryPolicy"]

_Timeout = Union[float, Tuple[Optional[float], Optional[float]], None]
_Json = Dict[str, Any]

class NotificationsAPIClient(_native.Client):
    """The official client's API: every method is inherited from ``_native.Client``."""

class AsyncNotificationsAPIClient:
    def __init__(
        self,
        api_key: str,
        base_url: str = ...,
        timeout: _Timeout = 30,
        *,
        connect_timeout: Optional[float] = None,
        retry_policy: Optional[RetryPolicy] = None,
        proxy: Optional[str] = None,
        user_agent_suffix: Optional[str] = None,
        max_response_bytes: Optional[int] = None,
        ca_bundle_pem: Optional[Union[str, bytes]] = None,
    ) -> None: ...
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
    async def send_sms_notification(
        self,
        phone_number: str,
        template_id: str,
        personalisation: Optional[Dict[str, Any]] = None,
        reference: Optional[str] = None,
        sms_sender_id: Optional[str] = None,
    ) -> _Json: ...
    async def send_email_notification(
        self,
        email_address: str,
        template_id: str,
        personalisation: Optional[Dict[str, Any]] = None,
        reference: Optional[str] = None,
        email_reply_to_id: Optional[str] = None,
        one_click_unsubscribe_url: Optional[str] = None,
        sanitise_content_for: Optional[Iterable[str]] = None,
    ) -> _Json: ...
    async def send_letter_notification(
        self, template_id: str, personalisation: Dict[str, Any], reference: Optional[str] = None
    ) -> _Json: ...
    async def send_precompiled_letter_notification(
        self, reference: str, pdf_file: Any, postage: Optional[str] = None
    ) -> _Json: ...
    async def get_received_texts(self, older_than: Optional[str] = None) -> _Json: ...
    def get_received_texts_iterator(self, older_than: Optional[str] = None) -> AsyncIterator[_Json]: ...
    async def get_notification_by_id(self, id: str) -> _Json: ...
    async def get_pdf_for_letter(self, id: str) -> io.BytesIO: ...
    async def get_all_notifications(
        self,
        status: Union[str, Iterable[str], None] = None,
        template_type: Optional[str] = None,
        reference: Optional[str] = None,
        older_than: Optional[str] = None,
        include_jobs: Optional[bool] = None,
    ) -> _Json: ...
    def get_all_notifications_iterator(
        self,
        status: Union[str, Iterable[str], None] = None,
        template_type: Optional[str] = None,
        reference: Optional[str] = None,
        older_than: Optional[str] = None,
    ) -> AsyncIterator[_Json]: ...
    async def post_template_preview(self, template_id: str, personalisation: Optional[Dict[str, Any]]) -> _Json: ...
    async def get_template(self, template_id: str) -> _Json: ...
    async def get_template_version(self, template_id: str, version: Union[int, str]) -> _Json: ...
    async def get_all_templates(self, template_type: Optional[str] = None) -> _Json: ...
