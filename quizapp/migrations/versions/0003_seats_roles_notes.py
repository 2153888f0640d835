"""seats that can be merged, co-teaching roles, notes visible to co-teachers

* participants.merged_into_id: a seat merged into another seat of the same person.
* response_history: an answer kept as history when a merge met two answers to one question.
* seminar_shares.role: "coteacher" (existing shares keep what they could do) or "assistant".
* notes.shared: a note is private to its author unless marked visible to co-teachers.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 04:30:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    # Plain ADD COLUMN, no batch: rebuilding participants on SQLite would trip the foreign
    # keys that point at it, and SQLite cannot add a constraint to a table in place; there
    # the service keeps the reference right (it only ever sets a seat of the same seminar).
    op.add_column('participants', sa.Column('merged_into_id', sa.Integer(), nullable=True))
    if op.get_bind().dialect.name != 'sqlite':
        op.create_foreign_key(op.f('fk_participants_merged_into_id_participants'),
                              'participants', 'participants', ['merged_into_id'], ['id'])
    op.add_column('seminar_shares', sa.Column('role', sa.String(length=16), nullable=False,
                                              server_default='coteacher'))
    op.add_column('notes', sa.Column('shared', sa.Boolean(), nullable=False,
                                     server_default=sa.text('false')))
    op.create_table(
        'response_history',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('seminar_id', sa.Integer(), nullable=False),
        sa.Column('participant_id', sa.Integer(), nullable=False),
        sa.Column('from_participant_id', sa.Integer(), nullable=False),
        sa.Column('kept_response_id', sa.Integer(), nullable=False),
        sa.Column('question_id', sa.Integer(), nullable=False),
        sa.Column('revision_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('round', sa.Integer(), nullable=False),
        sa.Column('answer', sa.Text(), nullable=False),
        sa.Column('correct', sa.Boolean(), nullable=True),
        sa.Column('stance', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.Column('versions', sa.JSON(), nullable=False),
        sa.Column('merged_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['from_participant_id'], ['participants.id'],
                                name=op.f('fk_response_history_from_participant_id_participants')),
        sa.ForeignKeyConstraint(['kept_response_id'], ['responses.id'],
                                name=op.f('fk_response_history_kept_response_id_responses')),
        sa.ForeignKeyConstraint(['participant_id'], ['participants.id'],
                                name=op.f('fk_response_history_participant_id_participants')),
        sa.ForeignKeyConstraint(['question_id'], ['questions.id'],
                                name=op.f('fk_response_history_question_id_questions')),
        sa.ForeignKeyConstraint(['revision_id'], ['question_revisions.id'],
                                name=op.f('fk_response_history_revision_id_question_revisions')),
        sa.ForeignKeyConstraint(['seminar_id'], ['seminars.id'],
                                name=op.f('fk_response_history_seminar_id_seminars')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_response_history')),
    )
    with op.batch_alter_table('response_history', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_response_history_participant_id'),
                              ['participant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_response_history_seminar_id'), ['seminar_id'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('response_history', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_response_history_seminar_id'))
        batch_op.drop_index(batch_op.f('ix_response_history_participant_id'))
    op.drop_table('response_history')
    op.drop_column('notes', 'shared')
    op.drop_column('seminar_shares', 'role')
    if op.get_bind().dialect.name != 'sqlite':
        op.drop_constraint(op.f('fk_participants_merged_into_id_participants'), 'participants',
                           type_='foreignkey')
    op.drop_column('participants', 'merged_into_id')
