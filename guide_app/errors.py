"""Errors the desktop core raises; each carries a stable code the UI translates for the guide."""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class ErrorCode(StrEnum):
    """Every reason the core gives. The UI keeps one translated sentence per member, so a new
    reason is added here first; `message` stays the English sentence for logs and the CLI."""

    error = "error"
    invalid_input = "invalid_input"
    not_found = "not_found"
    conflict = "conflict"
    cancelled = "cancelled"
    read_only = "read_only"
    # the book file
    book_corrupt = "book_corrupt"
    book_missing = "book_missing"
    backup_corrupt = "backup_corrupt"
    # customers, tags, follow-ups
    customer_missing = "customer_missing"
    name_missing = "name_missing"
    name_too_long = "name_too_long"
    gender_invalid = "gender_invalid"
    phone_invalid = "phone_invalid"
    date_invalid = "date_invalid"
    text_too_long = "text_too_long"
    field_unknown = "field_unknown"
    merge_self = "merge_self"
    tag_missing = "tag_missing"
    tag_name_invalid = "tag_name_invalid"
    tag_not_on_customer = "tag_not_on_customer"
    follow_up_missing = "follow_up_missing"
    follow_up_closed = "follow_up_closed"
    # sales
    order_recorded = "order_recorded"
    sale_in_future = "sale_in_future"
    sale_invalid = "sale_invalid"
    sale_not_attributable = "sale_not_attributable"
    # content and tasks
    content_missing = "content_missing"
    task_missing = "task_missing"
    task_target_missing = "task_target_missing"
    task_count_invalid = "task_count_invalid"
    task_counted_by_customer = "task_counted_by_customer"
    # import
    import_unreadable = "import_unreadable"
    import_not_xlsx = "import_not_xlsx"
    import_too_large = "import_too_large"
    import_sheet_missing = "import_sheet_missing"
    import_no_header = "import_no_header"
    # HQ and sync
    offline = "offline"
    hq_timeout = "hq_timeout"
    sign_in_needed = "sign_in_needed"
    password_missing = "password_missing"
    not_a_guide = "not_a_guide"
    hq_refused = "hq_refused"
    malformed_answer = "malformed_answer"
    answer_too_large = "answer_too_large"
    asset_hash_mismatch = "asset_hash_mismatch"


class GuideError(Exception):
    """Something the guide (or IT staff) can act on. `code` picks the translated sentence;
    `message` is the English one, used in logs and the command line."""

    code: ErrorCode = ErrorCode.error

    def __init__(self, message: str, *, code: ErrorCode | None = None, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = ErrorCode(code)
        self.details = details


class BookCorrupt(GuideError):
    code = ErrorCode.book_corrupt


class NotFound(GuideError):
    code = ErrorCode.not_found


class InvalidInput(GuideError):
    code = ErrorCode.invalid_input


class Conflict(GuideError):
    code = ErrorCode.conflict


class Cancelled(GuideError):
    """The guide pressed cancel: the job stopped at a clean point and wrote nothing more."""

    code = ErrorCode.cancelled
