"""``prepare_upload`` and ``DOCUMENT_UPLOAD_SIZE_LIMIT``, as in ``notifications_python_client.utils``.

``prepare_upload(f, ...)`` turns a file of at most 2 MiB into the personalisation value that sends
it by email (see ``help(prepare_upload)``).
"""

from govuk_notify._native import MAX_UPLOAD_BYTES, prepare_upload

#: The official name of the limit (2 MiB; a file of exactly this size is accepted).
DOCUMENT_UPLOAD_SIZE_LIMIT = MAX_UPLOAD_BYTES

__all__ = ["DOCUMENT_UPLOAD_SIZE_LIMIT", "prepare_upload"]
