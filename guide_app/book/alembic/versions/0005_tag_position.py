"""tags keep HQ's order: tag.position, so 客户等级 lists 普通 银卡 金卡 钻石 and not 普通 金卡 钻石 银卡

Where an existing book's positions come from: the book does not keep HQ's published record of a tag
group (hq_record holds settings and org records; a pulled tag group only ever became tag_group and
tag rows), so HQ's list cannot be read back. What the book does keep is the order it stored each
group's tags in: the pull inserted them in the order of HQ's list, new ones after those it had,
and a new row's rowid is above every other (the book is never vacuumed, and its backups copy
pages, rowids and all). An HQ tag's position is therefore its rank by rowid within its group.
That is HQ's order for every group HQ only ever extended at the end. A group HQ reordered, or
whose later tags HQ put mid-list, keeps the order the book first received until HQ publishes the
group again; from that pull on the book lists HQ's current order. The guide's own tags stay at 0
and list by name.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A defaulted column is a plain ALTER TABLE in SQLite: no table copy.
    op.add_column("tag", sa.Column("position", sa.Integer(), nullable=False, server_default="0"))
    # HQ allows 200 tags a group: counting the earlier ones per tag is at most 200² index steps.
    op.execute(
        "UPDATE tag SET position = ("
        " SELECT count(*) FROM tag AS earlier"
        " WHERE earlier.group_id = tag.group_id AND earlier.rowid < tag.rowid"
        ") WHERE group_id IN (SELECT id FROM tag_group WHERE source = 'hq')"
    )


def downgrade() -> None:
    # Not batch mode: rebuilding `tag` drops the old table, and with foreign keys on that drop
    # would cascade to customer_tag and untag every customer. SQLite 3.35+ drops a column in place.
    op.drop_column("tag", "position")
