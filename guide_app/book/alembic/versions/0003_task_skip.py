"""task targets can be skipped with a reason (跳过（原因）): skipped_at and skip_reason

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import guide_app.timeutil

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Adding nullable / defaulted columns is a plain ALTER TABLE in SQLite: no table copy, so a
    # book with millions of task rows migrates at once.
    op.add_column(
        "task_target", sa.Column("skipped_at", guide_app.timeutil.UTCDateTime(length=27), nullable=True)
    )
    op.add_column(
        "task_target",
        sa.Column(
            "skip_reason", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False, server_default=""
        ),
    )


def downgrade() -> None:
    with op.batch_alter_table("task_target", schema=None) as batch_op:
        batch_op.drop_column("skip_reason")
        batch_op.drop_column("skipped_at")
