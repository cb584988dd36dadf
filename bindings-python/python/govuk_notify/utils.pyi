from govuk_notify._native import prepare_upload as prepare_upload

DOCUMENT_UPLOAD_SIZE_LIMIT: int

__all__ = ["DOCUMENT_UPLOAD_SIZE_LIMIT", "prepare_upload"]
