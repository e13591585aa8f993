"""the client version policy

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30

The app releases HQ syncs with, as its operator set them (`guide-hq client-versions set`): one row.
No row means no minimum, and the latest release is HQ's own.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import hq.core.db

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "client_version_policy",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("minimum", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("latest", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("set_at", hq.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("set_by", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.CheckConstraint("id = 1", name="ck_client_version_policy_one_row"),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    op.drop_table("client_version_policy")
