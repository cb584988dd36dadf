"""GOV.UK Notify API client.

A drop-in replacement for ``notifications-python-client``: change the imports and keep your code::

    from govuk_notify import NotificationsAPIClient, prepare_upload
    from govuk_notify.errors import HTTPError

It adds an asyncio client (``AsyncNotificationsAPIClient``), a retry policy (``RetryPolicy``),
typed exceptions (``govuk_notify.errors``), thread- and fork-safety, and logs to the
``govuk_notify`` logger. Everything is implemented once, in Rust, and shared with the C and
Node bindings.
"""

from govuk_notify._native import __version__
from govuk_notify.errors import REQUEST_ERROR_MESSAGE, REQUEST_ERROR_STATUS_CODE
from govuk_notify.notifications import AsyncNotificationsAPIClient, NotificationsAPIClient, RetryPolicy
from govuk_notify.utils import prepare_upload

__all__ = [
    "REQUEST_ERROR_MESSAGE",
    "REQUEST_ERROR_STATUS_CODE",
    "AsyncNotificationsAPIClient",
    "NotificationsAPIClient",
    "RetryPolicy",
    "__version__",
    "prepare_upload",
]
