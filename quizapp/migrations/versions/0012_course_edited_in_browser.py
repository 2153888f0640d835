"""course edited in the browser

Issue 17: loading a _course.yaml must not silently replace a course's vocabulary, timeline
or perspectives edited in the browser; the flag says the last save came from the browser.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 13:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('course') as batch_op:
        batch_op.add_column(sa.Column('edited_in_browser', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))


def downgrade():
    with op.batch_alter_table('course') as batch_op:
        batch_op.drop_column('edited_in_browser')
