"""login attempts counted per login, known or not, in their own table

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30

The counter moves off `account`: an unknown login is counted and locked like a real one, so the
lockout tells nobody which logins exist, and each attempt is counted by one atomic statement
before its password is checked (parallel guesses were all checked before any was counted).
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import hq.core.db

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "login_attempt",
        sa.Column("login", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("window_start", hq.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("locked_until", hq.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("login"),
    )
    with op.batch_alter_table("account") as batch_op:
        batch_op.drop_column("failed_logins")
        batch_op.drop_column("failure_window_start")
        batch_op.drop_column("locked_until")


def downgrade() -> None:
    with op.batch_alter_table("account") as batch_op:
        batch_op.add_column(sa.Column("locked_until", hq.core.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(
            sa.Column("failure_window_start", hq.core.db.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("failed_logins", sa.Integer(), nullable=False, server_default="0"))
    op.drop_table("login_attempt")
