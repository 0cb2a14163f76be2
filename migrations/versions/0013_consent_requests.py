"""The chair's consent to late circulation as a request the chair grants or refuses.

A request names the paper versions (and the agenda) to go out late, the reason, and, once
answered, the chair, the time and how the answer was given; a version circulated late points
at the request that allowed it.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 01:11:31.006651

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013'
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('consent_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('include_agenda', sa.Boolean(), nullable=False),
    sa.Column('status', sa.Enum('pending', 'granted', 'refused', 'withdrawn', name='consent_status', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('answered_by_id', sa.Integer(), nullable=True),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('answered_via', sa.Enum('app', 'mail_link', 'secretary', name='consent_via', native_enum=False, create_constraint=True, length=20), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.ForeignKeyConstraint(['answered_by_id'], ['person.id'], name=op.f('fk_consent_request_answered_by_id_person')),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_consent_request_meeting_id_meeting')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user_account.id'], name=op.f('fk_consent_request_recorded_by_id_user_account')),
    sa.ForeignKeyConstraint(['requested_by_id'], ['user_account.id'], name=op.f('fk_consent_request_requested_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consent_request'))
    )
    with op.batch_alter_table('consent_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consent_request_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_consent_request_status'), ['status'], unique=False)

    op.create_table('consent_request_version',
    sa.Column('consent_request_id', sa.Integer(), nullable=False),
    sa.Column('paper_version_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['consent_request_id'], ['consent_request.id'], name=op.f('fk_consent_request_version_consent_request_id_consent_request')),
    sa.ForeignKeyConstraint(['paper_version_id'], ['paper_version.id'], name=op.f('fk_consent_request_version_paper_version_id_paper_version')),
    sa.PrimaryKeyConstraint('consent_request_id', 'paper_version_id', name=op.f('pk_consent_request_version'))
    )
    with op.batch_alter_table('paper_version', schema=None) as batch_op:
        batch_op.add_column(sa.Column('consent_request_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_paper_version_consent_request_id_consent_request'), 'consent_request', ['consent_request_id'], ['id'])



def downgrade():
    with op.batch_alter_table('paper_version', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_paper_version_consent_request_id_consent_request'), type_='foreignkey')
        batch_op.drop_column('consent_request_id')

    op.drop_table('consent_request_version')
    with op.batch_alter_table('consent_request', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consent_request_status'))
        batch_op.drop_index(batch_op.f('ix_consent_request_meeting_id'))

    op.drop_table('consent_request')
