"""The guide's words for the core's errors and sync problems, in the app's language.

The core raises `GuideError`s with an English `message` for logs and the command line and a
`code`; a screen shows the sentence this module keeps for the code. A code without a sentence
here fails a test (tests/ui/test_messages.py), so no English reaches a zh_CN screen.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator

from PySide6.QtCore import QCoreApplication

from guide_app.errors import ErrorCode, GuideError
from guide_app.sync.problems import SalePhrase, SaleStanding, SyncProblemKind, UploadState, fill
from ui.i18n import QT_TRANSLATE_NOOP

CONTEXT = "Messages"

# English source sentences; `describe` translates them at run time (lupdate reads the NOOP marks).
ERROR_SENTENCES: dict[ErrorCode, str] = {
    ErrorCode.error: QT_TRANSLATE_NOOP("Messages", "Something went wrong."),
    ErrorCode.invalid_input: QT_TRANSLATE_NOOP("Messages", "Some of what was entered is not valid."),
    ErrorCode.not_found: QT_TRANSLATE_NOOP("Messages", "It is no longer there."),
    ErrorCode.conflict: QT_TRANSLATE_NOOP("Messages", "This clashes with what is already saved."),
    ErrorCode.cancelled: QT_TRANSLATE_NOOP("Messages", "Stopped. Nothing half-done was kept."),
    ErrorCode.read_only: QT_TRANSLATE_NOOP("Messages", "This can only be read here, not changed."),
    ErrorCode.book_corrupt: QT_TRANSLATE_NOOP(
        "Messages", "The customer book on this PC is damaged. Restore a backup to go on."
    ),
    ErrorCode.book_missing: QT_TRANSLATE_NOOP(
        "Messages",
        "The customer book on this PC is missing, but backups of it exist. Restore one, or start empty.",
    ),
    ErrorCode.backup_corrupt: QT_TRANSLATE_NOOP(
        "Messages", "That backup is damaged. Your current book was not touched; pick another backup."
    ),
    ErrorCode.backup_missing: QT_TRANSLATE_NOOP("Messages", "That backup is no longer there."),
    ErrorCode.book_in_use: QT_TRANSLATE_NOOP(
        "Messages", "The customer book is open in another window. Close it there and try again."
    ),
    ErrorCode.hq_address_invalid: QT_TRANSLATE_NOOP(
        "Messages", "That is not an HQ address. It looks like https://hq.example.cn or 192.168.1.10:8710."
    ),
    ErrorCode.customer_missing: QT_TRANSLATE_NOOP("Messages", "This customer is no longer in the book."),
    ErrorCode.name_missing: QT_TRANSLATE_NOOP("Messages", "A name is needed."),
    ErrorCode.name_too_long: QT_TRANSLATE_NOOP("Messages", "The name is too long."),
    ErrorCode.gender_invalid: QT_TRANSLATE_NOOP("Messages", "Gender must be male, female or left empty."),
    ErrorCode.phone_invalid: QT_TRANSLATE_NOOP(
        "Messages", "That is not a mobile number: it needs 11 digits starting with 1."
    ),
    ErrorCode.date_invalid: QT_TRANSLATE_NOOP("Messages", "That date is not possible."),
    ErrorCode.text_too_long: QT_TRANSLATE_NOOP("Messages", "The text is too long."),
    ErrorCode.field_unknown: QT_TRANSLATE_NOOP("Messages", "That field cannot be changed."),
    ErrorCode.merge_self: QT_TRANSLATE_NOOP("Messages", "A customer cannot be merged with themselves."),
    ErrorCode.tag_missing: QT_TRANSLATE_NOOP("Messages", "That tag is no longer there."),
    ErrorCode.tag_name_invalid: QT_TRANSLATE_NOOP("Messages", "A tag name needs 1 to 20 characters."),
    ErrorCode.tag_not_on_customer: QT_TRANSLATE_NOOP("Messages", "The customer does not have that tag."),
    ErrorCode.follow_up_missing: QT_TRANSLATE_NOOP("Messages", "That follow-up is no longer there."),
    ErrorCode.follow_up_closed: QT_TRANSLATE_NOOP("Messages", "That follow-up is already done or cancelled."),
    ErrorCode.follow_up_in_past: QT_TRANSLATE_NOOP("Messages", "Pick a time from now on, not in the past."),
    ErrorCode.order_recorded: QT_TRANSLATE_NOOP("Messages", "This order number is already recorded."),
    ErrorCode.sale_in_future: QT_TRANSLATE_NOOP("Messages", "The sale's time is in the future."),
    ErrorCode.sale_invalid: QT_TRANSLATE_NOOP("Messages", "The sale is not complete or not valid."),
    ErrorCode.sale_not_attributable: QT_TRANSLATE_NOOP(
        "Messages", "This sale cannot be credited to you under HQ's rules."
    ),
    ErrorCode.sale_items_mismatch: QT_TRANSLATE_NOOP(
        "Messages", "The items do not add up to the amount. List each item at the price paid, or none."
    ),
    ErrorCode.sale_missing: QT_TRANSLATE_NOOP("Messages", "That sale is no longer in the book."),
    ErrorCode.sale_voided: QT_TRANSLATE_NOOP(
        "Messages", "This sale was voided. A void is final: record the sale again if it did happen."
    ),
    ErrorCode.sale_amount_unchanged: QT_TRANSLATE_NOOP(
        "Messages", "That is already the sale's amount. Enter the amount actually paid."
    ),
    ErrorCode.sale_refused_by_hq: QT_TRANSLATE_NOOP(
        "Messages", "HQ refused this sale, so there is nothing to amend there. Void it, or record it again."
    ),
    ErrorCode.correction_reason_missing: QT_TRANSLATE_NOOP("Messages", "Say why the sale is corrected."),
    ErrorCode.content_missing: QT_TRANSLATE_NOOP("Messages", "That content is no longer in the library."),
    ErrorCode.task_missing: QT_TRANSLATE_NOOP("Messages", "That task is no longer there."),
    ErrorCode.task_target_missing: QT_TRANSLATE_NOOP("Messages", "That customer is no longer on this task."),
    ErrorCode.task_count_invalid: QT_TRANSLATE_NOOP("Messages", "The count must be 0 or more."),
    ErrorCode.task_counted_by_customer: QT_TRANSLATE_NOOP(
        "Messages", "This task counts by customer: tick its customers instead."
    ),
    ErrorCode.skip_reason_missing: QT_TRANSLATE_NOOP("Messages", "Say why this customer is skipped."),
    ErrorCode.import_unreadable: QT_TRANSLATE_NOOP("Messages", "The file cannot be read."),
    ErrorCode.import_not_xlsx: QT_TRANSLATE_NOOP(
        "Messages", "This is not an .xlsx workbook. Save it as .xlsx in Excel or WPS and try again."
    ),
    ErrorCode.import_too_large: QT_TRANSLATE_NOOP("Messages", "The file is too large to import."),
    ErrorCode.import_sheet_missing: QT_TRANSLATE_NOOP("Messages", "The workbook has no such sheet."),
    ErrorCode.import_no_header: QT_TRANSLATE_NOOP(
        "Messages", "No header row was found: the first rows should name the columns (姓名, 手机…)."
    ),
    ErrorCode.import_malformed: QT_TRANSLATE_NOOP(
        "Messages", "The workbook is damaged inside. Open it in Excel or WPS, save it again, and retry."
    ),
    ErrorCode.import_suspicious: QT_TRANSLATE_NOOP(
        "Messages", "The file unpacks far larger than any real workbook and was refused to protect this PC."
    ),
    ErrorCode.import_already_in_book: QT_TRANSLATE_NOOP(
        "Messages", "Skipped: a customer with this phone is already in the book."
    ),
    ErrorCode.import_rows_merged: QT_TRANSLATE_NOOP(
        "Messages", "Repeated in the file: merged into the first row with this phone."
    ),
    ErrorCode.import_totals_row: QT_TRANSLATE_NOOP("Messages", "Skipped: a totals row, not a customer."),
    ErrorCode.import_formula_text_kept: QT_TRANSLATE_NOOP(
        "Messages", "A formula without a saved value: its text was kept."
    ),
    ErrorCode.import_formula_value_lost: QT_TRANSLATE_NOOP(
        "Messages", "A formula without a saved value: the cell was left empty."
    ),
    ErrorCode.date_ambiguous: QT_TRANSLATE_NOOP(
        "Messages", "The date could be read more than one way, so it was not guessed."
    ),
    ErrorCode.offline: QT_TRANSLATE_NOOP(
        "Messages", "HQ cannot be reached. Everything is kept on this PC and goes with the next sync."
    ),
    ErrorCode.hq_timeout: QT_TRANSLATE_NOOP(
        "Messages", "HQ is not answering in time. Everything is kept on this PC; sync will try again."
    ),
    ErrorCode.sign_in_needed: QT_TRANSLATE_NOOP(
        "Messages", "Your sign-in to HQ has expired. Sign out and in again to sync."
    ),
    ErrorCode.password_missing: QT_TRANSLATE_NOOP("Messages", "Enter your password."),
    ErrorCode.wrong_password: QT_TRANSLATE_NOOP(
        "Messages", "The login or the password is wrong. Check both and try again."
    ),
    ErrorCode.account_locked: QT_TRANSLATE_NOOP(
        "Messages",
        "This login is locked after too many wrong passwords. Try again later, or ask your manager "
        "to reset your password.",
    ),
    ErrorCode.account_disabled: QT_TRANSLATE_NOOP(
        "Messages", "This account has been switched off at HQ. Ask your manager if you should still have it."
    ),
    ErrorCode.too_many_sign_ins: QT_TRANSLATE_NOOP(
        "Messages", "HQ is taking too many sign-ins right now. Wait a moment and try again."
    ),
    ErrorCode.offline_password_wrong: QT_TRANSLATE_NOOP(
        "Messages",
        "HQ cannot be reached, and this is not the password you last signed in with on this PC.",
    ),
    ErrorCode.offline_never_signed_in: QT_TRANSLATE_NOOP(
        "Messages",
        "HQ cannot be reached, and this login has not signed in on this PC before, so it cannot open "
        "offline. Check the HQ address and this PC's network (cable or Wi-Fi), then try again.",
    ),
    ErrorCode.not_a_guide: QT_TRANSLATE_NOOP(
        "Messages", "This login is not a store guide's. Managers and HQ use their own workspaces."
    ),
    ErrorCode.hq_refused: QT_TRANSLATE_NOOP("Messages", "HQ refused the request."),
    ErrorCode.malformed_answer: QT_TRANSLATE_NOOP(
        "Messages", "HQ sent an answer this app cannot read; nothing on this PC was changed."
    ),
    ErrorCode.answer_too_large: QT_TRANSLATE_NOOP(
        "Messages", "HQ sent an answer larger than allowed; nothing on this PC was changed."
    ),
    ErrorCode.asset_hash_mismatch: QT_TRANSLATE_NOOP(
        "Messages",
        "A downloaded file did not match HQ's fingerprint and was thrown away; it will be fetched again.",
    ),
    ErrorCode.client_too_old: QT_TRANSLATE_NOOP(
        "Messages",
        "This version of Guide Desk is too old for HQ, so sync is paused. Your sales and work stay "
        "safely on this PC and go up to HQ after the update. To update, choose Help → Check for "
        "updates…, or ask your store manager or IT.",
    ),
    ErrorCode.hq_too_old: QT_TRANSLATE_NOOP(
        "Messages",
        "HQ runs an older version than this Guide Desk, so sync is paused and nothing was sent. Your "
        "sales and work stay safely on this PC and go up to HQ once HQ is updated. Tell your store "
        "manager or IT.",
    ),
    ErrorCode.update_refused: QT_TRANSLATE_NOOP(
        "Messages",
        "The update does not match its signature, so it was refused. Nothing was changed: this "
        "version goes on working. Tell HQ's IT staff.",
    ),
    ErrorCode.updates_not_set_up: QT_TRANSLATE_NOOP(
        "Messages",
        "Updates are not set up for this copy of Guide Desk. Ask HQ's IT staff for an installer.",
    ),
    ErrorCode.update_not_installed: QT_TRANSLATE_NOOP(
        "Messages",
        "Updates apply to copies installed with the Guide Desk installer. This copy runs from an "
        "unpacked folder or from source, so it is not updated here.",
    ),
    ErrorCode.update_not_newer: QT_TRANSLATE_NOOP(
        "Messages",
        "This update is not newer than the version installed here, or it was rolled back here "
        "before. Nothing was changed.",
    ),
    ErrorCode.update_unusable: QT_TRANSLATE_NOOP(
        "Messages",
        "The update's archive cannot be unpacked safely, so it was refused. Nothing was changed: "
        "this version goes on working. Tell HQ's IT staff.",
    ),
    ErrorCode.update_disk: QT_TRANSLATE_NOOP(
        "Messages",
        "The update could not be written to this PC's disk (it may be full). Nothing was changed: "
        "this version goes on working.",
    ),
    ErrorCode.rollback_unavailable: QT_TRANSLATE_NOOP(
        "Messages", "No earlier version is kept on this PC, so there is nothing to roll back to."
    ),
    ErrorCode.launcher_missing: QT_TRANSLATE_NOOP(
        "Messages",
        "The Guide Desk launcher is missing from its folder, so it cannot restart by itself. Close "
        "Guide Desk and start it from its shortcut; reinstall it if that fails.",
    ),
    ErrorCode.task_title_missing: QT_TRANSLATE_NOOP("Messages", "A task needs a title."),
    ErrorCode.task_due_in_past: QT_TRANSLATE_NOOP("Messages", "The due time must be later than now."),
    ErrorCode.task_target_invalid: QT_TRANSLATE_NOOP(
        "Messages", "The target must be between 1 and 100,000 customers."
    ),
    ErrorCode.task_too_much_content: QT_TRANSLATE_NOOP("Messages", "A task can carry at most 20 items."),
    ErrorCode.task_assignees_missing: QT_TRANSLATE_NOOP(
        "Messages", "Choose the guides, the store or the region the task is for."
    ),
    ErrorCode.dispute_reason_missing: QT_TRANSLATE_NOOP(
        "Messages", "Say why the order is credited to this guide."
    ),
    ErrorCode.dispute_claim_withdrawn: QT_TRANSLATE_NOOP(
        "Messages", "That guide withdrew (voided) their claim; credit one of the live claims."
    ),
    ErrorCode.target_amount_invalid: QT_TRANSLATE_NOOP(
        "Messages", "Type the target in yuan, e.g. 120,000 or 1,299.50 (at most 2 decimals, not negative)."
    ),
    ErrorCode.target_amount_too_large: QT_TRANSLATE_NOOP(
        "Messages", "That target is larger than HQ accepts (at most ¥10,000,000.00)."
    ),
    ErrorCode.target_amount_missing: QT_TRANSLATE_NOOP(
        "Messages", "A target once set cannot be left empty: type 0 for no target."
    ),
    ErrorCode.sheet_range_invalid: QT_TRANSLATE_NOOP(
        "Messages", "The first day must not be after the last day."
    ),
    ErrorCode.sheet_scope_missing: QT_TRANSLATE_NOOP("Messages", "Choose the region or the store."),
    ErrorCode.sheet_range_too_long: QT_TRANSLATE_NOOP(
        "Messages", "One sheet covers at most 366 days: export a longer time in parts."
    ),
    ErrorCode.sheet_days_outside: QT_TRANSLATE_NOOP(
        "Messages", "Choose days between the years 2000 and 2099."
    ),
    ErrorCode.login_invalid: QT_TRANSLATE_NOOP(
        "Messages", "A login is 1 to 64 letters or digits; it may also use . _ - and @."
    ),
    ErrorCode.store_code_invalid: QT_TRANSLATE_NOOP(
        "Messages", "A store code is 1 to 40 letters or digits; it may also use . _ and -."
    ),
    ErrorCode.passwords_differ: QT_TRANSLATE_NOOP("Messages", "The two passwords are not the same."),
    ErrorCode.password_too_short: QT_TRANSLATE_NOOP("Messages", "A password needs at least 8 characters."),
    ErrorCode.content_file_unreadable: QT_TRANSLATE_NOOP(
        "Messages", "That file cannot be read. Check that it is still there and not open in another program."
    ),
    ErrorCode.content_file_empty: QT_TRANSLATE_NOOP("Messages", "That file is empty."),
    ErrorCode.content_file_too_large: QT_TRANSLATE_NOOP(
        "Messages", "That file is larger than HQ takes (200 MB). Make it smaller and choose it again."
    ),
}

PROBLEM_SENTENCES: dict[SyncProblemKind, str] = {
    SyncProblemKind.task_unreadable: QT_TRANSLATE_NOOP(
        "Messages",
        "A task from HQ cannot be read by this version of the app and was left out. Update the app.",
    ),
    SyncProblemKind.upload_rejected: QT_TRANSLATE_NOOP(
        "Messages", "HQ refused an upload. Check it and record it again if it was a mistake."
    ),
    SyncProblemKind.upload_conflict: QT_TRANSLATE_NOOP(
        "Messages", "HQ already holds a different record under this id and kept the first."
    ),
    SyncProblemKind.order_disputed: QT_TRANSLATE_NOOP(
        "Messages",
        "Another guide of your store claimed this order first. Your manager decides who is credited.",
    ),
    SyncProblemKind.file_failed: QT_TRANSLATE_NOOP(
        "Messages", "A content file could not be downloaded. It is tried again at the next sync."
    ),
}

UPLOAD_WORDS: dict[UploadState, str] = {
    UploadState.waiting: QT_TRANSLATE_NOOP("Messages", "waiting to upload"),
    UploadState.counted: QT_TRANSLATE_NOOP("Messages", "counted at HQ"),
    UploadState.disputed: QT_TRANSLATE_NOOP("Messages", "disputed"),
    UploadState.rejected: QT_TRANSLATE_NOOP("Messages", "refused by HQ"),
}

# Where a sale stands, sentence by sentence (guide_app.sync.problems.SALE_PHRASES_EN, the same
# English): %1, %2, %3 are names, order numbers, amounts and HQ's or the manager's own words.
SALE_PHRASES: dict[SalePhrase, str] = {
    SalePhrase.waiting: QT_TRANSLATE_NOOP("Messages", "Waiting to upload: it goes to HQ with the next sync."),
    SalePhrase.counted: QT_TRANSLATE_NOOP("Messages", "Counted at HQ for you."),
    SalePhrase.refused: QT_TRANSLATE_NOOP("Messages", "Refused by HQ: %1"),
    SalePhrase.disputed_unnamed: QT_TRANSLATE_NOOP(
        "Messages",
        "Disputed: another guide of your store claimed order %1 first; your manager will settle it.",
    ),
    SalePhrase.disputed_yours: QT_TRANSLATE_NOOP(
        "Messages", "Disputed: %1 also claims order %2; counted for you until your manager settles it."
    ),
    SalePhrase.disputed_theirs: QT_TRANSLATE_NOOP(
        "Messages", "Disputed: %1 also claims order %2; counted for %3 until your manager settles it."
    ),
    SalePhrase.settled_yours: QT_TRANSLATE_NOOP(
        "Messages", "Counted for you: your manager %1 settled order %2 in your favour."
    ),
    SalePhrase.settled_theirs: QT_TRANSLATE_NOOP(
        "Messages", "Not counted for you: your manager %1 credited order %2 to %3."
    ),
    SalePhrase.others_withdrew: QT_TRANSLATE_NOOP(
        "Messages", "Counted for you: the other claims on order %1 were withdrawn."
    ),
    SalePhrase.none_counted: QT_TRANSLATE_NOOP(
        "Messages", "Not counted for you: HQ counts no claim on order %1 now; your manager will settle it."
    ),
    SalePhrase.decision_reason: QT_TRANSLATE_NOOP("Messages", "Reason: %1"),
    SalePhrase.void_waiting: QT_TRANSLATE_NOOP("Messages", "Voided here; HQ learns of it at the next sync."),
    SalePhrase.voided: QT_TRANSLATE_NOOP("Messages", "Voided: HQ no longer counts it."),
    SalePhrase.void_local: QT_TRANSLATE_NOOP("Messages", "Voided here; HQ never counted it."),
    SalePhrase.amend_waiting: QT_TRANSLATE_NOOP(
        "Messages", "Amended to %1; HQ learns of it at the next sync."
    ),
    SalePhrase.amended: QT_TRANSLATE_NOOP("Messages", "Amended to %1 at HQ."),
    SalePhrase.correction_refused: QT_TRANSLATE_NOOP("Messages", "HQ refused the correction: %1"),
}


def translate(source: str) -> str:
    return QCoreApplication.translate(CONTEXT, source)


def describe_code(code: str | ErrorCode | None) -> str:
    """The sentence for an error code (a stored one may be from an older or newer version)."""
    try:
        known = ErrorCode(code) if code is not None else ErrorCode.error
    except ValueError:
        known = ErrorCode.error
    return translate(ERROR_SENTENCES[known])


def describe(error: BaseException) -> str:
    """What to tell the guide about a failed call."""
    if isinstance(error, GuideError):
        wait = error.details.get("retry_after")
        if isinstance(wait, int) and wait > 0 and error.code in _WAITS:
            return _WAITS[error.code](wait)
        if error.code is ErrorCode.client_too_old:
            return _too_old_with_releases(error)
        return describe_code(error.code)
    return translate(ERROR_SENTENCES[ErrorCode.error])


def describe_refusal(error: BaseException) -> str:
    """`describe(error)`, followed for a refusal of HQ's by HQ's own reason (what a workspace
    form shows under itself: HQ's checks name the field the form's own checks missed)."""
    words = describe(error)
    if isinstance(error, GuideError) and error.code is ErrorCode.hq_refused and error.message:
        return f"{words} ({error.message})"
    return words


def _too_old_with_releases(error: GuideError) -> str:
    """The sentence for an app below HQ's minimum, with the releases HQ named when it named them."""
    words = describe_code(error.code)
    minimum, latest = error.details.get("minimum"), error.details.get("latest")
    if not isinstance(minimum, str) or not isinstance(latest, str):
        return words
    releases = (
        QCoreApplication.translate(
            "Messages", "This PC has version %1; HQ needs %2 or newer (the latest is %3)."
        )
        .replace("%1", str(error.details.get("version") or "?"))
        .replace("%2", minimum)
        .replace("%3", latest)
    )
    return "".join(_spaced([words, releases]))


def _locked_for(seconds: int) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return QCoreApplication.translate(
        "Messages",
        "This login is locked after too many wrong passwords. Try again in %n minute(s), or ask your "
        "manager to reset your password.",
        "",
        minutes,
    )


def _throttled_for(seconds: int) -> str:
    if seconds < 60:
        return QCoreApplication.translate(
            "Messages", "HQ is taking too many sign-ins right now. Try again in %n second(s).", "", seconds
        )
    minutes = math.ceil(seconds / 60)  # a plain name: pyside6-lupdate 6.11 skips a plural's expression
    return QCoreApplication.translate(
        "Messages", "HQ is taking too many sign-ins right now. Try again in %n minute(s).", "", minutes
    )


# Refusals that say when to try again (HQ's Retry-After), and the sentence that says it.
_WAITS: dict[ErrorCode, Callable[[int], str]] = {
    ErrorCode.account_locked: _locked_for,
    ErrorCode.too_many_sign_ins: _throttled_for,
}


def describe_problem(kind: SyncProblemKind | str) -> str:
    try:
        return translate(PROBLEM_SENTENCES[SyncProblemKind(kind)])
    except ValueError:
        return translate(ERROR_SENTENCES[ErrorCode.error])


def upload_words(state: UploadState) -> str:
    return translate(UPLOAD_WORDS[state])


def sale_words(standing: SaleStanding) -> str:
    """Where a sale stands, in the guide's language: "Disputed: 李娜 also claims order 1234;
    counted for you until your manager settles it." Names, orders and HQ's words stay as sent."""
    sentences = [fill(translate(SALE_PHRASES[phrase]), args) for phrase, args in standing.phrases]
    return "".join(_spaced(sentences))


def _spaced(sentences: list[str]) -> Iterator[str]:
    """Sentences one after another: a space after a Latin full stop, none after a Chinese one (。)."""
    for index, sentence in enumerate(sentences):
        yield sentence if index == 0 or sentences[index - 1].endswith("。") else " " + sentence
