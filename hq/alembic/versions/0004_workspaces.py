"""dispute decisions, the audit record, book statistics

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30

Managers credit disputed orders (`dispute_decision`, `sale.decided`); every organisation change,
rule change and decision is audited (`audit_record`); guides' apps push daily book statistics in
counts (`book_stats`, the latest per guide; `guide_day_added`, customers added per local day).
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op
from sqlalchemy.dialects import postgresql

import hq.core.db

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON_TYPE = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
TIME = hq.core.db.UTCDateTime(timezone=True)


def _text(length: int) -> sqlmodel.sql.sqltypes.AutoString:
    return sqlmodel.sql.sqltypes.AutoString(length=length)


def upgrade() -> None:
    with op.batch_alter_table("sale") as batch_op:
        batch_op.add_column(sa.Column("decided", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.create_index("ix_sale_decided", "sale", ["decided"], unique=False)
    op.create_table(
        "dispute_decision",
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("order_no", _text(64), nullable=False),
        sa.Column("credit_event_id", _text(36), nullable=False),
        sa.Column("decided_by", sa.Integer(), nullable=False),
        sa.Column("reason", _text(200), nullable=False),
        sa.Column("decided_at", TIME, nullable=False),
        sa.ForeignKeyConstraint(["store_id"], ["store.id"]),
        sa.ForeignKeyConstraint(["credit_event_id"], ["sale_claim.event_id"]),
        sa.ForeignKeyConstraint(["decided_by"], ["account.id"]),
        sa.PrimaryKeyConstraint("store_id", "order_no"),
    )
    op.create_table(
        "audit_record",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("at", TIME, nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("entity", _text(20), nullable=False),
        sa.Column("entity_id", _text(80), nullable=False),
        sa.Column("action", _text(20), nullable=False),
        sa.Column("before", JSON_TYPE, nullable=True),
        sa.Column("after", JSON_TYPE, nullable=True),
        sa.ForeignKeyConstraint(["actor_id"], ["account.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_audit_record_at", "audit_record", ["at"], unique=False)
    op.create_index("ix_audit_record_actor_id", "audit_record", ["actor_id"], unique=False)
    op.create_index("ix_audit_record_entity", "audit_record", ["entity", "entity_id"], unique=False)
    op.create_table(
        "book_stats",
        sa.Column("guide_id", sa.Integer(), nullable=False),
        sa.Column("event_id", _text(36), nullable=False),
        sa.Column("day", _text(10), nullable=False),
        sa.Column("as_of", TIME, nullable=False),
        sa.Column("customers", sa.Integer(), nullable=False),
        sa.Column("overdue_follow_ups", sa.Integer(), nullable=False),
        sa.Column("cells", JSON_TYPE, nullable=False),
        sa.Column("received_at", TIME, nullable=False),
        sa.ForeignKeyConstraint(["guide_id"], ["account.id"]),
        sa.PrimaryKeyConstraint("guide_id"),
    )
    op.create_table(
        "guide_day_added",
        sa.Column("guide_id", sa.Integer(), nullable=False),
        sa.Column("day", _text(10), nullable=False),
        sa.Column("customers", sa.Integer(), nullable=False),
        sa.Column("as_of", TIME, nullable=False),
        sa.ForeignKeyConstraint(["guide_id"], ["account.id"]),
        sa.PrimaryKeyConstraint("guide_id", "day"),
    )


def downgrade() -> None:
    op.drop_table("guide_day_added")
    op.drop_table("book_stats")
    op.drop_index("ix_audit_record_entity", table_name="audit_record")
    op.drop_index("ix_audit_record_actor_id", table_name="audit_record")
    op.drop_index("ix_audit_record_at", table_name="audit_record")
    op.drop_table("audit_record")
    op.drop_table("dispute_decision")
    op.drop_index("ix_sale_decided", table_name="sale")
    with op.batch_alter_table("sale") as batch_op:
        batch_op.drop_column("decided")
