"""The quorum of a sub-group's terms of reference in numbers, and corrections to a meeting's
register made after its decisions were recorded.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06 01:30:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("terms_of_reference", schema=None) as batch_op:
        batch_op.add_column(sa.Column("quorum_min_count", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("quorum_category_minimums", sa.JSON(), nullable=False, server_default="{}")
        )

    op.create_table(
        "attendance_correction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("decisions", sa.JSON(), nullable=False),
        sa.Column("corrected_by_id", sa.Integer(), nullable=True),
        sa.Column("corrected_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["corrected_by_id"],
            ["user_account.id"],
            name=op.f("fk_attendance_correction_corrected_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meeting.id"], name=op.f("fk_attendance_correction_meeting_id_meeting")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendance_correction")),
    )
    with op.batch_alter_table("attendance_correction", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_attendance_correction_meeting_id"), ["meeting_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("attendance_correction", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attendance_correction_meeting_id"))
    op.drop_table("attendance_correction")
    with op.batch_alter_table("terms_of_reference", schema=None) as batch_op:
        batch_op.drop_column("quorum_category_minimums")
        batch_op.drop_column("quorum_min_count")
