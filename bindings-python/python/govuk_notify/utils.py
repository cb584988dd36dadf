"""``prepare_upload``, as in ``notifications_python_client.utils``."""

from govuk_notify._native import MAX_UPLOAD_BYTES, prepare_upload

#: The official name of the limit (2 MiB; a file of exactly this size is accepted).
DOCUMENT_UPLOAD_SIZE_LIMIT = MAX_UPLOAD_BYTES

__all__ = ["DOCUMENT_UPLOAD_SIZE_LIMIT", "prepare_upload"]
