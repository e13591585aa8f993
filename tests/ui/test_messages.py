"""Every reason the core gives, and every sync problem, has the guide's sentence in both languages."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from guide_app.errors import ErrorCode, GuideError
from guide_app.sync.problems import SyncProblemKind, UploadState
from ui.messages import ERROR_SENTENCES, PROBLEM_SENTENCES, UPLOAD_WORDS, describe, describe_code


def test_every_error_code_and_problem_kind_has_a_sentence() -> None:
    assert set(ERROR_SENTENCES) == set(ErrorCode)
    assert set(PROBLEM_SENTENCES) == set(SyncProblemKind)
    assert set(UPLOAD_WORDS) == set(UploadState)


def test_a_failure_is_told_in_chinese(qapp: QApplication) -> None:
    told = describe(GuideError("phone '12345' is too short", code=ErrorCode.phone_invalid))
    assert told and not any("a" <= char.lower() <= "z" for char in told), told


def test_a_code_from_another_version_still_gets_a_sentence(qapp: QApplication) -> None:
    assert describe_code("a_reason_from_the_future") == describe_code(ErrorCode.error)
