"""The data stamp: one row changed by every committed write, which cached pages are checked
against (see governance/page_cache.py).

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-23 23:00:00

"""

import secrets

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade():
    table = op.create_table(
        "data_stamp",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("stamp", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_stamp")),
    )
    op.bulk_insert(table, [{"id": 1, "stamp": secrets.token_hex(16)}])


def downgrade():
    op.drop_table("data_stamp")
