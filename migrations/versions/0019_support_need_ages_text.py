"""Keep the children's ages of a crèche request in the member's own words.

Revision ID: 0019
Revises: 0016
Create Date: 2026-12-06 01:30:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0019"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("support_need") as batch:
        batch.add_column(sa.Column("ages_text", sa.String(300), nullable=False, server_default=""))


def downgrade():
    with op.batch_alter_table("support_need") as batch:
        batch.drop_column("ages_text")
