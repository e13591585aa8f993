"""HQ tables (SQLModel). What the API accepts and returns lives in guide_app.protocol."""

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Field, SQLModel

from hq.core.db import UTCDateTime, utcnow

JsonType = JSON().with_variant(JSONB(), "postgresql")


def table_of(model: type[SQLModel]) -> Table:
    """A table model's `__table__`, which SQLModel's type hints do not declare."""
    table = sa_inspect(model).local_table
    assert isinstance(table, Table)
    return table


def _json(nullable: bool = False) -> Any:
    return Field(default=None, sa_type=JsonType, sa_column_kwargs={"nullable": nullable})


def _time(nullable: bool = False, index: bool = False) -> Any:
    if nullable:
        return Field(default=None, sa_type=UTCDateTime, nullable=True, index=index)
    return Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False, index=index)


# --------------------------------------------------------------------------- organisation


class Region(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100, unique=True)
    created_at: datetime = _time()


class Store(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=40, unique=True)
    name: str = Field(max_length=100)
    region_id: int = Field(foreign_key="region.id", index=True)
    city: str = Field(default="", max_length=60)
    created_at: datetime = _time()


class Account(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    login: str = Field(max_length=64, unique=True)
    display_name: str = Field(max_length=100)
    role: str = Field(max_length=20)
    store_id: int | None = Field(default=None, foreign_key="store.id", index=True)
    region_id: int | None = Field(default=None, foreign_key="region.id", index=True)
    password_hash: str = Field(max_length=200)
    disabled: bool = Field(default=False)
    created_at: datetime = _time()
    updated_at: datetime = _time()


class LoginAttempt(SQLModel, table=True):
    """Failed sign-ins per login as typed, whether or not an account has it (so the lockout
    reveals nothing), counted before each password check."""

    __tablename__ = "login_attempt"
    login: str = Field(primary_key=True, max_length=64)
    failures: int
    window_start: datetime | None = _time(nullable=True)
    locked_until: datetime | None = _time(nullable=True)


class AuthToken(SQLModel, table=True):
    __tablename__ = "auth_token"
    digest: str = Field(primary_key=True, max_length=64)
    account_id: int = Field(foreign_key="account.id", index=True)
    device_name: str = Field(default="", max_length=100)
    created_at: datetime = _time()
    expires_at: datetime = _time()
    revoked_at: datetime | None = _time(nullable=True)


# --------------------------------------------------------------------------- publications


class Asset(SQLModel, table=True):
    sha256: str = Field(primary_key=True, max_length=64)
    size: int = Field(sa_type=BigInteger)
    mime: str = Field(max_length=100)
    original_name: str = Field(default="", max_length=255)
    created_at: datetime = _time()


class ContentItem(SQLModel, table=True):
    __tablename__ = "content_item"
    id: str = Field(primary_key=True, max_length=36)
    kind: str = Field(max_length=20)
    title: str = Field(max_length=200)
    body: str = Field(default="")
    tags: list[str] = _json()
    campaign: str = Field(default="", max_length=100)
    valid_from: datetime | None = _time(nullable=True)
    valid_until: datetime | None = _time(nullable=True)
    audience: dict[str, Any] = _json()
    asset_sha256: str | None = Field(default=None, foreign_key="asset.sha256", index=True)
    link_url: str | None = Field(default=None, max_length=2000)
    product: dict[str, Any] | None = _json(nullable=True)
    stages: list[str] = Field(default_factory=list, sa_type=JsonType, sa_column_kwargs={"nullable": False})
    created_by: int = Field(foreign_key="account.id")
    created_at: datetime = _time()
    updated_at: datetime = _time()
    deleted_at: datetime | None = _time(nullable=True)


class SopTemplate(SQLModel, table=True):
    __tablename__ = "sop_template"
    id: str = Field(primary_key=True, max_length=36)
    title: str = Field(max_length=200)
    instructions: str = Field(default="")
    schedule: dict[str, Any] = _json()
    rule: dict[str, Any] = _json()
    content_ids: list[str] = _json()
    due_time: str = Field(max_length=8)
    audience: dict[str, Any] = _json()
    active: bool = Field(default=True)
    created_by: int = Field(foreign_key="account.id")
    created_at: datetime = _time()
    updated_at: datetime = _time()
    deleted_at: datetime | None = _time(nullable=True)


class ManagerTask(SQLModel, table=True):
    """A manager's (or HQ's) task; region_id is None for an HQ task spanning several regions."""

    __tablename__ = "manager_task"
    id: str = Field(primary_key=True, max_length=36)
    title: str = Field(max_length=200)
    instructions: str = Field(default="")
    due_at: datetime = _time()
    content_ids: list[str] = _json()
    rule: dict[str, Any] | None = _json(nullable=True)
    target_count: int
    region_id: int | None = Field(default=None, foreign_key="region.id", index=True)
    created_by: int = Field(foreign_key="account.id")
    cancelled: bool = Field(default=False)
    created_at: datetime = _time()
    updated_at: datetime = _time()


class TaskAssignee(SQLModel, table=True):
    __tablename__ = "task_assignee"
    task_id: str = Field(foreign_key="manager_task.id", primary_key=True, max_length=36)
    guide_id: int = Field(foreign_key="account.id", primary_key=True, index=True)


class TaskProgress(SQLModel, table=True):
    """The latest counts a guide reported for one task (and, for SOP tasks, one day)."""

    __tablename__ = "task_progress"
    __table_args__ = (UniqueConstraint("source", "task_id", "guide_id", "day"),)
    id: int | None = Field(default=None, primary_key=True)
    source: str = Field(max_length=10)
    task_id: str = Field(max_length=36)
    guide_id: int = Field(foreign_key="account.id", index=True)
    day: str = Field(default="", max_length=10)  # "" for manager tasks
    done: int
    target: int
    as_of: datetime = _time()
    updated_at: datetime = _time()


class TagGroup(SQLModel, table=True):
    __tablename__ = "tag_group"
    id: str = Field(primary_key=True, max_length=36)
    name: str = Field(max_length=40, unique=True)
    single_choice: bool = Field(default=False)
    tags: list[str] = _json()
    created_at: datetime = _time()
    updated_at: datetime = _time()
    deleted_at: datetime | None = _time(nullable=True)


class HqSetting(SQLModel, table=True):
    __tablename__ = "hq_setting"
    key: str = Field(primary_key=True, max_length=40)
    value: dict[str, Any] = _json()
    updated_at: datetime = _time()


# --------------------------------------------------------------------------- change feed


class ChangeLog(SQLModel, table=True):
    """One row per published change; `seq` is the feed's cursor."""

    __tablename__ = "change_log"
    seq: int | None = Field(
        default=None, sa_column=Column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    )
    entity: str = Field(max_length=20)
    entity_id: str = Field(max_length=36)
    op: str = Field(max_length=10)
    # The entity as the API shows it, already serialised: the feed splices it into its answer
    # (orjson.Fragment) instead of parsing and re-dumping every row.
    data: str | None = Field(default=None, sa_type=Text, nullable=True)
    created_at: datetime = _time()


class ChangeScope(SQLModel, table=True):
    """Who may see a change: everyone, a region, a store, an account, or a region's managers."""

    __tablename__ = "change_scope"
    __table_args__ = (Index("ix_change_scope_lookup", "scope_kind", "scope_id", "seq"),)
    seq: int = Field(
        sa_column=Column(
            BigInteger().with_variant(Integer, "sqlite"),
            ForeignKey("change_log.seq", ondelete="CASCADE"),
            primary_key=True,
        )
    )
    scope_kind: str = Field(sa_column=Column(String(16), primary_key=True))
    scope_id: int = Field(sa_column=Column(Integer, primary_key=True))


# --------------------------------------------------------------------------- pushed events


class PushedEvent(SQLModel, table=True):
    """Every event id ever accepted, kept forever: the idempotency record."""

    __tablename__ = "pushed_event"
    id: str = Field(primary_key=True, max_length=36)
    account_id: int = Field(foreign_key="account.id", index=True)
    kind: str = Field(max_length=20)
    body_digest: str = Field(max_length=64)
    outcome: str = Field(max_length=10)
    reason: str | None = Field(default=None, max_length=300)
    received_at: datetime = _time()


# Voided sales stay as rows (the guide's list shows them on request); only a live sale holds its
# order, so a void lets the order be counted for another claim.
LIVE_SALE = text("voided_at IS NULL")


class Sale(SQLModel, table=True):
    """A counted sale: one live row per (store, order number), for the earliest live claim."""

    __table_args__ = (
        Index(
            "ux_sale_live_order",
            "store_id",
            "order_no",
            unique=True,
            sqlite_where=LIVE_SALE,
            postgresql_where=LIVE_SALE,
        ),
        Index("ix_sale_guide_sold", "guide_id", "sold_at"),
        Index("ix_sale_store_sold", "store_id", "sold_at"),
    )
    id: str = Field(primary_key=True, max_length=36)
    order_no: str = Field(max_length=64)
    store_id: int = Field(foreign_key="store.id")
    guide_id: int = Field(foreign_key="account.id")
    customer_ref: str = Field(max_length=64)
    amount_fen: int = Field(sa_type=BigInteger)
    items: list[dict[str, Any]] = _json()
    sold_at: datetime = _time()
    attribution: str = Field(max_length=20)
    disputed: bool = Field(default=False, index=True)
    received_at: datetime = _time()
    original_amount_fen: int | None = Field(default=None, sa_type=BigInteger, nullable=True)
    corrected_at: datetime | None = _time(nullable=True)
    voided_at: datetime | None = _time(nullable=True)
    decided: bool = Field(default=False, index=True)  # a manager credited this order (see DisputeDecision)


class SaleClaim(SQLModel, table=True):
    """Every guide's claim on an order, with what a Sale row needs: when the counted claim is
    voided (or a manager decides), the order is counted for another claim from these columns."""

    __tablename__ = "sale_claim"
    __table_args__ = (Index("ix_sale_claim_order", "store_id", "order_no"),)
    event_id: str = Field(primary_key=True, max_length=36)
    store_id: int = Field(foreign_key="store.id")
    order_no: str = Field(max_length=64)
    guide_id: int = Field(foreign_key="account.id")
    amount_fen: int = Field(sa_type=BigInteger)
    sold_at: datetime = _time()
    received_at: datetime = _time()
    customer_ref: str = Field(default="", max_length=64)
    items: list[dict[str, Any]] = Field(
        default_factory=list, sa_type=JsonType, sa_column_kwargs={"nullable": False}
    )
    attribution: str = Field(default="owner", max_length=20)
    original_amount_fen: int | None = Field(default=None, sa_type=BigInteger, nullable=True)
    corrected_at: datetime | None = _time(nullable=True)
    # The amend in force: among amends with the same corrected_at the greatest event id wins.
    amend_event_id: str | None = Field(default=None, max_length=36, nullable=True)
    voided_at: datetime | None = _time(nullable=True)


class SaleCorrection(SQLModel, table=True):
    """Every accepted correction, kept for audit, whether or not it changed the counted amount."""

    __tablename__ = "sale_correction"
    event_id: str = Field(primary_key=True, max_length=36)
    sale_id: str = Field(foreign_key="sale_claim.event_id", max_length=36, index=True)
    guide_id: int = Field(foreign_key="account.id")
    action: str = Field(max_length=10)
    amount_fen: int | None = Field(default=None, sa_type=BigInteger, nullable=True)
    items: list[dict[str, Any]] = _json()
    reason: str = Field(max_length=200)
    corrected_at: datetime = _time()
    took_effect: bool  # False: an older amend than the one in force
    received_at: datetime = _time()


class ContentUsage(SQLModel, table=True):
    __tablename__ = "content_usage"
    event_id: str = Field(primary_key=True, max_length=36)
    account_id: int = Field(foreign_key="account.id", index=True)
    content_id: str = Field(max_length=36, index=True)
    action: str = Field(max_length=10)
    count: int
    day: str = Field(max_length=10)
    received_at: datetime = _time()


# --------------------------------------------------------------------------- targets


class SalesTarget(SQLModel, table=True):
    """A month's sales target for one guide or one store, and who set it last."""

    __tablename__ = "sales_target"
    scope: str = Field(primary_key=True, max_length=10)
    subject_id: int = Field(primary_key=True)
    month: str = Field(primary_key=True, max_length=7)
    amount_fen: int = Field(sa_type=BigInteger)
    set_by: int = Field(foreign_key="account.id")
    set_at: datetime = _time()


# --------------------------------------------------------------------------- managers' decisions, audit


class DisputeDecision(SQLModel, table=True):
    """The decision in force on a disputed order: which claim gets the credit, by whom and why.
    Every decision, earlier ones included, is also in the audit."""

    __tablename__ = "dispute_decision"
    store_id: int = Field(foreign_key="store.id", primary_key=True)
    order_no: str = Field(primary_key=True, max_length=64)
    credit_event_id: str = Field(foreign_key="sale_claim.event_id", max_length=36)
    decided_by: int = Field(foreign_key="account.id")
    reason: str = Field(max_length=200)
    decided_at: datetime = _time()


class AuditRecord(SQLModel, table=True):
    """One change of the organisation, a rule or a decision: who, when, before and after."""

    __tablename__ = "audit_record"
    __table_args__ = (Index("ix_audit_record_entity", "entity", "entity_id"),)
    id: int | None = Field(
        default=None, sa_column=Column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    )
    at: datetime = _time(index=True)
    actor_id: int = Field(foreign_key="account.id", index=True)
    entity: str = Field(max_length=20)
    entity_id: str = Field(max_length=80)
    action: str = Field(max_length=20)
    before: dict[str, Any] | None = _json(nullable=True)
    after: dict[str, Any] | None = _json(nullable=True)


# --------------------------------------------------------------------------- book statistics


class BookStats(SQLModel, table=True):
    """A guide's latest book statistics (counts only); the newest `as_of` wins."""

    __tablename__ = "book_stats"
    guide_id: int = Field(foreign_key="account.id", primary_key=True)
    event_id: str = Field(max_length=36)
    day: str = Field(max_length=10)
    as_of: datetime = _time()
    customers: int
    overdue_follow_ups: int
    cells: list[dict[str, Any]] = _json()
    received_at: datetime = _time()


class GuideDayAdded(SQLModel, table=True):
    """Customers a guide added to their book on one local day, as their newest statistics said."""

    __tablename__ = "guide_day_added"
    guide_id: int = Field(foreign_key="account.id", primary_key=True)
    day: str = Field(primary_key=True, max_length=10)
    customers: int
    as_of: datetime = _time()


# --------------------------------------------------------------------------- the version handshake


class ClientVersionPolicy(SQLModel, table=True):
    """The app releases HQ syncs with (`guide-hq client-versions set`): one row, id 1. In the
    database, not a worker's memory, so every worker and instance refuses the same clients."""

    __tablename__ = "client_version_policy"
    __table_args__ = (CheckConstraint("id = 1", name="ck_client_version_policy_one_row"),)
    id: int = Field(default=1, primary_key=True)
    minimum: str = Field(max_length=20)
    latest: str = Field(max_length=20)
    set_at: datetime = _time()
    set_by: str = Field(max_length=100)
