"""Indexes for pages that slowed down at county scale (found by `make bench`).

- decision (taken_at, id): the decision register and its CSV/JSON exports page newest first
  by (taken_at, id); without it each page, and each 200-row export batch, sorted every decision.
- decision (supersedes_id): the decision trail looks up the decisions that correct, vary or
  rescind the one shown; without it that read every decision.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23 17:30:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.create_index("ix_decision_taken_at_id", ["taken_at", "id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_decision_supersedes_id"), ["supersedes_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_decision_supersedes_id"))
        batch_op.drop_index("ix_decision_taken_at_id")
