"""The clients: ``NotificationsAPIClient`` (a drop-in for ``notifications_python_client``'s) and
``AsyncNotificationsAPIClient`` (the same methods as coroutines, for asyncio)."""

from __future__ import annotations

import io
from typing import Any, AsyncIterator, Callable, Dict, Iterable, Optional, Tuple, TypeVar, Union

from govuk_notify import _native
from govuk_notify._native import DEFAULT_BASE_URL, RetryPolicy

__all__ = ["AsyncNotificationsAPIClient", "NotificationsAPIClient", "RetryPolicy"]

Timeout = Union[float, Tuple[Optional[float], Optional[float]], None]

_F = TypeVar("_F", bound=Callable[..., Any])


def _native_doc(fn: _F) -> _F:
    """Gives an ``AsyncNotificationsAPIClient`` member the docstring of the native method of the
    same name, so the sync and async clients document each operation once (in the Rust source)."""
    fn.__doc__ = getattr(_native.Client, fn.__name__).__doc__
    return fn


class NotificationsAPIClient(_native.Client):
    """A GOV.UK Notify client with the methods, arguments and return values of
    ``notifications_python_client.notifications.NotificationsAPIClient`` 13.0.0.

    ``NotificationsAPIClient(api_key, base_url="https://api.notifications.service.gov.uk",
    timeout=30)``, plus keyword-only extras: ``connect_timeout`` (seconds), ``retry_policy``
    (a ``RetryPolicy``; by default reads are retried on transient errors and a send only when it
    certainly did not reach Notify — pass ``RetryPolicy.none()`` for the official client's
    no-retry behaviour), ``proxy`` (URL; otherwise ``HTTPS_PROXY``/``NO_PROXY`` are honoured),
    ``user_agent_suffix``, ``max_response_bytes`` (default 32 MiB: a larger response body, with
    or without Content-Length, raises ``InvalidResponse`` instead of being buffered) and
    ``ca_bundle_pem`` (PEM text, ``str`` or ``bytes``: CA certificates to trust in addition to the
    system store, e.g. a TLS-inspecting proxy's; prefer it to ``SSL_CERT_FILE``, which replaces the
    system store). ``timeout`` is one deadline for the whole call, retries included.
    ``pace`` (off by default) queues sends to stay under Notify's rate limit, across every thread
    using the client: ``True`` for Notify's 3,000 a minute, an int for sends a minute, or a
    ``(limit, window_seconds)`` tuple; queueing time is not part of ``timeout``.
    ``wait_for_status(notification_id, until=..., timeout=...)`` polls until a notification
    reaches a final (or given) status.

    Unlike the official client this one is thread-safe and fork-safe: share one instance between
    threads, and keep using it in processes forked after it was created. The GIL is released while
    waiting on the network; a thread that keeps using the client drives its requests itself (see
    the package README). Every method returns the response body as plain ``dict`` (a
    ``BytesIO`` for ``get_pdf_for_letter``), and raises the exceptions in ``govuk_notify.errors``.

    The methods are implemented natively (in ``govuk_notify._native.Client``); this subclass exists
    so that instances and the class can be patched in tests (``mock.patch.object``) like the
    official client's.
    """


class AsyncNotificationsAPIClient:
    """The same API as ``NotificationsAPIClient``, for asyncio: every method is a coroutine that
    returns (when awaited) what the sync method returns, and the two ``*_iterator`` methods return
    async iterators (``async for n in client.get_all_notifications_iterator(): ...``).

    Requests run on the library's own I/O threads (one small pool per process, shared with the
    sync client), not on a thread per call, and never block the event loop. Cancelling the
    awaiting task abandons the request; a send that was already on the wire may still be delivered.
    """

    def __init__(
        self,
        api_key: str,
        base_url: str = DEFAULT_BASE_URL,
        timeout: Timeout = 30,
        *,
        connect_timeout: Optional[float] = None,
        retry_policy: Optional[RetryPolicy] = None,
        proxy: Optional[str] = None,
        user_agent_suffix: Optional[str] = None,
        max_response_bytes: Optional[int] = None,
        ca_bundle_pem: Optional[Union[str, bytes]] = None,
        pace: Union[bool, int, Tuple[int, float], None] = None,
    ) -> None:
        """Makes an asyncio client; the arguments and defaults are ``NotificationsAPIClient``'s.

        ``api_key`` is the key from Notify (``{key name}-{service id}-{secret}``), ``base_url``
        defaults to ``https://api.notifications.service.gov.uk`` and ``timeout`` to 30 seconds
        (or a ``(connect, read)`` tuple, or ``None`` for no limit). Keyword-only:
        ``connect_timeout`` (seconds), ``retry_policy`` (a ``RetryPolicy``), ``proxy`` (a URL),
        ``user_agent_suffix``, ``max_response_bytes`` (default 32 MiB) and ``ca_bundle_pem`` (PEM
        text of extra CA certificates to trust) and ``pace`` (queue sends under Notify's rate
        limit: ``True`` for 3,000 a minute, an int a minute, or ``(limit, window_seconds)``); see
        ``help(NotificationsAPIClient)``. Raises
        ``ArgumentError`` (a ``ValueError``) for a malformed key, base URL, timeout, proxy or CA
        bundle.
        """
        self._native = _native.AsyncClient(
            api_key,
            base_url,
            timeout,
            connect_timeout=connect_timeout,
            retry_policy=retry_policy,
            proxy=proxy,
            user_agent_suffix=user_agent_suffix,
            max_response_bytes=max_response_bytes,
            ca_bundle_pem=ca_bundle_pem,
            pace=pace,
        )

    @property
    @_native_doc
    def service_id(self) -> str:
        return self._native.service_id

    @property
    @_native_doc
    def base_url(self) -> str:
        return self._native.base_url

    @property
    @_native_doc
    def timeout(self) -> Timeout:
        return self._native.timeout  # type: ignore[no-any-return]

    @property
    @_native_doc
    def retry_policy(self) -> RetryPolicy:
        return self._native.retry_policy

    @property
    @_native_doc
    def user_agent(self) -> str:
        return self._native.user_agent

    @property
    @_native_doc
    def pace(self) -> Optional[Tuple[int, float]]:
        return self._native.pace

    @_native_doc
    async def wait_for_status(
        self,
        notification_id: str,
        *,
        until: Union[str, Iterable[str], None] = None,
        timeout: float = 300.0,
        poll_interval: float = 1.0,
        max_poll_interval: float = 30.0,
    ) -> Dict[str, Any]:
        return await self._native.wait_for_status(  # type: ignore[no-any-return]
            notification_id,
            until=until,
            timeout=timeout,
            poll_interval=poll_interval,
            max_poll_interval=max_poll_interval,
        )

    def __repr__(self) -> str:
        return f"<{type(self).__qualname__} service_id={self.service_id!r} base_url={self.base_url!r}>"

    @_native_doc
    async def send_sms_notification(
        self,
        phone_number: str,
        template_id: str,
        personalisation: Optional[Dict[str, Any]] = None,
        reference: Optional[str] = None,
        sms_sender_id: Optional[str] = None,
    ) -> Dict[str, Any]:
        return await self._native.send_sms_notification(  # type: ignore[no-any-return]
            phone_number, template_id, personalisation, reference, sms_sender_id
        )

    @_native_doc
    async def send_email_notification(
        self,
        email_address: str,
        template_id: str,
        personalisation: Optional[Dict[str, Any]] = None,
        reference: Optional[str] = None,
        email_reply_to_id: Optional[str] = None,
        one_click_unsubscribe_url: Optional[str] = None,
        sanitise_content_for: Optional[Iterable[str]] = None,
    ) -> Dict[str, Any]:
        return await self._native.send_email_notification(  # type: ignore[no-any-return]
            email_address,
            template_id,
            personalisation,
            reference,
            email_reply_to_id,
            one_click_unsubscribe_url,
            sanitise_content_for,
        )

    @_native_doc
    async def send_letter_notification(
        self, template_id: str, personalisation: Dict[str, Any], reference: Optional[str] = None
    ) -> Dict[str, Any]:
        return await self._native.send_letter_notification(  # type: ignore[no-any-return]
            template_id, personalisation, reference
        )

    @_native_doc
    async def send_precompiled_letter_notification(
        self, reference: str, pdf_file: Any, postage: Optional[str] = None
    ) -> Dict[str, Any]:
        return await self._native.send_precompiled_letter_notification(  # type: ignore[no-any-return]
            reference, pdf_file, postage
        )

    @_native_doc
    async def get_received_texts(self, older_than: Optional[str] = None) -> Dict[str, Any]:
        return await self._native.get_received_texts(older_than)  # type: ignore[no-any-return]

    @_native_doc
    def get_received_texts_iterator(self, older_than: Optional[str] = None) -> AsyncIterator[Dict[str, Any]]:
        return self._native.get_received_texts_iterator(older_than)

    @_native_doc
    async def get_notification_by_id(self, id: str) -> Dict[str, Any]:
        return await self._native.get_notification_by_id(id)  # type: ignore[no-any-return]

    @_native_doc
    async def get_pdf_for_letter(self, id: str) -> io.BytesIO:
        return await self._native.get_pdf_for_letter(id)

    @_native_doc
    async def get_all_notifications(
        self,
        status: Union[str, Iterable[str], None] = None,
        template_type: Optional[str] = None,
        reference: Optional[str] = None,
        older_than: Optional[str] = None,
        include_jobs: Optional[bool] = None,
    ) -> Dict[str, Any]:
        return await self._native.get_all_notifications(  # type: ignore[no-any-return]
            status, template_type, reference, older_than, include_jobs
        )

    @_native_doc
    def get_all_notifications_iterator(
        self,
        status: Union[str, Iterable[str], None] = None,
        template_type: Optional[str] = None,
        reference: Optional[str] = None,
        older_than: Optional[str] = None,
    ) -> AsyncIterator[Dict[str, Any]]:
        return self._native.get_all_notifications_iterator(status, template_type, reference, older_than)

    @_native_doc
    async def post_template_preview(self, template_id: str, personalisation: Optional[Dict[str, Any]]) -> Dict[str, Any]:
        return await self._native.post_template_preview(template_id, personalisation)  # type: ignore[no-any-return]

    @_native_doc
    async def get_template(self, template_id: str) -> Dict[str, Any]:
        return await self._native.get_template(template_id)  # type: ignore[no-any-return]

    @_native_doc
    async def get_template_version(self, template_id: str, version: Union[int, str]) -> Dict[str, Any]:
        return await self._native.get_template_version(template_id, version)  # type: ignore[no-any-return]

    @_native_doc
    async def get_all_template_versions(self, template_id: str) -> Dict[str, Any]:
        return await self._native.get_all_template_versions(template_id)  # type: ignore[no-any-return]

    @_native_doc
    async def get_all_templates(self, template_type: Optional[str] = None) -> Dict[str, Any]:
        return await self._native.get_all_templates(template_type)  # type: ignore[no-any-return]
