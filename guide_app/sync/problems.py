"""What a sync could not do, in plain words, and where HQ's answers and notices leave a sale."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import Select, and_, select
from sqlalchemy.orm import aliased
from sqlmodel import col

from guide_app.book.models import HqRecord, Outbox, Sale
from guide_app.book.outbox import OutboxStatus
from guide_app.protocol import (
    EntityKind,
    EventKind,
    PushFlag,
    SaleCorrectionAction,
    SaleDisputeNotice,
)


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
    if event.kind == EventKind.sale_correction:
        return f"{body.get('action', 'correction')} of sale {body.get('sale_id', '?')}"
    if event.kind == EventKind.content_usage:
        return f"use of content item {body.get('content_id', '?')}"
    if event.kind == EventKind.book_stats:
        return f"book statistics of {body.get('day', '?')}"
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


# --------------------------------------------------------------------------- a sale's standing


@dataclass(frozen=True, slots=True)
class DisputeSeen:
    """HQ's notice of an order other guides of the store also claim, seen from this guide's claim."""

    others: tuple[str, ...]  # the other guides whose claims stand (voided claims left out)
    counted_for_me: bool
    counted_for: str  # the guide whose claim counts; empty when none does
    decided_by: str | None  # the manager who settled it, once settled
    decision_reason: str | None

    @property
    def unsettled(self) -> bool:
        return self.decided_by is None and bool(self.others)


def dispute_seen(notice: SaleDisputeNotice, sale_id: str) -> DisputeSeen:
    others = (
        claim.guide_name for claim in notice.claims if not claim.voided and str(claim.event_id) != sale_id
    )
    counted = notice.counted_event_id is not None and str(notice.counted_event_id) == sale_id
    return DisputeSeen(
        tuple(dict.fromkeys(others)),
        counted,
        notice.counted_guide_name,
        notice.decided_by,
        notice.decision_reason,
    )


def sale_upload_state(event: Outbox | None, dispute: DisputeSeen | None) -> UploadState:
    """A sale's state from HQ's answer to it and HQ's later notice about its order: while another
    guide's claim stands unsettled the sale is disputed, whoever it counts for; once settled (or
    the other claims are voided) it is counted if it counts for this guide, else disputed."""
    if event is None:  # every sale is recorded with its event; a book never loses one
        return UploadState.waiting
    state = upload_state(event)
    if dispute is None or state not in (UploadState.counted, UploadState.disputed):
        return state
    if dispute.unsettled or not dispute.counted_for_me:
        return UploadState.disputed
    return UploadState.counted


class SalePhrase(StrEnum):
    """One sentence of what the guide is told about a sale; the UI keeps a translation of each."""

    waiting = "waiting"
    counted = "counted"
    refused = "refused"  # %1: HQ's reason
    disputed_unnamed = "disputed_unnamed"  # %1: order no
    disputed_yours = "disputed_yours"  # %1: the others, %2: order no
    disputed_theirs = "disputed_theirs"  # %1: the others, %2: order no, %3: whom it counts for
    settled_yours = "settled_yours"  # %1: manager, %2: order no
    settled_theirs = "settled_theirs"  # %1: manager, %2: order no, %3: whom it counts for
    others_withdrew = "others_withdrew"  # %1: order no
    none_counted = "none_counted"  # %1: order no
    decision_reason = "decision_reason"  # %1: the manager's reason
    void_waiting = "void_waiting"
    voided = "voided"
    void_local = "void_local"
    amend_waiting = "amend_waiting"  # %1: the amount in force
    amended = "amended"  # %1: the amount in force
    correction_refused = "correction_refused"  # %1: HQ's reason


#: The English sentences (logs, the command line); %1, %2, %3 are filled in order.
SALE_PHRASES_EN: dict[SalePhrase, str] = {
    SalePhrase.waiting: "Waiting to upload: it goes to HQ with the next sync.",
    SalePhrase.counted: "Counted at HQ for you.",
    SalePhrase.refused: "Refused by HQ: %1",
    SalePhrase.disputed_unnamed: (
        "Disputed: another guide of your store claimed order %1 first; your manager will settle it."
    ),
    SalePhrase.disputed_yours: (
        "Disputed: %1 also claims order %2; counted for you until your manager settles it."
    ),
    SalePhrase.disputed_theirs: (
        "Disputed: %1 also claims order %2; counted for %3 until your manager settles it."
    ),
    SalePhrase.settled_yours: "Counted for you: your manager %1 settled order %2 in your favour.",
    SalePhrase.settled_theirs: "Not counted for you: your manager %1 credited order %2 to %3.",
    SalePhrase.others_withdrew: "Counted for you: the other claims on order %1 were withdrawn.",
    SalePhrase.none_counted: (
        "Not counted for you: HQ counts no claim on order %1 now; your manager will settle it."
    ),
    SalePhrase.decision_reason: "Reason: %1",
    SalePhrase.void_waiting: "Voided here; HQ learns of it at the next sync.",
    SalePhrase.voided: "Voided: HQ no longer counts it.",
    SalePhrase.void_local: "Voided here; HQ never counted it.",
    SalePhrase.amend_waiting: "Amended to %1; HQ learns of it at the next sync.",
    SalePhrase.amended: "Amended to %1 at HQ.",
    SalePhrase.correction_refused: "HQ refused the correction: %1",
}

Phrase = tuple[SalePhrase, tuple[str, ...]]


def fill(template: str, args: tuple[str, ...]) -> str:
    """%1, %2… replaced in one pass (an argument that itself holds "%2" stays as typed)."""

    def argument(found: re.Match[str]) -> str:
        index = int(found[1]) - 1
        return args[index] if index < len(args) else found[0]

    return re.sub(r"%([1-9])", argument, template)


@dataclass(frozen=True, slots=True)
class SaleStanding:
    """Where one sale stands with HQ, with everything the guide is told about it."""

    order_no: str
    upload: UploadState  # of the sale itself
    hq_reason: str  # HQ's words when it refused the sale
    dispute: DisputeSeen | None
    amount_fen: int  # in force after corrections
    voided: bool
    correction: SaleCorrectionAction | None  # the latest correction, if any
    correction_upload: UploadState | None  # None: no correction, or a void HQ never needs
    correction_reason: str  # HQ's words when it refused the correction

    @property
    def phrases(self) -> list[Phrase]:
        correction = self._correction_phrase()
        if self.voided and self.correction_upload in (UploadState.counted, None):
            return [correction] if correction else []
        return [*self._sale_phrases(), *([correction] if correction else [])]

    @property
    def words(self) -> str:
        return " ".join(fill(SALE_PHRASES_EN[phrase], args) for phrase, args in self.phrases)

    def _sale_phrases(self) -> list[Phrase]:
        if self.upload is UploadState.waiting:
            return [(SalePhrase.waiting, ())]
        if self.upload is UploadState.rejected:
            return [(SalePhrase.refused, (self.hq_reason,))]
        dispute, order = self.dispute, self.order_no
        if dispute is None:
            if self.upload is UploadState.disputed:
                return [(SalePhrase.disputed_unnamed, (order,))]
            return [(SalePhrase.counted, ())]
        others = ", ".join(dispute.others)
        if dispute.decided_by is not None:
            said = (
                [(SalePhrase.decision_reason, (dispute.decision_reason,))] if dispute.decision_reason else []
            )
            if dispute.counted_for_me:
                return [(SalePhrase.settled_yours, (dispute.decided_by, order)), *said]
            return [(SalePhrase.settled_theirs, (dispute.decided_by, order, dispute.counted_for)), *said]
        if not dispute.others:
            alone = SalePhrase.others_withdrew if dispute.counted_for_me else SalePhrase.none_counted
            return [(alone, (order,))]
        if dispute.counted_for_me:
            return [(SalePhrase.disputed_yours, (others, order))]
        return [(SalePhrase.disputed_theirs, (others, order, dispute.counted_for))]

    def _correction_phrase(self) -> Phrase | None:
        if self.correction is None:
            return None
        if self.correction_upload is UploadState.rejected:
            return (SalePhrase.correction_refused, (self.correction_reason,))
        waiting = self.correction_upload is UploadState.waiting
        if self.correction is SaleCorrectionAction.void:
            if self.correction_upload is None:
                return (SalePhrase.void_local, ())
            return (SalePhrase.void_waiting if waiting else SalePhrase.voided, ())
        amount = (f"¥{self.amount_fen / 100:,.2f}",)
        return (SalePhrase.amend_waiting if waiting else SalePhrase.amended, amount)


_SENT = aliased(Outbox, name="sent")
_CORRECTION = aliased(Outbox, name="correction")
_NOTICE = aliased(HqRecord, name="notice")


#: A sale, its own event, its latest correction's event, HQ's notice (the last three outer-joined:
#: None when missing, whatever the typing says).
StandingQuery = Select[Sale, Outbox, Outbox, HqRecord]


def standing_query() -> StandingQuery:
    """Sales with all their standing is read from, in one statement: the sale's own event, its
    latest correction's event and HQ's dispute notice about its order."""
    return (
        select(Sale, _SENT, _CORRECTION, _NOTICE)
        .outerjoin(_SENT, col(_SENT.id) == col(Sale.id))
        .outerjoin(_CORRECTION, col(_CORRECTION.id) == col(Sale.correction_id))
        .outerjoin(
            _NOTICE,
            and_(
                col(_NOTICE.entity) == EntityKind.sale_dispute.value, col(_NOTICE.id) == col(Sale.dispute_id)
            ),
        )
    )


def standing_of(
    sale: Sale, sent: Outbox | None, correction: Outbox | None, notice: HqRecord | None
) -> SaleStanding:
    """A sale's standing from the row `standing_query` gives (notices are checked whole on pull)."""
    dispute = dispute_seen(SaleDisputeNotice.model_validate(notice.data), sale.id) if notice else None
    action = None
    if correction is not None:
        action = SaleCorrectionAction(correction.body["action"])  # checked by its schema when queued
    elif sale.corrected_at is not None:  # a void of a sale HQ refused: kept on this PC only
        action = SaleCorrectionAction.void if sale.voided_at else SaleCorrectionAction.amend
    correction_problem = upload_problem(correction) if correction is not None else None
    return SaleStanding(
        order_no=sale.order_no,
        upload=sale_upload_state(sent, dispute),
        hq_reason=(sent.reason or "") if sent is not None else "",
        dispute=dispute,
        amount_fen=sale.amount_fen,
        voided=sale.voided_at is not None,
        correction=action,
        correction_upload=upload_state(correction) if correction is not None else None,
        correction_reason=(correction.reason or "") if correction is not None and correction_problem else "",
    )
