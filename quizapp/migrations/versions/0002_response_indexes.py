"""response indexes for large classes

Three indexes on responses, so that pages over a seminar's 100,000 answers read an index in
order instead of visiting every row and sorting:

* ix_responses_mc_answers: first-vote counts, answer patterns and misconceptions are read
  from this index alone (covering). Partial (multiple choice only): discussion answers are
  long texts, and PostgreSQL refuses index entries over about 2.7 kB.
* ix_responses_seminar_kind_updated: the newest discussion answers, a page at a time.
* ix_responses_seminar_created: the CSV export in answer order without a sort (SQLite sorted
  100,000 rows in the worker's memory).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 01:40:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

MC_ONLY = "kind = 'mc'"


def upgrade():
    op.create_index('ix_responses_mc_answers', 'responses',
                    ['seminar_id', 'kind', 'round', 'question_id', 'answer', 'correct',
                     'participant_id'],
                    unique=False, sqlite_where=sa.text(MC_ONLY),
                    postgresql_where=sa.text(MC_ONLY))
    op.create_index('ix_responses_seminar_kind_updated', 'responses',
                    ['seminar_id', 'kind', 'updated_at', 'id'], unique=False)
    op.create_index('ix_responses_seminar_created', 'responses',
                    ['seminar_id', 'created_at', 'id'], unique=False)


def downgrade():
    op.drop_index('ix_responses_seminar_created', table_name='responses')
    op.drop_index('ix_responses_seminar_kind_updated', table_name='responses')
    op.drop_index('ix_responses_mc_answers', table_name='responses')
