"""response reads: which discussion answers each instructor has read

The review page filters discussion answers by "not yet read by me": one row per instructor
and answer, with the time it was read (an answer revised after that counts as unread again).

Revision ID: 0005
Revises: 0002
Create Date: 2026-12-01 04:30:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'response_reads',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('instructor_id', sa.Integer(), nullable=False),
        sa.Column('response_id', sa.Integer(), nullable=False),
        sa.Column('read_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['instructor_id'], ['instructors.id'],
                                name=op.f('fk_response_reads_instructor_id_instructors')),
        sa.ForeignKeyConstraint(['response_id'], ['responses.id'], ondelete='CASCADE',
                                name=op.f('fk_response_reads_response_id_responses')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_response_reads')),
        sa.UniqueConstraint('instructor_id', 'response_id',
                            name=op.f('uq_response_reads_instructor_id_response_id')),
    )
    op.create_index(op.f('ix_response_reads_response_id'), 'response_reads', ['response_id'],
                    unique=False)


def downgrade():
    op.drop_index(op.f('ix_response_reads_response_id'), table_name='response_reads')
    op.drop_table('response_reads')
