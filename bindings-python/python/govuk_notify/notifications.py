"""The clients: ``NotificationsAPIClient`` (a drop-in for ``notifications_python_client``'s) and
``AsyncNotificationsAPIClient`` (the same methods as coroutines, for asyncio)."""

# The asyncio client's operations are signatures whose bodies are docstrings: `_native_operations`
# supplies the code.
# mypy: disable-error-code="empty-body"

from __future__ import annotations

import functools
import io
import types
from typing import Any, AsyncIterator, Callable, Dict, Iterable, List, Optional, Tuple, TypeVar, Union

from govuk_notify import _native
from govuk_notify._native import DEFAULT_BASE_URL, RetryPolicy

__all__ = ["AsyncNotificationsAPIClient", "NotificationsAPIClient", "RetryPolicy"]

Timeout = Union[float, Tuple[Optional[float], Optional[float]], None]

_F = TypeVar("_F", bound=Callable[..., Any])

# Code object flags (the values of `inspect.CO_VARARGS`, `CO_VARKEYWORDS` and `CO_COROUTINE`).
_CO_VARARGS, _CO_VARKEYWORDS, _CO_COROUTINE = 0x04, 0x08, 0x80
_C = TypeVar("_C", bound=type)


def _native_doc(fn: _F) -> _F:
    """Gives an ``AsyncNotificationsAPIClient`` member the docstring of the native method of the
    same name, so the sync and async clients document each operation once (in the Rust source).

    Editors and type checkers do not run this: ``tests/python/stub_docs.py --write`` copies the
    same text into the source, and ``tests/python/test_docstrings.py`` checks that it is equal."""
    fn.__doc__ = getattr(_native.Client, fn.__name__).__doc__
    return fn


def _forwarder_source(signature: Callable[..., Any], defaults: Dict[str, Any]) -> str:
    """The source of the method that calls the native asyncio client's method of the same name as
    ``signature`` (a method's parameters, annotations and docstring, whose body never runs) with
    the same arguments, and awaits it when ``signature`` is ``async``. Adds the default values it
    refers to, by name, to ``defaults``.

    The method is compiled from ``signature``'s parameter list (as ``dataclasses`` compiles
    ``__init__``), so it binds arguments, raises ``TypeError`` for wrong ones and runs exactly as a
    hand-written forwarder would.
    """
    name = signature.__name__
    # Read from the code object: importing `inspect` would add milliseconds to every import.
    code = signature.__code__
    if code.co_posonlyargcount or code.co_flags & (_CO_VARARGS | _CO_VARKEYWORDS):
        raise TypeError(f"{name}: only named parameters are forwarded")
    is_async = bool(code.co_flags & _CO_COROUTINE)
    positional = code.co_varnames[1 : code.co_argcount]
    keyword_only = code.co_varnames[code.co_argcount : code.co_argcount + code.co_kwonlyargcount]
    positional_defaults = signature.__defaults__ or ()
    keyword_defaults = signature.__kwdefaults__ or {}
    first_default = len(positional) - len(positional_defaults)
    params: List[str] = []
    passed: List[str] = []
    for i, param in enumerate(positional):
        text = param
        if i >= first_default:
            defaults[f"_{name}_{param}"] = positional_defaults[i - first_default]
            text += f"=_{name}_{param}"
        params.append(text)
        passed.append(param)
    if keyword_only:
        params.append("*")
    for param in keyword_only:
        text = param
        if param in keyword_defaults:
            defaults[f"_{name}_{param}"] = keyword_defaults[param]
            text += f"=_{name}_{param}"
        params.append(text)
        passed.append(f"{param}={param}")
    return (
        f"{'async ' if is_async else ''}def {name}(self, {', '.join(params)}):\n"
        f"    return {'await ' if is_async else ''}self._native.{name}({', '.join(passed)})\n"
    )


def _native_operations(cls: _C) -> _C:
    """Makes every public method defined in ``cls``'s body an operation of the native asyncio
    client (see ``_forwarder_source``): each operation is then written once, as its signature.

    A class decorator rather than one per method, so that type checkers, which do not run it, read
    each method as written (``async def`` with its parameters). The forwarders are compiled
    together, once, at import. Each takes its signature's name, annotations and ``__wrapped__``
    (so ``inspect.signature`` reports the parameters as written) and the native method's
    docstring."""
    signatures = [
        value
        for name, value in vars(cls).items()
        if not name.startswith("_") and isinstance(value, types.FunctionType)
    ]
    defaults: Dict[str, Any] = {}
    source = "".join(_forwarder_source(s, defaults) for s in signatures)
    namespace: Dict[str, Any] = {}
    exec(compile(source, f"<{cls.__module__}.{cls.__qualname__} operations>", "exec"), defaults, namespace)
    for signature in signatures:
        method = namespace[signature.__name__]
        functools.update_wrapper(method, signature)
        setattr(cls, signature.__name__, _native_doc(method))
    return cls


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


@_native_operations
class AsyncNotificationsAPIClient:
    """The same API as ``NotificationsAPIClient``, for asyncio: every method is a coroutine that
    returns (when awaited) what the sync method returns, and the two ``*_iterator`` methods return
    async iterators (``async for n in client.get_all_notifications_iterator(): ...``).

    Requests run on the library's own I/O threads (one runtime per process, which the sync client
    uses too), not on a thread per call, and never block the event loop. Cancelling the
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
        """The service id (a UUID string), read from the API key."""
        return self._native.service_id

    @property
    @_native_doc
    def base_url(self) -> str:
        """The base URL as given to the constructor (a string)."""
        return self._native.base_url

    @property
    @_native_doc
    def timeout(self) -> Timeout:
        """The `timeout` as given to the constructor: seconds, a `(connect, read)` tuple or
        `None`.
        """
        return self._native.timeout  # type: ignore[no-any-return]

    @property
    @_native_doc
    def retry_policy(self) -> RetryPolicy:
        """The `RetryPolicy` this client follows (the defaults unless one was given)."""
        return self._native.retry_policy

    @property
    @_native_doc
    def user_agent(self) -> str:
        """The User-Agent header sent with every request, e.g. `govuk-notify/0.1.0
        (python/3.11.7)`.
        """
        return self._native.user_agent

    @property
    @_native_doc
    def pace(self) -> Optional[Tuple[int, float]]:
        """The pacing in force: `None`, or `(limit, window_seconds)` (see `pace=`)."""
        return self._native.pace

    async def wait_for_status(
        self,
        notification_id: str,
        *,
        until: Union[str, Iterable[str], None] = None,
        timeout: float = 300.0,
        poll_interval: float = 1.0,
        max_poll_interval: float = 30.0,
    ) -> Dict[str, Any]:
        """Polls a notification until its status is one of `until` and returns it (the
        same dict as `get_notification_by_id`). Not in the official client.

        Polls at once, then after `poll_interval` seconds, each wait 1.5 times the last,
        up to `max_poll_interval`. A poll that fails with a transient error (5xx,
        network, timeout, 429) does not end the wait.

        Args:
            notification_id: the notification's id (a UUID).
            until: a status or a collection of statuses; `None` (the default) means any
                final status: delivered, sent, received (letters), permanent-failure,
                temporary-failure, technical-failure, failed, cancelled, returned-letter,
                validation-failed, virus-scan-failed.
            timeout: seconds to wait in all (default 300); no poll starts after it.
            poll_interval: seconds before the second poll (default 1).
            max_poll_interval: the longest wait between polls in seconds (default 30).

        Returns:
            The notification (a dict) once its status is wanted. The async client returns
            an awaitable; cancelling the task (e.g. `asyncio.wait_for`) stops the polling.

        Raises:
            ArgumentError: a malformed id, an unknown status or a negative interval, before
                any request.
            RequestTimeoutError: the timeout passed first (the message names the statuses
                wanted and the last one seen).
            HTTPError: a poll failed with an error that is not transient
                (`NotFoundError` for an unknown id, `AuthError`...). The sync client's wait
                ends with `KeyboardInterrupt` on Ctrl-C.
        """

    def __repr__(self) -> str:
        return f"<{type(self).__qualname__} service_id={self.service_id!r} base_url={self.base_url!r}>"

    async def send_sms_notification(
        self,
        phone_number: str,
        template_id: str,
        personalisation: Optional[Dict[str, Any]] = None,
        reference: Optional[str] = None,
        sms_sender_id: Optional[str] = None,
    ) -> Dict[str, Any]:
        """Sends a text message using a template: `POST /v2/notifications/sms`.

        Args:
            phone_number: the recipient's phone number (a UK mobile, or international if
                the service may send to international numbers).
            template_id: the id (a UUID) of a text message template of the service.
            personalisation: a dict of the template's placeholders, e.g.
                `{"name": "Amala"}`; `None` or `{}` sends none.
            reference: your own reference for the message (at most 1000 characters);
                `None` or `""` sends none.
            sms_sender_id: the UUID of one of the service's text message senders; `None`
                uses the default sender.

        Returns:
            The response as a dict: `id` (the notification id), `reference`, `content`
            (`{"body", "from_number"}`), `uri`, `template` (`{"id", "version", "uri"}`) and
            `scheduled_for` (always `None`).

        Raises:
            ArgumentError: a missing phone number, a template or sender id that is not a
                UUID, a reference over 1000 characters (checked before anything is sent; a
                `ValueError`).
            HTTPError: when Notify answers with an error, as the subclass for the case in
                `govuk_notify.errors` (e.g. `ValidationError` for a bad number or missing
                personalisation, `AuthError`, `RateLimitError`, `DailyLimitError`);
                `TransportError` / `RequestTimeoutError` (`HTTP503Error`s) when no response
                arrived.
        """

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
        """Sends an email using a template: `POST /v2/notifications/email`.

        Args:
            email_address: the recipient's email address.
            template_id: the id (a UUID) of an email template of the service.
            personalisation: a dict of the template's placeholders; a value made by
                `prepare_upload()` sends a file. `None` or `{}` sends none.
            reference: your own reference for the email (at most 1000 characters);
                `None` or `""` sends none.
            email_reply_to_id: the UUID of one of the service's reply-to addresses; `None`
                uses the default.
            one_click_unsubscribe_url: an `https://` URL for the email's one-click
                unsubscribe header; `None` sends none.
            sanitise_content_for: names of personalisation fields whose values Notify
                should make safe (links removed, Markdown escaped); `None` or empty sends
                none.

        Returns:
            The response as a dict: `id`, `reference`, `content` (`{"from_email", "body",
            "subject", "one_click_unsubscribe_url"}`), `uri`, `template` (`{"id",
            "version", "uri"}`), `scheduled_for` (always `None`) and `sanitised_content`
            (`{}`, or `{field: {"unsanitised", "sanitised"}}` for each value changed).

        Raises:
            ArgumentError: a missing address, a template or reply-to id that is not a UUID,
                a reference over 1000 characters, an unsubscribe URL that is not https
                (checked before anything is sent; a `ValueError`).
            HTTPError: when Notify answers with an error, as the subclass for the case in
                `govuk_notify.errors` (e.g. `ValidationError` for a bad address or missing
                personalisation, `AuthError`, `RateLimitError`, `DailyLimitError`);
                `TransportError` / `RequestTimeoutError` (`HTTP503Error`s) when no response
                arrived.
        """

    async def send_letter_notification(
        self, template_id: str, personalisation: Dict[str, Any], reference: Optional[str] = None
    ) -> Dict[str, Any]:
        """Sends a letter using a letter template: `POST /v2/notifications/letter`.

        Args:
            template_id: the id (a UUID) of a letter template of the service.
            personalisation: a dict with the address (`address_line_1` to
                `address_line_7`, at least 3 lines, the last a UK postcode or a country;
                `postcode` may stand for the last line) and the template's placeholders.
            reference: your own reference for the letter (at most 1000 characters);
                `None` or `""` sends none.

        Returns:
            The response as a dict: `id`, `reference`, `content` (`{"body", "subject"}`),
            `uri`, `template` (`{"id", "version", "uri"}`) and `scheduled_for` (always
            `None`).

        Raises:
            ArgumentError: a template id that is not a UUID, no `address_line_1` in the
                personalisation, a reference over 1000 characters (checked before anything
                is sent; a `ValueError`).
            HTTPError: when Notify answers with an error, as the subclass for the case in
                `govuk_notify.errors` (e.g. `ValidationError` for a bad address, `AuthError`
                (403) for a team key or a service in trial mode); `TransportError` /
                `RequestTimeoutError` (`HTTP503Error`s) when no response arrived.
        """

    async def send_precompiled_letter_notification(
        self, reference: str, pdf_file: Any, postage: Optional[str] = None
    ) -> Dict[str, Any]:
        """Sends a letter you made yourself, as a PDF: `POST /v2/notifications/letter` with
        the file base64-encoded in `content`.

        Args:
            reference: your own reference for the letter (required).
            pdf_file: the PDF, as a binary file object (anything with `.read()`) or bytes.
            postage: `"first"`, `"second"` or `"economy"`; `None` uses second class.

        Returns:
            The response as a dict: `id`, `reference` and `postage`.

        Raises:
            ArgumentError: a missing reference, an empty file, a postage other than
                first/second/economy (checked before anything is sent; a `ValueError`).
            HTTPError: when Notify answers with an error, as the subclass for the case in
                `govuk_notify.errors` (e.g. `ValidationError`, `AuthError` (403) for a team
                key or a service in trial mode); `TransportError` / `RequestTimeoutError`
                (`HTTP503Error`s) when no response arrived.
        """

    async def get_received_texts(self, older_than: Optional[str] = None) -> Dict[str, Any]:
        """Gets one page (up to 250, newest first) of the text messages your service received:
        `GET /v2/received-text-messages`.

        Args:
            older_than: a received text's id (a UUID); only older messages are returned.
                `None` starts from the newest.

        Returns:
            A dict: `received_text_messages` (a list of `{"id", "user_number",
            "notify_number", "created_at", "service_id", "content"}`) and `links`
            (`{"current", "next"}`; `next` is absent on an empty page).

        Raises:
            ArgumentError: `older_than` that is not a UUID (checked before anything is sent;
                a `ValueError`).
            HTTPError: when Notify answers with an error, as the subclass for the case in
                `govuk_notify.errors` (e.g. `AuthError`); `TransportError` /
                `RequestTimeoutError` (`HTTP503Error`s) when no response arrived.
        """

    def get_received_texts_iterator(self, older_than: Optional[str] = None) -> AsyncIterator[Dict[str, Any]]:
        """Iterates over every text message your service received, newest first, fetching
        the pages of `get_received_texts()` as needed (following `links.next` like the
        official client, until a page comes back empty).

        Args:
            older_than: a received text's id (a UUID) to start after; `None` starts from
                the newest.

        Returns:
            An iterator of dicts, each one received text (see `get_received_texts()`);
            an async iterator on the asyncio client. Each page is fetched when the
            iteration reaches it.

        Raises:
            ArgumentError: `older_than` that is not a UUID (when iteration starts).
            HTTPError: from the page request that failed, while iterating (see
                `govuk_notify.errors`).
        """

    async def get_notification_by_id(self, id: str) -> Dict[str, Any]:
        """Gets one notification (text message, email or letter) and its status:
        `GET /v2/notifications/{id}`.

        Args:
            id: the notification's id (a UUID), as returned by a send.

        Returns:
            The notification as a dict: `id`, `reference`, `type` (`"sms"`, `"email"` or
            `"letter"`), `status` (e.g. `"created"`, `"sending"`, `"delivered"`,
            `"permanent-failure"`; letters `"accepted"`, `"received"`), `email_address` /
            `phone_number`, `line_1`..`line_6` and `postcode` (letters), `template`
            (`{"id", "version", "uri"}`), `body`, `subject`, `created_at`, `sent_at`,
            `completed_at`, `estimated_delivery` (letters), the cost fields
            (`is_cost_data_ready`, `cost_in_pounds`, `cost_details`) and more.

        Raises:
            ArgumentError: an id that is not a UUID (checked before anything is sent; a
                `ValueError`).
            HTTPError: when Notify answers with an error, as the subclass for the case in
                `govuk_notify.errors` (`NotFoundError` for an unknown id); `TransportError`
                / `RequestTimeoutError` (`HTTP503Error`s) when no response arrived.
        """

    async def get_pdf_for_letter(self, id: str) -> io.BytesIO:
        """Gets the PDF of a letter notification: `GET /v2/notifications/{id}/pdf`.

        Args:
            id: the letter notification's id (a UUID).

        Returns:
            An `io.BytesIO` holding the PDF's bytes.

        Raises:
            ArgumentError: an id that is not a UUID (checked before anything is sent; a
                `ValueError`).
            HTTPError: when Notify answers with an error, as the subclass for the case in
                `govuk_notify.errors` (`ValidationError` for `PDFNotReadyError` (try again
                later) or a notification that is not a letter, `NotFoundError`);
                `TransportError` / `RequestTimeoutError` (`HTTP503Error`s) when no response
                arrived.
        """

    async def get_all_notifications(
        self,
        status: Union[str, Iterable[str], None] = None,
        template_type: Optional[str] = None,
        reference: Optional[str] = None,
        older_than: Optional[str] = None,
        include_jobs: Optional[bool] = None,
    ) -> Dict[str, Any]:
        """Gets one page (up to 250, newest first) of the notifications sent with the same
        type of key (test, team or live): `GET /v2/notifications`.

        Args:
            status: a status, or a list of statuses, to keep (e.g. `"delivered"`;
                `"failed"` means every failure status); `None` keeps all.
            template_type: `"sms"`, `"email"` or `"letter"`; `None` keeps all.
            reference: keep only notifications with this reference.
            older_than: a notification id (a UUID); only older notifications are returned.
            include_jobs: when true, also notifications sent from spreadsheet uploads.

        Returns:
            A dict: `notifications` (a list of notification dicts, as
            `get_notification_by_id()` returns) and `links` (`{"current", "next"}`;
            `next` is absent on an empty page).

        Raises:
            ArgumentError: an unknown status or template type, `older_than` that is not a
                UUID (checked before anything is sent; a `ValueError`).
            HTTPError: when Notify answers with an error, as the subclass for the case in
                `govuk_notify.errors` (e.g. `AuthError`); `TransportError` /
                `RequestTimeoutError` (`HTTP503Error`s) when no response arrived.
        """

    def get_all_notifications_iterator(
        self,
        status: Union[str, Iterable[str], None] = None,
        template_type: Optional[str] = None,
        reference: Optional[str] = None,
        older_than: Optional[str] = None,
    ) -> AsyncIterator[Dict[str, Any]]:
        """Iterates over every notification that matches the filters, newest first, fetching
        the pages of `get_all_notifications()` as needed (following `links.next` like the
        official client, until a page comes back empty).

        Args:
            status: a status, or a list of statuses, to keep; `None` keeps all.
            template_type: `"sms"`, `"email"` or `"letter"`; `None` keeps all.
            reference: keep only notifications with this reference.
            older_than: a notification id (a UUID) to start after; `None` starts from the
                newest.

        Returns:
            An iterator of notification dicts (see `get_notification_by_id()`); an async
            iterator on the asyncio client. Each page is fetched when the iteration
            reaches it.

        Raises:
            ArgumentError: an unknown status or template type, `older_than` that is not a
                UUID (when iteration starts).
            HTTPError: from the page request that failed, while iterating (see
                `govuk_notify.errors`).
        """

    async def post_template_preview(self, template_id: str, personalisation: Optional[Dict[str, Any]]) -> Dict[str, Any]:
        """Renders a template with personalisation, without sending anything:
        `POST /v2/template/{template_id}/preview`.

        Args:
            template_id: the template's id (a UUID).
            personalisation: a dict of the template's placeholders, or `None`.

        Returns:
            A dict: `id`, `type`, `version`, `body`, `subject` (`None` for text messages),
            `html` (emails only, else `None`) and `postage` (letters only, else `None`).

        Raises:
            ArgumentError: a template id that is not a UUID (checked before anything is
                sent; a `ValueError`).
            HTTPError: when Notify answers with an error, as the subclass for the case in
                `govuk_notify.errors` (`ValidationError` for missing personalisation,
                `NotFoundError` for an unknown template); `TransportError` /
                `RequestTimeoutError` (`HTTP503Error`s) when no response arrived.
        """

    async def get_template(self, template_id: str) -> Dict[str, Any]:
        """Gets the latest version of a template: `GET /v2/template/{template_id}`.

        Args:
            template_id: the template's id (a UUID).

        Returns:
            The template as a dict: `id`, `name`, `type`, `version`, `body` (with its
            `((placeholders))`), `subject`, `personalisation`
            (`{placeholder: {"required": True}}`), `created_at`, `updated_at`,
            `created_by`, `postage` and `letter_contact_block`.

        Raises:
            ArgumentError: a template id that is not a UUID (checked before anything is
                sent; a `ValueError`).
            HTTPError: when Notify answers with an error, as the subclass for the case in
                `govuk_notify.errors` (`NotFoundError` for an unknown template);
                `TransportError` / `RequestTimeoutError` (`HTTP503Error`s) when no response
                arrived.
        """

    async def get_template_version(self, template_id: str, version: Union[int, str]) -> Dict[str, Any]:
        """Gets one version of a template:
        `GET /v2/template/{template_id}/version/{version}`.

        Args:
            template_id: the template's id (a UUID).
            version: the version number, from 1 (an int, or a string of digits).

        Returns:
            The template as a dict, as `get_template()` returns it, for that version.

        Raises:
            ArgumentError: a template id that is not a UUID, a version that is not a whole
                number from 1 (checked before anything is sent; a `ValueError`).
            HTTPError: when Notify answers with an error, as the subclass for the case in
                `govuk_notify.errors` (`NotFoundError` for an unknown template or version);
                `TransportError` / `RequestTimeoutError` (`HTTP503Error`s) when no response
                arrived.
        """

    async def get_all_template_versions(self, template_id: str) -> Dict[str, Any]:
        """The official client's `get_all_template_versions`:
        `GET service/{service_id}/template/{template_id}/versions`.

        That route is part of Notify's admin API, not the public one: with a service's API
        key Notify answers 401, so this always raises `AuthError` (status_code 401, message
        `{"token": ["Unauthorized: not allowed to perform this action"]}`), exactly as the
        official client does. Kept so code that calls it behaves the same.

        Args:
            template_id: the template's id (sent as given).

        Raises:
            HTTPError: `AuthError` for Notify's 401; `TransportError` /
                `RequestTimeoutError` (`HTTP503Error`s) when no response arrived.
        """

    async def get_all_templates(self, template_type: Optional[str] = None) -> Dict[str, Any]:
        """Gets every template of the service (not paginated): `GET /v2/templates`.

        Args:
            template_type: `"sms"`, `"email"` or `"letter"` to get only that type; `None`
                gets all.

        Returns:
            A dict: `templates`, a list of template dicts as `get_template()` returns them
            (empty when there are none).

        Raises:
            ArgumentError: a template type other than sms, email or letter (checked before
                anything is sent; a `ValueError`).
            HTTPError: when Notify answers with an error, as the subclass for the case in
                `govuk_notify.errors` (e.g. `AuthError`); `TransportError` /
                `RequestTimeoutError` (`HTTP503Error`s) when no response arrived.
        """
