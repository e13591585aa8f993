"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op
from sqlalchemy.dialects import postgresql

import hq.core.db

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "asset",
        sa.Column("sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("mime", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("original_name", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("created_at", hq.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("sha256"),
    )
    op.create_table(
        "change_log",
        sa.Column("seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("entity", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("entity_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("op", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("data", sa.Text(), nullable=True),
        sa.Column("created_at", hq.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("seq"),
    )
    op.create_table(
        "hq_setting",
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column(
            "value",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("updated_at", hq.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "region",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("created_at", hq.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "tag_group",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("single_choice", sa.Boolean(), nullable=False),
        sa.Column(
            "tags",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("created_at", hq.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", hq.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", hq.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "change_scope",
        sa.Column("seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("scope_kind", sa.String(length=16), nullable=False),
        sa.Column("scope_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["seq"], ["change_log.seq"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("seq", "scope_kind", "scope_id"),
    )
    with op.batch_alter_table("change_scope", schema=None) as batch_op:
        batch_op.create_index("ix_change_scope_lookup", ["scope_kind", "scope_id", "seq"], unique=False)

    op.create_table(
        "store",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("city", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("created_at", hq.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["region_id"],
            ["region.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )
    with op.batch_alter_table("store", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_store_region_id"), ["region_id"], unique=False)

    op.create_table(
        "account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("login", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("display_name", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=True),
        sa.Column("region_id", sa.Integer(), nullable=True),
        sa.Column("password_hash", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("failure_window_start", hq.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("locked_until", hq.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", hq.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", hq.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["region_id"],
            ["region.id"],
        ),
        sa.ForeignKeyConstraint(
            ["store_id"],
            ["store.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("login"),
    )
    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_account_region_id"), ["region_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_account_store_id"), ["store_id"], unique=False)

    op.create_table(
        "auth_token",
        sa.Column("digest", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("device_name", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("created_at", hq.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", hq.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", hq.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["account.id"],
        ),
        sa.PrimaryKeyConstraint("digest"),
    )
    with op.batch_alter_table("auth_token", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_auth_token_account_id"), ["account_id"], unique=False)

    op.create_table(
        "content_item",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("body", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column(
            "tags",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("campaign", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("valid_from", hq.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("valid_until", hq.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column(
            "audience",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("asset_sha256", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("link_url", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=True),
        sa.Column(
            "product",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.Column("created_at", hq.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", hq.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", hq.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["asset_sha256"],
            ["asset.sha256"],
        ),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["account.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("content_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_content_item_asset_sha256"), ["asset_sha256"], unique=False)

    op.create_table(
        "content_usage",
        sa.Column("event_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("content_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("action", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("day", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("received_at", hq.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["account.id"],
        ),
        sa.PrimaryKeyConstraint("event_id"),
    )
    with op.batch_alter_table("content_usage", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_content_usage_account_id"), ["account_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_content_usage_content_id"), ["content_id"], unique=False)

    op.create_table(
        "manager_task",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("instructions", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("due_at", hq.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column(
            "content_ids",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "rule",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.Column("target_count", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.Column("cancelled", sa.Boolean(), nullable=False),
        sa.Column("created_at", hq.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", hq.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["account.id"],
        ),
        sa.ForeignKeyConstraint(
            ["region_id"],
            ["region.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("manager_task", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_manager_task_region_id"), ["region_id"], unique=False)

    op.create_table(
        "pushed_event",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("body_digest", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("outcome", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
        sa.Column("received_at", hq.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["account.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("pushed_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pushed_event_account_id"), ["account_id"], unique=False)

    op.create_table(
        "sale",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("order_no", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("guide_id", sa.Integer(), nullable=False),
        sa.Column("customer_ref", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("amount_fen", sa.BigInteger(), nullable=False),
        sa.Column(
            "items",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("sold_at", hq.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("attribution", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("disputed", sa.Boolean(), nullable=False),
        sa.Column("received_at", hq.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["guide_id"],
            ["account.id"],
        ),
        sa.ForeignKeyConstraint(
            ["store_id"],
            ["store.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("store_id", "order_no"),
    )
    with op.batch_alter_table("sale", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sale_disputed"), ["disputed"], unique=False)
        batch_op.create_index("ix_sale_guide_sold", ["guide_id", "sold_at"], unique=False)

    op.create_table(
        "sale_claim",
        sa.Column("event_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("order_no", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("guide_id", sa.Integer(), nullable=False),
        sa.Column("amount_fen", sa.BigInteger(), nullable=False),
        sa.Column("sold_at", hq.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("received_at", hq.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["guide_id"],
            ["account.id"],
        ),
        sa.ForeignKeyConstraint(
            ["store_id"],
            ["store.id"],
        ),
        sa.PrimaryKeyConstraint("event_id"),
    )
    with op.batch_alter_table("sale_claim", schema=None) as batch_op:
        batch_op.create_index("ix_sale_claim_order", ["store_id", "order_no"], unique=False)

    op.create_table(
        "sop_template",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("instructions", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column(
            "schedule",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "rule",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "content_ids",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("due_time", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column(
            "audience",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.Column("created_at", hq.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", hq.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", hq.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["account.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "task_progress",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("task_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("guide_id", sa.Integer(), nullable=False),
        sa.Column("day", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("target", sa.Integer(), nullable=False),
        sa.Column("as_of", hq.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", hq.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["guide_id"],
            ["account.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("source", "task_id", "guide_id", "day"),
    )
    with op.batch_alter_table("task_progress", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_task_progress_guide_id"), ["guide_id"], unique=False)

    op.create_table(
        "task_assignee",
        sa.Column("task_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("guide_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["guide_id"],
            ["account.id"],
        ),
        sa.ForeignKeyConstraint(
            ["task_id"],
            ["manager_task.id"],
        ),
        sa.PrimaryKeyConstraint("task_id", "guide_id"),
    )
    with op.batch_alter_table("task_assignee", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_task_assignee_guide_id"), ["guide_id"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("task_assignee", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_task_assignee_guide_id"))

    op.drop_table("task_assignee")
    with op.batch_alter_table("task_progress", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_task_progress_guide_id"))

    op.drop_table("task_progress")
    op.drop_table("sop_template")
    with op.batch_alter_table("sale_claim", schema=None) as batch_op:
        batch_op.drop_index("ix_sale_claim_order")

    op.drop_table("sale_claim")
    with op.batch_alter_table("sale", schema=None) as batch_op:
        batch_op.drop_index("ix_sale_guide_sold")
        batch_op.drop_index(batch_op.f("ix_sale_disputed"))

    op.drop_table("sale")
    with op.batch_alter_table("pushed_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pushed_event_account_id"))

    op.drop_table("pushed_event")
    with op.batch_alter_table("manager_task", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_manager_task_region_id"))

    op.drop_table("manager_task")
    with op.batch_alter_table("content_usage", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_content_usage_content_id"))
        batch_op.drop_index(batch_op.f("ix_content_usage_account_id"))

    op.drop_table("content_usage")
    with op.batch_alter_table("content_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_content_item_asset_sha256"))

    op.drop_table("content_item")
    with op.batch_alter_table("auth_token", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_auth_token_account_id"))

    op.drop_table("auth_token")
    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_account_store_id"))
        batch_op.drop_index(batch_op.f("ix_account_region_id"))

    op.drop_table("account")
    with op.batch_alter_table("store", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_store_region_id"))

    op.drop_table("store")
    with op.batch_alter_table("change_scope", schema=None) as batch_op:
        batch_op.drop_index("ix_change_scope_lookup")

    op.drop_table("change_scope")
    op.drop_table("tag_group")
    op.drop_table("region")
    op.drop_table("hq_setting")
    op.drop_table("change_log")
    op.drop_table("asset")
