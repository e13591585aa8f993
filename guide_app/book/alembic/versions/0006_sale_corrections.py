"""sales can be amended or voided and can be disputed: sale.original_amount_fen, corrected_at,
voided_at, correction_id and dispute_id

A correction travels as its own outbox event (sale_correction); the sale row keeps the amount in
force, the amount first sent, when and by which event it was last corrected. dispute_id names the
hq_record ('sale_dispute') in which HQ told this guide of another guide's claim on the order.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import guide_app.timeutil

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sqlmodel.sql.sqltypes.AutoString(length=36)


def upgrade() -> None:
    # Nullable columns are a plain ALTER TABLE in SQLite: no table copy, whatever the sales count.
    op.add_column("sale", sa.Column("original_amount_fen", sa.Integer(), nullable=True))
    op.add_column("sale", sa.Column("corrected_at", guide_app.timeutil.UTCDateTime(length=27), nullable=True))
    op.add_column("sale", sa.Column("voided_at", guide_app.timeutil.UTCDateTime(length=27), nullable=True))
    op.add_column("sale", sa.Column("correction_id", _ID, nullable=True))
    op.add_column("sale", sa.Column("dispute_id", _ID, nullable=True))


def downgrade() -> None:
    # Not batch mode: SQLite 3.35+ drops a column in place, without copying every sale.
    for column in ("dispute_id", "correction_id", "voided_at", "corrected_at", "original_amount_fen"):
        op.drop_column("sale", column)
