"""Members' replies to meeting notices, with support needs.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 16:30:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('meeting_reply',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('choice', sa.Enum('attending', 'apologies', name='reply_choice', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('deputy_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(length=300), nullable=False),
    sa.Column('first_replied_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('replied_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('late_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('register_kept_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['deputy_id'], ['person.id'], name=op.f('fk_meeting_reply_deputy_id_person')),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_meeting_reply_meeting_id_meeting')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_meeting_reply_person_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_reply')),
    sa.UniqueConstraint('meeting_id', 'person_id', name='one_reply_each')
    )
    with op.batch_alter_table('meeting_reply', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_reply_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_reply_person_id'), ['person_id'], unique=False)

    op.create_table('support_need',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reply_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('childcare', 'travel', 'access', 'interpreter', 'other', name='need_kind', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('status', sa.Enum('to_arrange', 'arranged', 'to_cancel', name='need_status', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('children', sa.Integer(), nullable=True),
    sa.Column('children_ages', sa.JSON(), nullable=False),
    sa.Column('travel_mode', sa.Enum('bus', 'taxi', 'mileage', 'other', name='travel_mode', native_enum=False, create_constraint=True, length=20), nullable=True),
    sa.Column('details', sa.String(length=300), nullable=False),
    sa.Column('arranged_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('arranged_by_id', sa.Integer(), nullable=True),
    sa.Column('arranged_note', sa.String(length=300), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['arranged_by_id'], ['user_account.id'], name=op.f('fk_support_need_arranged_by_id_user_account')),
    sa.ForeignKeyConstraint(['reply_id'], ['meeting_reply.id'], name=op.f('fk_support_need_reply_id_meeting_reply')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_support_need')),
    sa.UniqueConstraint('reply_id', 'kind', name='one_need_of_each_kind')
    )
    with op.batch_alter_table('support_need', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_support_need_reply_id'), ['reply_id'], unique=False)


def downgrade():
    with op.batch_alter_table('support_need', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_support_need_reply_id'))

    op.drop_table('support_need')
    with op.batch_alter_table('meeting_reply', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_reply_person_id'))
        batch_op.drop_index(batch_op.f('ix_meeting_reply_meeting_id'))

    op.drop_table('meeting_reply')
