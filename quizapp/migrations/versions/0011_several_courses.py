"""several courses: course slugs and owners, co-teachers, readings and sessions per course

Issue 17. One installation holds several courses:

* course.slug (unique), course.owner_id (NULL for the shipped course: every instructor may
  work on it) and course.created_at;
* course_shares: the co-teachers of a course;
* readings.course_id (NOT NULL) and a reading slug unique per course instead of globally;
  question keys unique per reading in the database (per course by the content checks);
* seminars.course_id (NOT NULL).

Every existing reading and session moves to the first course (made if readings or sessions
exist without one); answers are not touched.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 10:20:00

"""
import re
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def _slugify(title: str) -> str:
    # The same rule as services/courses.slug_for, frozen here as it was at this migration.
    words = re.sub(r"['\u2019]", "", (title or "").lower())  # "Argentina's": argentinas
    return re.sub(r"[^a-z0-9]+", "-", words).strip("-")[:60] or "course"


def upgrade():
    bind = op.get_bind()
    op.create_table(
        'course_shares',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('course_id', sa.Integer(), nullable=False),
        sa.Column('instructor_id', sa.Integer(), nullable=False),
        sa.Column('role', sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(['course_id'], ['course.id'],
                                name=op.f('fk_course_shares_course_id_course')),
        sa.ForeignKeyConstraint(['instructor_id'], ['instructors.id'],
                                name=op.f('fk_course_shares_instructor_id_instructors')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_course_shares')),
        sa.UniqueConstraint('course_id', 'instructor_id',
                            name=op.f('uq_course_shares_course_id_instructor_id')),
    )
    op.create_index(op.f('ix_course_shares_course_id'), 'course_shares', ['course_id'])
    op.create_index(op.f('ix_course_shares_instructor_id'), 'course_shares',
                    ['instructor_id'])

    op.add_column('course', sa.Column('slug', sa.String(length=80), nullable=True))
    op.add_column('course', sa.Column('owner_id', sa.Integer(), nullable=True))
    op.add_column('course', sa.Column('created_at', sa.DateTime(), nullable=True))
    op.add_column('readings', sa.Column('course_id', sa.Integer(), nullable=True))
    op.add_column('seminars', sa.Column('course_id', sa.Integer(), nullable=True))

    course = sa.table('course', sa.column('id', sa.Integer), sa.column('title', sa.String),
                      sa.column('slug', sa.String), sa.column('data', sa.JSON),
                      sa.column('content_hash', sa.String),
                      sa.column('created_at', sa.DateTime))
    now = datetime.now(UTC).replace(tzinfo=None)
    rows = bind.execute(sa.select(course.c.id, course.c.title).order_by(course.c.id)).all()
    used: set[str] = set()
    for course_id, title in rows:
        slug = _slugify(title)
        if slug in used:
            slug = f"{slug[:60]}-{course_id}"
        used.add(slug)
        bind.execute(course.update().where(course.c.id == course_id)
                     .values(slug=slug, created_at=now))
    has_content = bind.execute(sa.text(
        "SELECT (SELECT COUNT(*) FROM readings) + (SELECT COUNT(*) FROM seminars)")).scalar()
    if not rows and has_content:
        bind.execute(course.insert().values(title="Course", slug="course",
                                            data={"misconceptions": []}, content_hash="",
                                            created_at=now))
    first = bind.execute(sa.select(sa.func.min(course.c.id))).scalar()
    if first is not None:
        bind.execute(sa.text("UPDATE readings SET course_id = :c"), {"c": first})
        bind.execute(sa.text("UPDATE seminars SET course_id = :c"), {"c": first})
    if bind.dialect.name == "postgresql":
        # The loader used to insert the course with an explicit id 1: move the sequence on,
        # so that the next course made in the browser gets a free id.
        bind.execute(sa.text(
            "SELECT setval(pg_get_serial_sequence('course', 'id'), "
            "COALESCE((SELECT MAX(id) FROM course), 0) + 1, false)"))

    # SQLite rebuilds these tables (alembic batch); env.py turns foreign keys off meanwhile.
    with op.batch_alter_table('course') as batch_op:
        batch_op.alter_column('slug', existing_type=sa.String(length=80), nullable=False)
        batch_op.alter_column('created_at', existing_type=sa.DateTime(), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_course_slug'), ['slug'])
        batch_op.create_foreign_key(batch_op.f('fk_course_owner_id_instructors'),
                                    'instructors', ['owner_id'], ['id'])
    with op.batch_alter_table('readings') as batch_op:
        batch_op.alter_column('course_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_constraint('uq_readings_slug', type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_readings_course_id_slug'),
                                          ['course_id', 'slug'])
        batch_op.create_foreign_key(batch_op.f('fk_readings_course_id_course'),
                                    'course', ['course_id'], ['id'])
        batch_op.create_index(batch_op.f('ix_readings_course_id'), ['course_id'])
    with op.batch_alter_table('questions') as batch_op:
        batch_op.drop_constraint('uq_questions_key', type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_questions_reading_id_key'),
                                          ['reading_id', 'key'])
    with op.batch_alter_table('seminars') as batch_op:
        batch_op.alter_column('course_id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_foreign_key(batch_op.f('fk_seminars_course_id_course'),
                                    'course', ['course_id'], ['id'])
        batch_op.create_index(batch_op.f('ix_seminars_course_id'), ['course_id'])


def downgrade():
    with op.batch_alter_table('seminars') as batch_op:
        batch_op.drop_index(batch_op.f('ix_seminars_course_id'))
        batch_op.drop_constraint(batch_op.f('fk_seminars_course_id_course'), type_='foreignkey')
        batch_op.drop_column('course_id')
    with op.batch_alter_table('questions') as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_questions_reading_id_key'), type_='unique')
        batch_op.create_unique_constraint('uq_questions_key', ['key'])
    with op.batch_alter_table('readings') as batch_op:
        batch_op.drop_index(batch_op.f('ix_readings_course_id'))
        batch_op.drop_constraint(batch_op.f('fk_readings_course_id_course'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_readings_course_id_slug'), type_='unique')
        batch_op.create_unique_constraint('uq_readings_slug', ['slug'])
        batch_op.drop_column('course_id')
    with op.batch_alter_table('course') as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_course_owner_id_instructors'),
                                 type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_course_slug'), type_='unique')
        batch_op.drop_column('created_at')
        batch_op.drop_column('owner_id')
        batch_op.drop_column('slug')
    op.drop_table('course_shares')
