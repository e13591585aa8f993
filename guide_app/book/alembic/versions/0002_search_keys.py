"""search keys: pinyin from syllable starts, notes, traditional folding; a case-sensitive trigram index

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30
"""

from collections.abc import Sequence

from alembic import op

# By design this migration uses the current key function: search_text must be what today's
# search reads, whatever the code of 2026-11 computed. A later change of the keys adds a
# migration that calls it again.
from guide_app.book.search import search_keys

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Rows read and written per statement: 200k customers in 40 executemany calls.
CHUNK = 5_000
_TRIGGERS = {
    "customer_fts_insert": "AFTER INSERT ON customer BEGIN "
    "INSERT INTO customer_fts(rowid, search_text) VALUES (new.rowid, new.search_text); END",
    "customer_fts_delete": "AFTER DELETE ON customer BEGIN "
    "INSERT INTO customer_fts(customer_fts, rowid, search_text) "
    "VALUES ('delete', old.rowid, old.search_text); END",
    "customer_fts_update": "AFTER UPDATE OF search_text ON customer BEGIN "
    "INSERT INTO customer_fts(customer_fts, rowid, search_text) "
    "VALUES ('delete', old.rowid, old.search_text); "
    "INSERT INTO customer_fts(rowid, search_text) VALUES (new.rowid, new.search_text); END",
}


def _drop_index() -> None:
    for trigger in _TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.execute("DROP TABLE IF EXISTS customer_fts")


def _create_index(tokenize: str) -> None:
    """The trigram index over search_text, kept in step by triggers and filled from the table."""
    op.execute(
        "CREATE VIRTUAL TABLE customer_fts USING fts5(search_text, content='customer', "
        f"content_rowid='rowid', tokenize='{tokenize}')"
    )
    for trigger, body in _TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {trigger} {body}")
    op.execute("INSERT INTO customer_fts(customer_fts) VALUES ('rebuild')")


def _recompute_keys() -> None:
    # The index is dropped first: updating 200k rows through the triggers would cost twice the
    # rebuild that follows.
    bind = op.get_bind()
    last_rowid = -1
    while True:
        rows = bind.exec_driver_sql(
            "SELECT rowid, name, phone, wecom_remark, notes FROM customer WHERE rowid > ? "
            "ORDER BY rowid LIMIT ?",
            (last_rowid, CHUNK),
        ).fetchall()
        if not rows:
            return
        updates = []
        for rowid, name, phone, remark, notes in rows:
            keys = search_keys(name, phone, remark, notes)
            updates.append((keys["name_pinyin"], keys["name_initials"], keys["search_text"], rowid))
        bind.exec_driver_sql(
            "UPDATE customer SET name_pinyin = ?, name_initials = ?, search_text = ? WHERE rowid = ?",
            updates,
        )
        last_rowid = rows[-1][0]


def upgrade() -> None:
    # Pinyin keys are stored in upper case and typed words are folded to lower case: the index
    # must tell them apart, so that `han` never matches inside CHANG.
    _drop_index()
    _recompute_keys()
    _create_index("trigram case_sensitive 1")


def downgrade() -> None:
    # The keys keep their new form (0001's code finds less with them, but finds nothing wrong).
    _drop_index()
    _create_index("trigram")
