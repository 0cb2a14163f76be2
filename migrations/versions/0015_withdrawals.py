"""Withdrawals: a paper version, an agenda item or a never-announced draft meeting can be
withdrawn by the secretary with a reason; the row is kept, with when, by whom and why.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 01:30:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

TABLES = ("meeting", "agenda_item", "paper_version")


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True))
            batch_op.add_column(sa.Column("withdrawn_by_id", sa.Integer(), nullable=True))
            batch_op.add_column(sa.Column("withdrawn_reason", sa.String(length=500), nullable=True))
            batch_op.create_foreign_key(
                batch_op.f(f"fk_{table}_withdrawn_by_id_user_account"),
                "user_account",
                ["withdrawn_by_id"],
                ["id"],
            )


def downgrade():
    for table in reversed(TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(
                batch_op.f(f"fk_{table}_withdrawn_by_id_user_account"), type_="foreignkey"
            )
            batch_op.drop_column("withdrawn_reason")
            batch_op.drop_column("withdrawn_by_id")
            batch_op.drop_column("withdrawn_at")
