"""Type stubs for the native module ``govuk_notify._native`` (Rust, pyo3)."""

import asyncio
import io
from typing import Any, AsyncIterator, Dict, Iterable, Iterator, List, Optional, Tuple, Union, final

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
    "_decode_json",
    "callback_parse_delivery_receipt",
    "callback_parse_received_text",
    "callback_verify_bearer_token",
    "prepare_upload",
    "run_simulator",
]

__version__: str
DEFAULT_BASE_URL: str
MAX_UPLOAD_BYTES: int

_Timeout = Union[float, Tuple[Optional[float], Optional[float]], None]
_Personalisation = Dict[str, Any]
_StatusFilter = Union[str, Iterable[str], None]
_Json = Dict[str, Any]
_Pace = Union[bool, int, Tuple[int, float], None]

@final
class RetryPolicy:
    """When and how a client retries a failed request (the core's `RetryPolicy`, unchanged).

    `RetryPolicy(*, max_retries=2, initial_backoff=0.25, max_backoff=5.0, backoff_multiplier=2.0,
    jitter=True, retry_sends=False)`: every argument is keyword-only, and one left out (or `None`)
    takes that default. Reads (GETs and template previews) are retried on transport errors,
    timeouts, 5xx and 429 `RateLimitError`; waits grow from `initial_backoff` seconds by
    `backoff_multiplier` up to `max_backoff` seconds, randomised with full jitter, and a server's
    `Retry-After` is honoured (capped at `max_backoff`). A send is retried only when it certainly
    did not reach Notify (for example the connection was refused, or Notify answered 429
    `RateLimitError`) unless `retry_sends=True`. `RetryPolicy.none()` never retries, like the
    official client. Pass one to a client as `retry_policy=`. Instances are immutable and compare
    equal by value.

    Raises `govuk_notify.errors.ArgumentError` (a `ValueError`, naming the argument) for a
    negative or non-finite number of seconds, a `backoff_multiplier` below 1, or a `max_retries`
    that is not a whole number from 0: the rules every language's client follows.
    """

    def __new__(
        cls,
        *,
        max_retries: Optional[int] = None,
        initial_backoff: Optional[float] = None,
        max_backoff: Optional[float] = None,
        backoff_multiplier: Optional[float] = None,
        jitter: Optional[bool] = None,
        retry_sends: Optional[bool] = None,
    ) -> RetryPolicy:
        """Makes a ``RetryPolicy``: the arguments are described in the class docstring."""
    @staticmethod
    def none() -> RetryPolicy:
        """A policy that never retries: every failure is raised at once, as the official client does.

        Returns a `RetryPolicy` with `max_retries=0`.
        """
    @property
    def max_retries(self) -> int:
        """Retries after the first attempt (an int; 0 disables retrying)."""
    @property
    def initial_backoff(self) -> float:
        """Seconds to wait before the first retry (a float)."""
    @property
    def max_backoff(self) -> float:
        """Upper bound of any single wait, in seconds (a float; it also caps a server's Retry-After)."""
    @property
    def backoff_multiplier(self) -> float:
        """Multiplier applied to the wait after each retry (a float)."""
    @property
    def jitter(self) -> bool:
        """Whether each wait is randomised in [0, backoff], so many clients do not retry in lockstep."""
    @property
    def retry_sends(self) -> bool:
        """Whether sends are also retried after errors that may have reached Notify (a message may then
        be sent twice).
        """
    def __eq__(self, value: object, /) -> bool:
        """Return self==value."""
    def __ne__(self, value: object, /) -> bool:
        """Return self!=value."""

@final
class PageIterator(Iterator[_Json]):
    """An iterator over every item of every page of a list, as returned by
    `get_all_notifications_iterator()` and `get_received_texts_iterator()`: each item is a dict,
    and the next page is fetched when the current one is used up. Errors of a page request are raised from `next()`. The GIL is
    released while a page is fetched.
    """
    def __iter__(self) -> PageIterator:
        """Implement iter(self)."""
    def __next__(self) -> _Json:
        """Implement next(self)."""

@final
class AsyncPageIterator(AsyncIterator[_Json]):
    """An async iterator over every item of every page of a list, as returned by the asyncio client's
    `*_iterator()` methods (`async for item in ...`): each item is a dict; pages are fetched on
    the library's I/O threads when the current one is used up.
    """
    def __aiter__(self) -> AsyncPageIterator:
        """Return an awaitable, that resolves in asynchronous iterator."""
    def __anext__(self) -> asyncio.Future[_Json]:
        """Return a value or raise StopAsyncIteration."""

@disjoint_base
class Client:
    """A GOV.UK Notify client whose methods block until Notify answers (the native base class of
    `govuk_notify.NotificationsAPIClient`, which is the name to use).

    `Client(api_key, base_url="https://api.notifications.service.gov.uk", timeout=30, *,
    connect_timeout=None, retry_policy=None, proxy=None, user_agent_suffix=None,
    max_response_bytes=None, ca_bundle_pem=None, pace=None)`:

    - `api_key`: the key from Notify's API integration page, `{key name}-{service id}-{secret}`;
      the service id and the secret must be UUIDs.
    - `base_url`: the Notify API's address; a path prefix is kept, and plain `http://` is refused
      unless the host is loopback.
    - `timeout`: seconds (int or float): one deadline for the whole call, retries included; a
      `(connect, read)` tuple, or `None` for no limit (as in `requests`).
    - `connect_timeout`: seconds to establish a connection (default: the connect part of a tuple
      `timeout`, else 10 or the timeout if shorter).
    - `retry_policy`: a `RetryPolicy`; `None` uses `RetryPolicy()`'s defaults. Pass
      `RetryPolicy.none()` for the official client's no-retry behaviour.
    - `proxy`: a proxy URL (`http`, `https`, `socks5` or `socks5h`); `None` honours
      `HTTPS_PROXY`/`HTTP_PROXY`/`ALL_PROXY`/`NO_PROXY`.
    - `user_agent_suffix`: text appended to the User-Agent header.
    - `max_response_bytes`: the largest response body accepted (default 32 MiB); a larger one
      raises `InvalidResponse` instead of being buffered.
    - `ca_bundle_pem`: PEM text (`str` or `bytes`) of CA certificates to trust in addition to the
      system store, e.g. a TLS-inspecting proxy's CA (prefer it to `SSL_CERT_FILE`, which
      replaces the system store).
    - `pace`: keep sends under Notify's rate limit by queueing them (off by default). `True` paces
      at Notify's 3,000 a minute; an int is sends a minute; a `(limit, window_seconds)` tuple sets
      both. Sends are spaced evenly and queued first come, first served across every thread and
      task using the client; only sends are paced (only they count toward the limit). Queueing
      time is not part of `timeout`. A 429 `RateLimitError` that still arrives (other clients or
      processes using the same key) is handled as without pacing.

    Raises `govuk_notify.errors.ArgumentError` (a `ValueError`, which never shows the secret) for
    a malformed key, base URL, timeout or proxy; its `field` names the argument. The option rules
    are the same in every language (a timeout must be above 0, `max_response_bytes` a whole number
    of at least 1, ...). Thread-safe: share one client per process. The
    GIL is released while waiting on the network.
    """
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
        pace: _Pace = None,
    ) -> Client:
        """Makes a ``Client``: the arguments are described in the class docstring."""
    @property
    def service_id(self) -> str:
        """The service id (a UUID string), read from the API key."""
    @property
    def base_url(self) -> str:
        """The base URL as given to the constructor (a string)."""
    @property
    def timeout(self) -> _Timeout:
        """The `timeout` as given to the constructor: seconds, a `(connect, read)` tuple or
        `None`.
        """
    @property
    def retry_policy(self) -> RetryPolicy:
        """The `RetryPolicy` this client follows (the defaults unless one was given)."""
    @property
    def user_agent(self) -> str:
        """The User-Agent header sent with every request, e.g. `govuk-notify/0.1.0
        (python/3.11.7)`.
        """
    def send_sms_notification(
        self,
        phone_number: str,
        template_id: str,
        personalisation: Optional[_Personalisation] = None,
        reference: Optional[str] = None,
        sms_sender_id: Optional[str] = None,
    ) -> _Json:
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
    def send_email_notification(
        self,
        email_address: str,
        template_id: str,
        personalisation: Optional[_Personalisation] = None,
        reference: Optional[str] = None,
        email_reply_to_id: Optional[str] = None,
        one_click_unsubscribe_url: Optional[str] = None,
        sanitise_content_for: Optional[Iterable[str]] = None,
    ) -> _Json:
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
    def send_letter_notification(
        self, template_id: str, personalisation: _Personalisation, reference: Optional[str] = None
    ) -> _Json:
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
    def send_precompiled_letter_notification(
        self, reference: str, pdf_file: Any, postage: Optional[str] = None
    ) -> _Json:
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
    def get_received_texts(self, older_than: Optional[str] = None) -> _Json:
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
    def get_received_texts_iterator(self, older_than: Optional[str] = None) -> PageIterator:
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
    def get_notification_by_id(self, id: Any) -> _Json:
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
    def get_pdf_for_letter(self, id: Any) -> io.BytesIO:
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
    def get_all_notifications(
        self,
        status: _StatusFilter = None,
        template_type: Optional[str] = None,
        reference: Optional[str] = None,
        older_than: Optional[str] = None,
        include_jobs: Optional[bool] = None,
    ) -> _Json:
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
        status: _StatusFilter = None,
        template_type: Optional[str] = None,
        reference: Optional[str] = None,
        older_than: Optional[str] = None,
    ) -> PageIterator:
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
    def post_template_preview(self, template_id: Any, personalisation: Optional[_Personalisation]) -> _Json:
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
    def get_template(self, template_id: Any) -> _Json:
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
    def get_template_version(self, template_id: Any, version: Union[int, str]) -> _Json:
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
    def get_all_template_versions(self, template_id: str) -> _Json:
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
    def get_all_templates(self, template_type: Optional[str] = None) -> _Json:
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


    @property
    def pace(self) -> Optional[Tuple[int, float]]:
        """The pacing in force: `None`, or `(limit, window_seconds)` (see `pace=`)."""
    def wait_for_status(
        self,
        notification_id: Any,
        *,
        until: Union[str, Iterable[str], None] = None,
        timeout: float = 300.0,
        poll_interval: float = 1.0,
        max_poll_interval: float = 30.0,
    ) -> _Json:
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

@disjoint_base
class AsyncClient:
    """The asyncio counterpart of `Client` (used by `govuk_notify.AsyncNotificationsAPIClient`, which
    is the name to use): the same constructor arguments and methods, but each method returns an
    `asyncio.Future` that resolves to what `Client`'s returns, and the two `*_iterator` methods
    return async iterators. Requests run on the library's I/O threads, never blocking the loop.
    """
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
        pace: _Pace = None,
    ) -> AsyncClient:
        """Makes a ``AsyncClient``: the arguments are described in the class docstring."""
    @property
    def service_id(self) -> str:
        """The service id (a UUID string), read from the API key."""
    @property
    def base_url(self) -> str:
        """The base URL as given to the constructor (a string)."""
    @property
    def timeout(self) -> _Timeout:
        """The `timeout` as given to the constructor: seconds, a `(connect, read)` tuple or
        `None`.
        """
    @property
    def retry_policy(self) -> RetryPolicy:
        """The `RetryPolicy` this client follows (the defaults unless one was given)."""
    @property
    def user_agent(self) -> str:
        """The User-Agent header sent with every request, e.g. `govuk-notify/0.1.0
        (python/3.11.7)`.
        """
    def send_sms_notification(
        self,
        phone_number: str,
        template_id: str,
        personalisation: Optional[_Personalisation] = None,
        reference: Optional[str] = None,
        sms_sender_id: Optional[str] = None,
    ) -> asyncio.Future[_Json]:
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
    def send_email_notification(
        self,
        email_address: str,
        template_id: str,
        personalisation: Optional[_Personalisation] = None,
        reference: Optional[str] = None,
        email_reply_to_id: Optional[str] = None,
        one_click_unsubscribe_url: Optional[str] = None,
        sanitise_content_for: Optional[Iterable[str]] = None,
    ) -> asyncio.Future[_Json]:
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
    def send_letter_notification(
        self, template_id: str, personalisation: _Personalisation, reference: Optional[str] = None
    ) -> asyncio.Future[_Json]:
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
    def send_precompiled_letter_notification(
        self, reference: str, pdf_file: Any, postage: Optional[str] = None
    ) -> asyncio.Future[_Json]:
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
    def get_received_texts(self, older_than: Optional[str] = None) -> asyncio.Future[_Json]:
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
    def get_received_texts_iterator(self, older_than: Optional[str] = None) -> AsyncPageIterator:
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
    def get_notification_by_id(self, id: Any) -> asyncio.Future[_Json]:
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
    def get_pdf_for_letter(self, id: Any) -> asyncio.Future[io.BytesIO]:
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
    def get_all_notifications(
        self,
        status: _StatusFilter = None,
        template_type: Optional[str] = None,
        reference: Optional[str] = None,
        older_than: Optional[str] = None,
        include_jobs: Optional[bool] = None,
    ) -> asyncio.Future[_Json]:
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
        status: _StatusFilter = None,
        template_type: Optional[str] = None,
        reference: Optional[str] = None,
        older_than: Optional[str] = None,
    ) -> AsyncPageIterator:
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
    def post_template_preview(
        self, template_id: Any, personalisation: Optional[_Personalisation]
    ) -> asyncio.Future[_Json]:
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
    def get_template(self, template_id: Any) -> asyncio.Future[_Json]:
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
    def get_template_version(self, template_id: Any, version: Union[int, str]) -> asyncio.Future[_Json]:
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
    def get_all_template_versions(self, template_id: str) -> asyncio.Future[_Json]:
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
    def get_all_templates(self, template_type: Optional[str] = None) -> asyncio.Future[_Json]:
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
    @property
    def pace(self) -> Optional[Tuple[int, float]]:
        """The pacing in force: `None`, or `(limit, window_seconds)` (see `pace=`)."""
    def wait_for_status(
        self,
        notification_id: Any,
        *,
        until: Union[str, Iterable[str], None] = None,
        timeout: float = 300.0,
        poll_interval: float = 1.0,
        max_poll_interval: float = 30.0,
    ) -> asyncio.Future[_Json]:
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

def prepare_upload(
    f: Any,
    filename: Optional[str] = None,
    confirm_email_before_download: Optional[bool] = None,
    retention_period: Optional[str] = None,
) -> Dict[str, Any]:
    """Makes the personalisation value that sends a file by email, as the official client's
    `prepare_upload` does: put the result in `personalisation` for the template's placeholder,
    e.g. `{"link_to_file": prepare_upload(f)}`.

    Args:
        f: the file, as a binary file object (anything with `.read()`) or bytes; at most 2 MiB
            (exactly 2 MiB is allowed).
        filename: the name (with an extension, e.g. `"report.pdf"`) the recipient downloads;
            `None` lets Notify choose one.
        confirm_email_before_download: whether the recipient must enter their email address
            before downloading; `None` means Notify's default (yes).
        retention_period: how long the file is available, `"1 week"` to `"78 weeks"`; `None`
            means Notify's default (26 weeks).

    Returns:
        A dict with exactly `file` (the base64 of the bytes), `filename`,
        `confirm_email_before_download` and `retention_period` (`None` where not given).

    Raises:
        ArgumentError: `ValueError("File is larger than 2MB")` for a file over 2 MiB. The other
            values are checked by Notify when the email is sent.
    """

def run_simulator(args: List[str]) -> int:
    """Runs the local GOV.UK Notify simulator with these command-line arguments (the flags of
    ``govuk-notify-simulator --help``) until SIGINT or SIGTERM, and returns the exit status. This is
    what the ``govuk-notify-simulator`` command installed with the wheel runs; the GIL is released
    while it serves.
    """

def callback_parse_delivery_receipt(body: Any) -> _Json:
    """Parses a delivery-receipt callback body.

    Args:
        body: the request body as received: `bytes`, `bytearray`, `memoryview` or `str`, or a
            file-like object with `read()`.

    Returns:
        A dict with exactly the documented fields: `id`, `reference`, `to`, `status`,
        `created_at`, `completed_at`, `sent_at`, `notification_type`, `template_id` (strings,
        `reference`, `completed_at` and `sent_at` may be `None`) and `template_version` (an int).

    Raises:
        ArgumentError: the body is not JSON or not a delivery receipt (`field` is `"body"`).
    """

def callback_parse_received_text(body: Any) -> _Json:
    """Parses a received-text-message callback body.

    Args:
        body: the request body as received (as for `callback_parse_delivery_receipt`).

    Returns:
        A dict with exactly `id`, `source_number`, `destination_number`, `message` and
        `date_received`, all strings.

    Raises:
        ArgumentError: the body is not JSON or not a received text message (`field` is `"body"`).
    """

def callback_verify_bearer_token(authorization_header: Optional[str], expected_token: Optional[str]) -> bool:
    """Whether an `Authorization` header value carries the bearer token configured in Notify.

    The scheme must be `Bearer` (any case) and the token is compared in constant time. An empty
    `expected_token` never matches; `None` for either argument gives `False`.

    Args:
        authorization_header: the header's value, e.g. `"Bearer my-token"`, or `None`.
        expected_token: the token you configured for the callback in Notify.

    Returns:
        `True` when they match.
    """

def _decode_json(body: bytes) -> Any:
    """Decodes a JSON body (``bytes``) with the decoder every response goes through, as
    ``json.loads`` would. Private: for the decoding benchmarks (``benches/python/decode.py``) and
    tests. Raises ``ValueError`` when the body is not JSON or is nested deeper than 127 levels.
    """
