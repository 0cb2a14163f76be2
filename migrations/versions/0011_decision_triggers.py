"""Triggers that keep a confirmed decision as it was confirmed, on both databases.

Only being marked superseded (status and superseded_by_id, once) is allowed; any other
UPDATE or DELETE of a confirmed or superseded decision is refused.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05 23:30:00

"""

from alembic import op

from governance.decisions import triggers

# revision identifiers, used by Alembic.
revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade():
    for statement in triggers.create_statements(op.get_bind().dialect.name):
        op.execute(statement)


def downgrade():
    for statement in triggers.DROP[op.get_bind().dialect.name]:
        op.execute(statement)
