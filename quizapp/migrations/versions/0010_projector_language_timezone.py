"""projector language and instructor time zone

Issue 20: a session can fix the language of its projector (NULL: follow the browser), and an
instructor can choose the time zone their dates are shown in (NULL: the installation's).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 05:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('seminars') as batch_op:
        batch_op.add_column(sa.Column('projector_language', sa.String(length=8), nullable=True))
    with op.batch_alter_table('instructors') as batch_op:
        batch_op.add_column(sa.Column('timezone', sa.String(length=64), nullable=True))


def downgrade():
    with op.batch_alter_table('instructors') as batch_op:
        batch_op.drop_column('timezone')
    with op.batch_alter_table('seminars') as batch_op:
        batch_op.drop_column('projector_language')
