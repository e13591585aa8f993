"""What a sync could not do, in plain words, and the upload state HQ's answers leave a sale in."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from guide_app.book.models import Outbox
from guide_app.book.outbox import OutboxStatus
from guide_app.protocol import EventKind, PushFlag


class SyncProblemKind(StrEnum):
    """One kind of problem a sync report lists; the UI keeps a sentence and an icon for each."""

    task_unreadable = "task_unreadable"  # HQ sent a task this version cannot read: it is left out
    upload_rejected = "upload_rejected"  # HQ refused an event (a sale, progress, content use)
    upload_conflict = "upload_conflict"  # HQ holds another event under this id; it kept the first
    order_disputed = "order_disputed"  # another guide of the store claimed the same order first
    file_failed = "file_failed"  # a content item's file could not be fetched; tried again next sync


@dataclass(frozen=True, slots=True)
class SyncProblem:
    kind: SyncProblemKind
    message: str  # a whole English sentence for the guide (the UI may translate by kind)
    ref: str  # what it is about: a task id, an outbox event id (a sale's id), a content item id

    def as_json(self) -> dict[str, str]:
        return {"kind": self.kind.value, "message": self.message, "ref": self.ref}

    @classmethod
    def from_json(cls, stored: dict[str, Any]) -> SyncProblem:
        return cls(SyncProblemKind(stored["kind"]), str(stored["message"]), str(stored["ref"]))


class UploadState(StrEnum):
    """Where a recorded sale stands with HQ."""

    waiting = "waiting"  # not yet answered by HQ: it goes with the next sync
    counted = "counted"  # HQ counts it for this guide
    disputed = "disputed"  # HQ stored it, but counts another guide's claim on the order
    rejected = "rejected"  # HQ refused it (or holds something else under its id)


def upload_state(event: Outbox) -> UploadState:
    """An accepted event flagged as disputed is never plainly counted: HQ counts the other claim."""
    if event.status == OutboxStatus.pending:
        return UploadState.waiting
    if event.status in (OutboxStatus.rejected, OutboxStatus.conflict):
        return UploadState.rejected
    if PushFlag.order_disputed.value in (event.flags or []):
        return UploadState.disputed
    return UploadState.counted


def _what(event: Outbox) -> str:
    """The event in the guide's words: which sale, task or content item it carries."""
    body = event.body or {}
    if event.kind == EventKind.sale:
        return f"sale of order {body.get('order_no', event.id)}"
    if event.kind == EventKind.task_progress:
        return f"progress of task {body.get('task_id', '?')}"
    if event.kind == EventKind.content_usage:
        return f"use of content item {body.get('content_id', '?')}"
    return f"event {event.id}"


def upload_problem(event: Outbox) -> SyncProblem | None:
    """The problem HQ's answer to one event shows the guide, or None when it went well."""
    state = upload_state(event)
    reason = (event.reason or "").strip()
    if state is UploadState.disputed:
        order_no = (event.body or {}).get("order_no", event.id)
        message = (
            f"order {order_no} was also claimed by another guide of your store; HQ counts their "
            "claim for now and your manager will settle it"
        )
        if reason and reason != PushFlag.order_disputed.value:
            message += f" (HQ: {reason})"
        return SyncProblem(SyncProblemKind.order_disputed, message, event.id)
    if event.status == OutboxStatus.conflict:
        return SyncProblem(
            SyncProblemKind.upload_conflict,
            f"HQ already holds a different upload under the id of the {_what(event)}; it kept the "
            f"first one ({reason or 'no reason given'})",
            event.id,
        )
    if state is UploadState.rejected:
        return SyncProblem(
            SyncProblemKind.upload_rejected,
            f"HQ refused the {_what(event)}: {reason or 'no reason given'}",
            event.id,
        )
    return None
