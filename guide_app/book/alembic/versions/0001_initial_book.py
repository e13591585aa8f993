"""initial book

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import guide_app.timeutil

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "content_asset",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("campaign", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("valid_from", guide_app.timeutil.UTCDateTime(length=27), nullable=True),
        sa.Column("valid_until", guide_app.timeutil.UTCDateTime(length=27), nullable=True),
        sa.Column("asset_sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("asset_size", sa.Integer(), nullable=True),
        sa.Column("local_path", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("updated_at", guide_app.timeutil.UTCDateTime(length=27), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("content_asset", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_content_asset_asset_sha256"), ["asset_sha256"], unique=False)

    op.create_table(
        "customer",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("phone", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("wecom_remark", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("birthday", sa.Date(), nullable=True),
        sa.Column("gender", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("source_channel", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("lifecycle_stage", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("rfm_segment", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("consent", sa.Boolean(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("name_pinyin", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("name_initials", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("added_at", guide_app.timeutil.UTCDateTime(length=27), nullable=False),
        sa.Column("last_purchase_at", guide_app.timeutil.UTCDateTime(length=27), nullable=True),
        sa.Column("purchase_count", sa.Integer(), nullable=False),
        sa.Column("monetary_fen", sa.Integer(), nullable=False),
        sa.Column("last_touch_at", guide_app.timeutil.UTCDateTime(length=27), nullable=True),
        sa.Column("created_at", guide_app.timeutil.UTCDateTime(length=27), nullable=False),
        sa.Column("updated_at", guide_app.timeutil.UTCDateTime(length=27), nullable=False),
        sa.Column("deleted_at", guide_app.timeutil.UTCDateTime(length=27), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("customer", schema=None) as batch_op:
        batch_op.create_index("ix_customer_initials", ["name_initials"], unique=False)
        batch_op.create_index("ix_customer_added", ["added_at"], unique=False)
        batch_op.create_index("ix_customer_monetary", ["monetary_fen"], unique=False)
        batch_op.create_index("ix_customer_last_purchase", ["last_purchase_at"], unique=False)
        batch_op.create_index("ix_customer_phone", ["phone"], unique=False)
        batch_op.create_index("ix_customer_pinyin", ["name_pinyin"], unique=False)

    op.create_table(
        "hq_record",
        sa.Column("entity", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("updated_at", guide_app.timeutil.UTCDateTime(length=27), nullable=False),
        sa.PrimaryKeyConstraint("entity", "id"),
    )
    op.create_table(
        "outbox",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
        sa.Column("flags", sa.JSON(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("created_at", guide_app.timeutil.UTCDateTime(length=27), nullable=False),
        sa.Column("answered_at", guide_app.timeutil.UTCDateTime(length=27), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index("ix_outbox_pending", ["status", "created_at"], unique=False)

    op.create_table(
        "sync_state",
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("updated_at", guide_app.timeutil.UTCDateTime(length=27), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "tag_group",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("single_choice", sa.Boolean(), nullable=False),
        sa.Column("deleted_at", guide_app.timeutil.UTCDateTime(length=27), nullable=True),
        sa.Column("updated_at", guide_app.timeutil.UTCDateTime(length=27), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "task",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("updated_at", guide_app.timeutil.UTCDateTime(length=27), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "follow_up",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("customer_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("due_at", guide_app.timeutil.UTCDateTime(length=27), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("outcome", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("created_at", guide_app.timeutil.UTCDateTime(length=27), nullable=False),
        sa.Column("updated_at", guide_app.timeutil.UTCDateTime(length=27), nullable=False),
        sa.Column("done_at", guide_app.timeutil.UTCDateTime(length=27), nullable=True),
        sa.ForeignKeyConstraint(["customer_id"], ["customer.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_follow_up_customer_id"), ["customer_id"], unique=False)
        batch_op.create_index("ix_follow_up_open_due", ["status", "due_at"], unique=False)

    op.create_table(
        "interaction",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("customer_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("at", guide_app.timeutil.UTCDateTime(length=27), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("content_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True),
        sa.Column("sale_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True),
        sa.Column("created_at", guide_app.timeutil.UTCDateTime(length=27), nullable=False),
        sa.ForeignKeyConstraint(["customer_id"], ["customer.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("interaction", schema=None) as batch_op:
        batch_op.create_index("ix_interaction_customer_at", ["customer_id", "at"], unique=False)

    op.create_table(
        "sale",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("order_no", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("amount_fen", sa.Integer(), nullable=False),
        sa.Column("items", sa.JSON(), nullable=False),
        sa.Column("customer_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True),
        sa.Column("sold_at", guide_app.timeutil.UTCDateTime(length=27), nullable=False),
        sa.Column("attribution", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("created_at", guide_app.timeutil.UTCDateTime(length=27), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customer.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("order_no"),
    )
    with op.batch_alter_table("sale", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sale_customer_id"), ["customer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_sale_sold_at"), ["sold_at"], unique=False)

    op.create_table(
        "tag",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("group_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("deleted_at", guide_app.timeutil.UTCDateTime(length=27), nullable=True),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["tag_group.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("group_id", "name"),
    )
    with op.batch_alter_table("tag", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tag_group_id"), ["group_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_tag_name"), ["name"], unique=False)

    op.create_table(
        "task_target",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("task_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("customer_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("done_at", guide_app.timeutil.UTCDateTime(length=27), nullable=True),
        sa.ForeignKeyConstraint(["customer_id"], ["customer.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["task_id"], ["task.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("task_id", "day", "customer_id"),
    )
    with op.batch_alter_table("task_target", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_task_target_customer_id"), ["customer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_task_target_day"), ["day"], unique=False)

    op.create_table(
        "customer_tag",
        sa.Column("customer_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("tag_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("created_at", guide_app.timeutil.UTCDateTime(length=27), nullable=False),
        sa.ForeignKeyConstraint(["customer_id"], ["customer.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["tag_id"], ["tag.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("customer_id", "tag_id"),
    )
    with op.batch_alter_table("customer_tag", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_customer_tag_tag_id"), ["tag_id"], unique=False)

    # Terms of 3+ characters are looked up in an FTS5 trigram index over search_text; triggers keep
    # it in step with every write, bulk imports included. (Trigram finds nothing for 1-2 characters:
    # those scan search_text with LIKE, see guide_app/book/search.py.)
    op.execute(
        "CREATE VIRTUAL TABLE customer_fts USING fts5(search_text, content='customer', "
        "content_rowid='rowid', tokenize='trigram')"
    )
    op.execute(
        "CREATE TRIGGER customer_fts_insert AFTER INSERT ON customer BEGIN "
        "INSERT INTO customer_fts(rowid, search_text) VALUES (new.rowid, new.search_text); END"
    )
    op.execute(
        "CREATE TRIGGER customer_fts_delete AFTER DELETE ON customer BEGIN "
        "INSERT INTO customer_fts(customer_fts, rowid, search_text) "
        "VALUES ('delete', old.rowid, old.search_text); END"
    )
    op.execute(
        "CREATE TRIGGER customer_fts_update AFTER UPDATE OF search_text ON customer BEGIN "
        "INSERT INTO customer_fts(customer_fts, rowid, search_text) "
        "VALUES ('delete', old.rowid, old.search_text); "
        "INSERT INTO customer_fts(rowid, search_text) VALUES (new.rowid, new.search_text); END"
    )


def downgrade() -> None:
    for trigger in ("customer_fts_insert", "customer_fts_delete", "customer_fts_update"):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.execute("DROP TABLE IF EXISTS customer_fts")

    with op.batch_alter_table("customer_tag", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_customer_tag_tag_id"))

    op.drop_table("customer_tag")
    with op.batch_alter_table("task_target", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_task_target_day"))
        batch_op.drop_index(batch_op.f("ix_task_target_customer_id"))

    op.drop_table("task_target")
    with op.batch_alter_table("tag", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tag_name"))
        batch_op.drop_index(batch_op.f("ix_tag_group_id"))

    op.drop_table("tag")
    with op.batch_alter_table("sale", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sale_sold_at"))
        batch_op.drop_index(batch_op.f("ix_sale_customer_id"))

    op.drop_table("sale")
    with op.batch_alter_table("interaction", schema=None) as batch_op:
        batch_op.drop_index("ix_interaction_customer_at")

    op.drop_table("interaction")
    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.drop_index("ix_follow_up_open_due")
        batch_op.drop_index(batch_op.f("ix_follow_up_customer_id"))

    op.drop_table("follow_up")
    op.drop_table("task")
    op.drop_table("tag_group")
    op.drop_table("sync_state")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_pending")

    op.drop_table("outbox")
    op.drop_table("hq_record")
    with op.batch_alter_table("customer", schema=None) as batch_op:
        batch_op.drop_index("ix_customer_pinyin")
        batch_op.drop_index("ix_customer_phone")
        batch_op.drop_index("ix_customer_last_purchase")
        batch_op.drop_index("ix_customer_monetary")
        batch_op.drop_index("ix_customer_added")
        batch_op.drop_index("ix_customer_initials")

    op.drop_table("customer")
    with op.batch_alter_table("content_asset", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_content_asset_asset_sha256"))

    op.drop_table("content_asset")
