"""authoring in the browser: reading history, drafts, archived sessions

* reading_versions: every save of a reading (browser, upload, file load, restore) as a whole
  document, with author and time; the number is what a form's optimistic concurrency compares.
* readings.draft: a reading written in the browser that does not pass the checks yet.
* seminars.archived_at: an archived session (hidden from the dashboard, still exportable).

Revision ID: 0004
Revises: 0002
Create Date: 2026-12-01 04:30:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'reading_versions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('reading_id', sa.Integer(), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('document', sa.JSON(), nullable=False),
        sa.Column('source', sa.String(length=16), nullable=False),
        sa.Column('author_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('draft', sa.Boolean(), nullable=False),
        sa.Column('note', sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(['author_id'], ['instructors.id'],
                                name=op.f('fk_reading_versions_author_id_instructors')),
        sa.ForeignKeyConstraint(['reading_id'], ['readings.id'],
                                name=op.f('fk_reading_versions_reading_id_readings')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_reading_versions')),
        sa.UniqueConstraint('reading_id', 'number',
                            name=op.f('uq_reading_versions_reading_id_number')),
    )
    op.create_index(op.f('ix_reading_versions_reading_id'), 'reading_versions',
                    ['reading_id'], unique=False)
    # Plain ADD COLUMN (no batch copy): SQLite would otherwise rebuild tables that others
    # point at, which foreign keys forbid.
    op.add_column('readings', sa.Column('draft', sa.Boolean(), nullable=False,
                                        server_default=sa.false()))
    op.add_column('seminars', sa.Column('archived_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('seminars', schema=None) as batch_op:
        batch_op.drop_column('archived_at')
    with op.batch_alter_table('readings', schema=None) as batch_op:
        batch_op.drop_column('draft')
    with op.batch_alter_table('reading_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reading_versions_reading_id'))
    op.drop_table('reading_versions')
