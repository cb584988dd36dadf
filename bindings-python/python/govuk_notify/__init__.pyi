from govuk_notify._native import __version__ as __version__
from govuk_notify.errors import REQUEST_ERROR_MESSAGE as REQUEST_ERROR_MESSAGE
from govuk_notify.errors import REQUEST_ERROR_STATUS_CODE as REQUEST_ERROR_STATUS_CODE
from govuk_notify.notifications import AsyncNotificationsAPIClient as AsyncNotificationsAPIClient
from govuk_notify.notifications import NotificationsAPIClient as NotificationsAPIClient
from govuk_notify.notifications import RetryPolicy as RetryPolicy
from govuk_notify.utils import prepare_upload as prepare_upload

__all__ = [
    "REQUEST_ERROR_MESSAGE",
    "REQUEST_ERROR_STATUS_CODE",
    "AsyncNotificationsAPIClient",
    "NotificationsAPIClient",
    "RetryPolicy",
    "__version__",
    "prepare_upload",
]
