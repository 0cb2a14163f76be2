"""Terms of reference for sub-groups, with delegated authority and reporting duties.

Adds versioned terms of reference, their entries of delegated authority, the authority check
kept with each sub-group decision (and the parent's agenda item a recommendation went to), and
the reports the parent board receives from its sub-groups.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 16:30:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('terms_of_reference',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('board_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('draft', 'approved', 'superseded', name='terms_status', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('purpose', sa.Text(), nullable=False),
    sa.Column('membership', sa.Text(), nullable=False),
    sa.Column('chair', sa.String(length=500), nullable=False),
    sa.Column('quorum', sa.String(length=500), nullable=False),
    sa.Column('meeting_frequency', sa.String(length=200), nullable=False),
    sa.Column('reporting_every', sa.Integer(), nullable=False),
    sa.Column('reporting_basis', sa.Enum('meetings', 'months', name='reporting_basis', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('review_on', sa.Date(), nullable=False),
    sa.Column('approved_by_decision_id', sa.Integer(), nullable=True),
    sa.Column('approved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('superseded_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('reporting_every >= 1', name=op.f('ck_terms_of_reference_reporting_every_positive')),
    sa.ForeignKeyConstraint(['approved_by_decision_id'], ['decision.id'], name=op.f('fk_terms_of_reference_approved_by_decision_id_decision')),
    sa.ForeignKeyConstraint(['board_id'], ['board.id'], name=op.f('fk_terms_of_reference_board_id_board')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_terms_of_reference_created_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_terms_of_reference')),
    sa.UniqueConstraint('board_id', 'version', name='one_number_per_version')
    )
    with op.batch_alter_table('terms_of_reference', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_terms_of_reference_board_id'), ['board_id'], unique=False)

    op.create_table('delegated_authority',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('terms_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=200), nullable=False),
    sa.Column('spending_limit_pence', sa.Integer(), nullable=True),
    sa.CheckConstraint('spending_limit_pence IS NULL OR spending_limit_pence >= 0', name=op.f('ck_delegated_authority_limit_not_negative')),
    sa.ForeignKeyConstraint(['terms_id'], ['terms_of_reference.id'], name=op.f('fk_delegated_authority_terms_id_terms_of_reference')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_delegated_authority'))
    )
    with op.batch_alter_table('delegated_authority', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_delegated_authority_terms_id'), ['terms_id'], unique=False)

    op.create_table('authority_check',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('decision_id', sa.Integer(), nullable=False),
    sa.Column('terms_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=200), nullable=False),
    sa.Column('amount_pence', sa.Integer(), nullable=True),
    sa.Column('within_authority', sa.Boolean(), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('referred_item_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['decision_id'], ['decision.id'], name=op.f('fk_authority_check_decision_id_decision')),
    sa.ForeignKeyConstraint(['referred_item_id'], ['agenda_item.id'], name=op.f('fk_authority_check_referred_item_id_agenda_item')),
    sa.ForeignKeyConstraint(['terms_id'], ['terms_of_reference.id'], name=op.f('fk_authority_check_terms_id_terms_of_reference')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_authority_check')),
    sa.UniqueConstraint('decision_id', name=op.f('uq_authority_check_decision_id'))
    )

    op.create_table('subgroup_report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('subgroup_id', sa.Integer(), nullable=False),
    sa.Column('agenda_item_id', sa.Integer(), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['agenda_item_id'], ['agenda_item.id'], name=op.f('fk_subgroup_report_agenda_item_id_agenda_item')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user_account.id'], name=op.f('fk_subgroup_report_recorded_by_id_user_account')),
    sa.ForeignKeyConstraint(['subgroup_id'], ['board.id'], name=op.f('fk_subgroup_report_subgroup_id_board')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_subgroup_report')),
    sa.UniqueConstraint('subgroup_id', 'agenda_item_id', name='once_per_item')
    )
    with op.batch_alter_table('subgroup_report', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_subgroup_report_agenda_item_id'), ['agenda_item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_subgroup_report_subgroup_id'), ['subgroup_id'], unique=False)


def downgrade():
    with op.batch_alter_table('subgroup_report', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_subgroup_report_subgroup_id'))
        batch_op.drop_index(batch_op.f('ix_subgroup_report_agenda_item_id'))

    op.drop_table('subgroup_report')
    op.drop_table('authority_check')
    with op.batch_alter_table('delegated_authority', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_delegated_authority_terms_id'))

    op.drop_table('delegated_authority')
    with op.batch_alter_table('terms_of_reference', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_terms_of_reference_board_id'))

    op.drop_table('terms_of_reference')
