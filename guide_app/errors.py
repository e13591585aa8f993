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
    backup_missing = "backup_missing"
    book_in_use = "book_in_use"
    hq_address_invalid = "hq_address_invalid"
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
    follow_up_in_past = "follow_up_in_past"
    # sales
    order_recorded = "order_recorded"
    sale_in_future = "sale_in_future"
    sale_invalid = "sale_invalid"
    sale_not_attributable = "sale_not_attributable"
    sale_items_mismatch = "sale_items_mismatch"  # the items listed do not add up to the amount
    sale_missing = "sale_missing"
    sale_voided = "sale_voided"  # a void is final: a voided sale takes no more corrections
    sale_amount_unchanged = "sale_amount_unchanged"  # an amend must change the amount
    sale_refused_by_hq = "sale_refused_by_hq"  # HQ refused the sale: there is nothing there to amend
    correction_reason_missing = "correction_reason_missing"
    # content and tasks
    content_missing = "content_missing"
    task_missing = "task_missing"
    task_target_missing = "task_target_missing"
    task_count_invalid = "task_count_invalid"
    task_counted_by_customer = "task_counted_by_customer"
    skip_reason_missing = "skip_reason_missing"
    # import
    import_unreadable = "import_unreadable"
    import_not_xlsx = "import_not_xlsx"
    import_too_large = "import_too_large"
    import_sheet_missing = "import_sheet_missing"
    import_no_header = "import_no_header"
    import_malformed = "import_malformed"  # a broken part inside the workbook
    import_suspicious = "import_suspicious"  # unpacks far larger than any real workbook (a zip bomb)
    import_already_in_book = "import_already_in_book"  # row skipped: its phone is in the book
    import_rows_merged = "import_rows_merged"  # row repeated in the file: merged into the first
    import_totals_row = "import_totals_row"  # row skipped: a 合计/总计 line, not a customer
    import_formula_text_kept = "import_formula_text_kept"  # a formula without saved value: its text kept
    import_formula_value_lost = "import_formula_value_lost"  # a formula without saved value: left blank
    date_ambiguous = "date_ambiguous"  # 0305, 1990 or a serial far from a plausible day: not guessed
    # HQ and sync
    offline = "offline"
    hq_timeout = "hq_timeout"
    sign_in_needed = "sign_in_needed"
    password_missing = "password_missing"
    wrong_password = "wrong_password"  # HQ: the login or the password is wrong (it does not say which)
    account_locked = "account_locked"  # HQ: too many wrong passwords; details: retry_after (seconds)
    account_disabled = "account_disabled"  # HQ: the password is right but the account is switched off
    too_many_sign_ins = "too_many_sign_ins"  # HQ: sign-ins from here or overall throttled; retry_after
    offline_password_wrong = "offline_password_wrong"  # HQ unreachable; not the password last used here
    offline_never_signed_in = "offline_never_signed_in"  # HQ unreachable; no sign-in here to fall back on
    not_a_guide = "not_a_guide"
    hq_refused = "hq_refused"
    malformed_answer = "malformed_answer"
    answer_too_large = "answer_too_large"
    asset_hash_mismatch = "asset_hash_mismatch"
    # updates
    update_refused = "update_refused"  # the update is not as the release PC signed it: not staged
    updates_not_set_up = "updates_not_set_up"  # this copy has no trusted root to check updates against
    update_not_installed = "update_not_installed"  # run from source or an unpacked folder: no updates here
    update_not_newer = "update_not_newer"  # not above the installed version, or rolled back from here
    update_unusable = "update_unusable"  # signed, but its archive cannot be unpacked safely
    update_disk = "update_disk"  # the install folder cannot be written (disk full, no permission)
    rollback_unavailable = "rollback_unavailable"  # no previous version kept to roll back to
    launcher_missing = "launcher_missing"  # the installation's guide-desk launcher is gone
    # the version handshake
    client_too_old = "client_too_old"  # HQ: this app is below HQ's minimum; details: minimum, latest
    hq_too_old = "hq_too_old"  # HQ speaks an older protocol than this app: nothing sent or applied
    # workspace: manager tasks and disputes
    task_title_missing = "task_title_missing"
    task_due_in_past = "task_due_in_past"
    task_target_invalid = "task_target_invalid"
    task_too_much_content = "task_too_much_content"
    task_assignees_missing = "task_assignees_missing"
    dispute_reason_missing = "dispute_reason_missing"
    dispute_claim_withdrawn = "dispute_claim_withdrawn"  # the chosen claim was voided by its guide
    # workspace: HQ's organisation
    login_invalid = "login_invalid"  # not 1-64 letters, digits and . _ - @
    store_code_invalid = "store_code_invalid"  # not 1-40 letters, digits and . _ -
    passwords_differ = "passwords_differ"  # a new password typed twice, differently
    password_too_short = "password_too_short"
    # workspace: HQ's content library
    content_file_unreadable = "content_file_unreadable"
    content_file_empty = "content_file_empty"
    content_file_too_large = "content_file_too_large"
    # workspace: targets and the performance sheet
    target_amount_invalid = "target_amount_invalid"  # not yuan with at most 2 decimals, or negative
    target_amount_too_large = "target_amount_too_large"
    target_amount_missing = "target_amount_missing"  # a set target emptied: HQ keeps targets, type 0
    sheet_range_invalid = "sheet_range_invalid"  # the sheet's first day is after its last
    sheet_scope_missing = "sheet_scope_missing"  # a region or store scope without one chosen
    sheet_range_too_long = "sheet_range_too_long"  # more days than one sheet covers
    sheet_days_outside = "sheet_days_outside"  # days before 2000 or after 2099


class GuideError(Exception):
    """Something the guide (or IT staff) can act on. `code` picks the translated sentence;
    `message` is the English one, used in logs and the command line."""

    code: ErrorCode = ErrorCode.error

    def __init__(self, message: str, *, code: ErrorCode | None = None, **details: Any) -> None:
        if code is not None:
            self.code = ErrorCode(code)
        # An empty reason is never shown: the tester met "guide-app: " and nothing after it.
        message = message.strip() or f"something went wrong ({self.code.value}) and no reason was given"
        super().__init__(message)
        self.message = message
        self.details = details


class BookCorrupt(GuideError):
    code = ErrorCode.book_corrupt


class BookMissing(GuideError):
    """The book file is gone or empty while backups of it exist: restore one, or start empty."""

    code = ErrorCode.book_missing


class BackupCorrupt(GuideError):
    """A backup chosen for restoring is damaged or not a book; the current book is untouched."""

    code = ErrorCode.backup_corrupt


class BookInUse(GuideError):
    """Another window or program has the book open, so it cannot be replaced now."""

    code = ErrorCode.book_in_use


class NotFound(GuideError):
    code = ErrorCode.not_found


class InvalidInput(GuideError):
    code = ErrorCode.invalid_input


class Conflict(GuideError):
    code = ErrorCode.conflict


class Cancelled(GuideError):
    """The guide pressed cancel: the job stopped at a clean point and wrote nothing more."""

    code = ErrorCode.cancelled
