"""sale corrections, claims that can be counted, sales targets, content stages

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30

A sale can be amended or voided by a later event. A voided sale keeps its row, so the order's
uniqueness moves from a constraint over every sale to a unique index over live (not voided) sales:
a void lets the order be counted for another guide's claim. Claims gain what a Sale row needs
(customer_ref, items, attribution), copied here from the sales counted for them; a claim that
lost before this revision has none of them (empty reference, no items, attribution "owner").
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op
from sqlalchemy.dialects import postgresql

import hq.core.db

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON_TYPE = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
LIVE_SALE = sa.text("voided_at IS NULL")
# SQLite keeps 0001's UNIQUE (store_id, order_no) unnamed; batch mode names it by this convention
# (PostgreSQL named it sale_store_id_order_no_key, as does the downgrade).
SQLITE_NAMES = {"uq": "uq_%(table_name)s_%(column_0_name)s"}


def upgrade() -> None:
    _sale_columns()
    _claim_columns()
    op.create_table(
        "sale_correction",
        sa.Column("event_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("sale_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("guide_id", sa.Integer(), nullable=False),
        sa.Column("action", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("amount_fen", sa.BigInteger(), nullable=True),
        sa.Column("items", JSON_TYPE, nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("corrected_at", hq.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("took_effect", sa.Boolean(), nullable=False),
        sa.Column("received_at", hq.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["guide_id"], ["account.id"]),
        sa.ForeignKeyConstraint(["sale_id"], ["sale_claim.event_id"]),
        sa.PrimaryKeyConstraint("event_id"),
    )
    op.create_index("ix_sale_correction_sale_id", "sale_correction", ["sale_id"], unique=False)
    op.create_table(
        "sales_target",
        sa.Column("scope", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("month", sqlmodel.sql.sqltypes.AutoString(length=7), nullable=False),
        sa.Column("amount_fen", sa.BigInteger(), nullable=False),
        sa.Column("set_by", sa.Integer(), nullable=False),
        sa.Column("set_at", hq.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["set_by"], ["account.id"]),
        sa.PrimaryKeyConstraint("scope", "subject_id", "month"),
    )
    with op.batch_alter_table("content_item") as batch_op:
        batch_op.add_column(sa.Column("stages", JSON_TYPE, nullable=False, server_default=sa.text("'[]'")))


def _sale_columns() -> None:
    unique = next(
        constraint
        for constraint in sa.inspect(op.get_bind()).get_unique_constraints("sale")
        if constraint["column_names"] == ["store_id", "order_no"]
    )
    with op.batch_alter_table("sale", naming_convention=SQLITE_NAMES) as batch_op:
        batch_op.drop_constraint(unique["name"] or "uq_sale_store_id", type_="unique")
        batch_op.add_column(sa.Column("original_amount_fen", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("corrected_at", hq.core.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("voided_at", hq.core.db.UTCDateTime(timezone=True), nullable=True))
    op.create_index("ix_sale_store_sold", "sale", ["store_id", "sold_at"], unique=False)
    op.create_index(
        "ux_sale_live_order",
        "sale",
        ["store_id", "order_no"],
        unique=True,
        sqlite_where=LIVE_SALE,
        postgresql_where=LIVE_SALE,
    )


def _claim_columns() -> None:
    with op.batch_alter_table("sale_claim") as batch_op:
        batch_op.add_column(
            sa.Column(
                "customer_ref", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False, server_default=""
            )
        )
        batch_op.add_column(sa.Column("items", JSON_TYPE, nullable=False, server_default=sa.text("'[]'")))
        batch_op.add_column(
            sa.Column(
                "attribution",
                sqlmodel.sql.sqltypes.AutoString(length=20),
                nullable=False,
                server_default="owner",
            )
        )
        batch_op.add_column(sa.Column("original_amount_fen", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("corrected_at", hq.core.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(
            sa.Column("amend_event_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True)
        )
        batch_op.add_column(sa.Column("voided_at", hq.core.db.UTCDateTime(timezone=True), nullable=True))
    # A counted claim's sale holds what the claim now keeps itself.
    op.execute(
        "UPDATE sale_claim SET "
        "customer_ref = (SELECT s.customer_ref FROM sale s WHERE s.id = sale_claim.event_id), "
        "items = (SELECT s.items FROM sale s WHERE s.id = sale_claim.event_id), "
        "attribution = (SELECT s.attribution FROM sale s WHERE s.id = sale_claim.event_id) "
        "WHERE event_id IN (SELECT id FROM sale)"
    )


def downgrade() -> None:
    op.drop_table("sales_target")
    op.drop_index("ix_sale_correction_sale_id", table_name="sale_correction")
    op.drop_table("sale_correction")
    with op.batch_alter_table("content_item") as batch_op:
        batch_op.drop_column("stages")
    with op.batch_alter_table("sale_claim") as batch_op:
        for name in (
            "voided_at",
            "amend_event_id",
            "corrected_at",
            "original_amount_fen",
            "attribution",
            "items",
            "customer_ref",
        ):
            batch_op.drop_column(name)
    # Voided sales go: the old schema counts every row, and a re-counted order has two of them.
    op.execute("DELETE FROM sale WHERE voided_at IS NOT NULL")
    op.drop_index("ux_sale_live_order", table_name="sale")
    op.drop_index("ix_sale_store_sold", table_name="sale")
    with op.batch_alter_table("sale") as batch_op:
        batch_op.drop_column("voided_at")
        batch_op.drop_column("corrected_at")
        batch_op.drop_column("original_amount_fen")
        batch_op.create_unique_constraint("sale_store_id_order_no_key", ["store_id", "order_no"])
