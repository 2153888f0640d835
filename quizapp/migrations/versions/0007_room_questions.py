"""questions from the room, votes, the room's screen, the answer wall; notes on them

* room_questions: what students ask the room (hidden, answered, pinned; never deleted).
* room_votes: one upvote per (room question, seat), unique, so a second vote is a no-op.
* room_screens: what the projector link shows outside live rounds (one row per seminar).
* wall_approvals: discussion answers the instructor let onto the answer wall.
* notes.room_question_id: a private note on a room question.

Revision ID: 0007
Revises: 0002
Create Date: 2026-12-01 04:30:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'room_questions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('seminar_id', sa.Integer(), nullable=False),
        sa.Column('participant_id', sa.Integer(), nullable=False),
        sa.Column('reading_id', sa.Integer(), nullable=True),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('hidden', sa.Boolean(), nullable=False),
        sa.Column('answered', sa.Boolean(), nullable=False),
        sa.Column('pinned', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(['participant_id'], ['participants.id'],
                                name=op.f('fk_room_questions_participant_id_participants')),
        sa.ForeignKeyConstraint(['reading_id'], ['readings.id'],
                                name=op.f('fk_room_questions_reading_id_readings')),
        sa.ForeignKeyConstraint(['seminar_id'], ['seminars.id'],
                                name=op.f('fk_room_questions_seminar_id_seminars')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_room_questions')),
    )
    op.create_index('ix_room_questions_seminar_created', 'room_questions',
                    ['seminar_id', 'created_at'], unique=False)
    op.create_index(op.f('ix_room_questions_participant_id'), 'room_questions',
                    ['participant_id'], unique=False)
    op.create_table(
        'room_votes',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('room_question_id', sa.Integer(), nullable=False),
        sa.Column('participant_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['participant_id'], ['participants.id'],
                                name=op.f('fk_room_votes_participant_id_participants')),
        sa.ForeignKeyConstraint(['room_question_id'], ['room_questions.id'],
                                name=op.f('fk_room_votes_room_question_id_room_questions')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_room_votes')),
        sa.UniqueConstraint('room_question_id', 'participant_id',
                            name=op.f('uq_room_votes_room_question_id_participant_id')),
    )
    op.create_index(op.f('ix_room_votes_participant_id'), 'room_votes', ['participant_id'],
                    unique=False)
    op.create_table(
        'room_screens',
        sa.Column('seminar_id', sa.Integer(), nullable=False),
        sa.Column('mode', sa.String(length=16), nullable=False),
        sa.Column('room_question_id', sa.Integer(), nullable=True),
        sa.Column('question_id', sa.Integer(), nullable=True),
        sa.Column('wall_all', sa.Boolean(), nullable=False),
        sa.Column('wall_stance', sa.Integer(), nullable=True),
        sa.Column('wall_names', sa.Boolean(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['question_id'], ['questions.id'],
                                name=op.f('fk_room_screens_question_id_questions')),
        sa.ForeignKeyConstraint(['room_question_id'], ['room_questions.id'],
                                name=op.f('fk_room_screens_room_question_id_room_questions')),
        sa.ForeignKeyConstraint(['seminar_id'], ['seminars.id'],
                                name=op.f('fk_room_screens_seminar_id_seminars')),
        sa.PrimaryKeyConstraint('seminar_id', name=op.f('pk_room_screens')),
    )
    op.create_table(
        'wall_approvals',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('seminar_id', sa.Integer(), nullable=False),
        sa.Column('response_id', sa.Integer(), nullable=False),
        sa.Column('approved_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['response_id'], ['responses.id'],
                                name=op.f('fk_wall_approvals_response_id_responses')),
        sa.ForeignKeyConstraint(['seminar_id'], ['seminars.id'],
                                name=op.f('fk_wall_approvals_seminar_id_seminars')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_wall_approvals')),
        sa.UniqueConstraint('response_id', name=op.f('uq_wall_approvals_response_id')),
    )
    op.create_index(op.f('ix_wall_approvals_seminar_id'), 'wall_approvals', ['seminar_id'],
                    unique=False)
    with op.batch_alter_table('notes') as batch:
        batch.add_column(sa.Column('room_question_id', sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f('fk_notes_room_question_id_room_questions'),
                                 'room_questions', ['room_question_id'], ['id'])


def downgrade():
    with op.batch_alter_table('notes') as batch:
        batch.drop_constraint(op.f('fk_notes_room_question_id_room_questions'),
                              type_='foreignkey')
        batch.drop_column('room_question_id')
    op.drop_index(op.f('ix_wall_approvals_seminar_id'), table_name='wall_approvals')
    op.drop_table('wall_approvals')
    op.drop_table('room_screens')
    op.drop_index(op.f('ix_room_votes_participant_id'), table_name='room_votes')
    op.drop_table('room_votes')
    op.drop_index(op.f('ix_room_questions_participant_id'), table_name='room_questions')
    op.drop_index('ix_room_questions_seminar_created', table_name='room_questions')
    op.drop_table('room_questions')
