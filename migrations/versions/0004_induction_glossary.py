"""Induction programmes, their steps and material, each new member's induction record and
what they have read; the plain-language glossary; and the board setting for which seat
categories besides parent start an induction.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 16:30:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('glossary_term',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('term', sa.String(length=80), nullable=False),
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('meaning', sa.Text(), nullable=False),
    sa.Column('aliases', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_glossary_term')),
    sa.UniqueConstraint('key', name=op.f('uq_glossary_term_key'))
    )
    op.create_table('induction_programme',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('board_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['board_id'], ['board.id'], name=op.f('fk_induction_programme_board_id_board')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_induction_programme')),
    sa.UniqueConstraint('board_id', name=op.f('uq_induction_programme_board_id'))
    )
    op.create_table('induction_step',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('kind', sa.Enum('task', 'agreement', 'buddy', name='induction_step_kind', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('due_offset_days', sa.Integer(), nullable=False),
    sa.Column('retired_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('due_offset_days >= 0', name=op.f('ck_induction_step_due_offset_not_negative')),
    sa.ForeignKeyConstraint(['programme_id'], ['induction_programme.id'], name=op.f('fk_induction_step_programme_id_induction_programme')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_induction_step'))
    )
    with op.batch_alter_table('induction_step', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_induction_step_programme_id'), ['programme_id'], unique=False)

    op.create_table('induction_material',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('step_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.Enum('document', 'page', name='material_kind', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=True),
    sa.Column('size', sa.BigInteger(), nullable=True),
    sa.Column('media_type', sa.String(length=100), nullable=True),
    sa.Column('filename', sa.String(length=255), nullable=True),
    sa.Column('added_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('retired_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['added_by_id'], ['user_account.id'], name=op.f('fk_induction_material_added_by_id_user_account')),
    sa.ForeignKeyConstraint(['step_id'], ['induction_step.id'], name=op.f('fk_induction_material_step_id_induction_step')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_induction_material'))
    )
    with op.batch_alter_table('induction_material', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_induction_material_step_id'), ['step_id'], unique=False)

    op.create_table('induction_record',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('board_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('appointment_id', sa.Integer(), nullable=True),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('buddy_id', sa.Integer(), nullable=True),
    sa.Column('completed_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('buddy_id IS NULL OR buddy_id <> person_id', name=op.f('ck_induction_record_not_own_buddy')),
    sa.ForeignKeyConstraint(['appointment_id'], ['appointment.id'], name=op.f('fk_induction_record_appointment_id_appointment')),
    sa.ForeignKeyConstraint(['board_id'], ['board.id'], name=op.f('fk_induction_record_board_id_board')),
    sa.ForeignKeyConstraint(['buddy_id'], ['person.id'], name=op.f('fk_induction_record_buddy_id_person')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_induction_record_person_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_induction_record')),
    sa.UniqueConstraint('board_id', 'person_id', name='one_induction_per_board')
    )
    with op.batch_alter_table('induction_record', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_induction_record_board_id'), ['board_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_induction_record_person_id'), ['person_id'], unique=False)

    op.create_table('induction_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('step_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.Enum('task', 'agreement', 'buddy', name='induction_item_kind', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.Column('done_by_id', sa.Integer(), nullable=True),
    sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.ForeignKeyConstraint(['done_by_id'], ['user_account.id'], name=op.f('fk_induction_item_done_by_id_user_account')),
    sa.ForeignKeyConstraint(['record_id'], ['induction_record.id'], name=op.f('fk_induction_item_record_id_induction_record')),
    sa.ForeignKeyConstraint(['step_id'], ['induction_step.id'], name=op.f('fk_induction_item_step_id_induction_step')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_induction_item')),
    sa.UniqueConstraint('record_id', 'step_id', name='one_item_per_step')
    )
    with op.batch_alter_table('induction_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_induction_item_record_id'), ['record_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_induction_item_step_id'), ['step_id'], unique=False)

    op.create_table('material_read',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('material_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('opened_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['material_id'], ['induction_material.id'], name=op.f('fk_material_read_material_id_induction_material')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_material_read_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_material_read'))
    )
    with op.batch_alter_table('material_read', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_material_read_material_id'), ['material_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_material_read_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('board', schema=None) as batch_op:
        # Existing boards start with no extra categories: parent seats only.
        batch_op.add_column(sa.Column('induction_categories', sa.JSON(), nullable=False, server_default=sa.text("'[]'")))



def downgrade():
    with op.batch_alter_table('board', schema=None) as batch_op:
        batch_op.drop_column('induction_categories')

    with op.batch_alter_table('material_read', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_material_read_user_id'))
        batch_op.drop_index(batch_op.f('ix_material_read_material_id'))

    op.drop_table('material_read')
    with op.batch_alter_table('induction_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_induction_item_step_id'))
        batch_op.drop_index(batch_op.f('ix_induction_item_record_id'))

    op.drop_table('induction_item')
    with op.batch_alter_table('induction_record', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_induction_record_person_id'))
        batch_op.drop_index(batch_op.f('ix_induction_record_board_id'))

    op.drop_table('induction_record')
    with op.batch_alter_table('induction_material', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_induction_material_step_id'))

    op.drop_table('induction_material')
    with op.batch_alter_table('induction_step', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_induction_step_programme_id'))

    op.drop_table('induction_step')
    op.drop_table('induction_programme')
    op.drop_table('glossary_term')
