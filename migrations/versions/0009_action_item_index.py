"""Index the actions of an agenda item (found by `make bench`).

- action (agenda_item_id): the meeting page lists the actions arising from each of its items
  (`WHERE agenda_item_id IN (...)`); without it that read every action.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-23 19:50:00

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("action", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_action_agenda_item_id"), ["agenda_item_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("action", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_agenda_item_id"))
