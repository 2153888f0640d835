"""Finding, making and sharing courses, and who may work on each."""

from __future__ import annotations

from typing import Any

from flask import has_request_context
from flask_babel import gettext
from sqlalchemy import or_, select

from ...content.checker import ID_RE
from ...content.loader import course_slug
from ...content.specs import content_hash
from ...database import insert_ignore
from ...extensions import db
from ...models import Course, CourseShare, Instructor, Reading
from ..accounts.instructors import find_instructor

EMPTY_DATA: dict = {"misconceptions": [], "timeline": [], "perspectives": []}


def _(message: str, **values: Any) -> str:
    """gettext in a request (the reader's language); the English text elsewhere."""
    if has_request_context():
        return gettext(message, **values)
    return message % values if values else message


class CourseError(ValueError):
    """A course that cannot be made or shared, with a message for the instructor."""

    def __init__(self, message: str, field: str = "slug") -> None:
        super().__init__(message)
        self.field = field


def first_course() -> Course | None:
    """The shipped course: the first one made (what `load-questions` loads by default)."""
    return db.session.scalar(select(Course).order_by(Course.id).limit(1))


def find_course(slug: str) -> Course | None:
    return db.session.scalar(select(Course).where(Course.slug == slug))


def vocabulary_of(course: Course | None) -> dict[str, str]:
    """tag -> label of the course's misconceptions."""
    if course is None:
        return {}
    return {m["tag"]: m.get("label", m["tag"]) for m in course.data.get("misconceptions", [])}


def _visible(instructor: Instructor):
    shared = select(CourseShare.course_id).where(CourseShare.instructor_id == instructor.id)
    return or_(Course.owner_id.is_(None), Course.owner_id == instructor.id,
               Course.id.in_(shared))


def courses_for(instructor: Instructor) -> list[Course]:
    """The courses the instructor may work on: owned, co-taught, and the shipped one."""
    return list(db.session.scalars(select(Course).where(_visible(instructor))
                                   .order_by(Course.id)))


def role_in(instructor: Instructor, course: Course) -> str | None:
    """"owner" (the shipped course counts as everyone's), "coteacher", or None."""
    if course.owner_id is None or course.owner_id == instructor.id:
        return "owner"
    return db.session.scalar(select(CourseShare.role).where(
        CourseShare.course_id == course.id, CourseShare.instructor_id == instructor.id))


def can_edit(instructor: Instructor, course: Course) -> bool:
    return role_in(instructor, course) is not None


def course_readings(course: Course, *, usable: bool = False) -> list[Reading]:
    """The course's readings in order; ``usable``: only those a new session may use (not
    retired, not a draft)."""
    stmt = select(Reading).where(Reading.course_id == course.id)
    if usable:
        stmt = stmt.where(Reading.retired.is_(False), Reading.draft.is_(False))
    return list(db.session.scalars(stmt.order_by(Reading.position, Reading.id)))


def create_course(owner: Instructor | None, title: str, slug: str = "") -> Course:
    """A new, empty course owned by ``owner``; the caller commits."""
    title = " ".join((title or "").split())
    if not title:
        raise CourseError(_("Give the course a title."), "title")
    if len(title) > 300:
        raise CourseError(_("The title is too long (300 characters at most)."), "title")
    slug = (slug or "").strip() or course_slug(title)
    if not ID_RE.match(slug) or len(slug) > 80:
        raise CourseError(_("A short name uses only a-z, 0-9 and - (80 characters at most)."))
    if find_course(slug) is not None:
        raise CourseError(_("A course with this short name exists already."))
    data = {"title": title, "description": "", **EMPTY_DATA}
    course = Course(slug=slug, title=title, data=data, content_hash=content_hash(data),
                    owner_id=owner.id if owner is not None else None)
    db.session.add(course)
    db.session.flush()
    return course


def coteachers(course: Course) -> list[Instructor]:
    return list(db.session.scalars(
        select(Instructor).join(CourseShare, CourseShare.instructor_id == Instructor.id)
        .where(CourseShare.course_id == course.id).order_by(Instructor.username)))


def share_course(course: Course, owner: Instructor, username: str) -> Instructor:
    """Make the instructor called ``username`` a co-teacher of ``course`` (twice is
    harmless)."""
    if course.owner_id is None or course.owner_id != owner.id:
        raise CourseError(_("Only the course's owner can share it."), "username")
    name = (username or "").strip()
    if not name:
        raise CourseError(_("Enter the username of the instructor to share with."), "username")
    other = find_instructor(name)
    if other is None:
        raise CourseError(_("No instructor is called \u201c%(name)s\u201d.", name=name),
                          "username")
    if other.id == owner.id:
        raise CourseError(_("You already own this course."), "username")
    db.session.execute(insert_ignore(CourseShare, {"course_id": course.id,
                                                   "instructor_id": other.id,
                                                   "role": "coteacher"},
                                     ["course_id", "instructor_id"]))
    return other


def unshare_course(course: Course, owner: Instructor, instructor_id: int) -> Instructor | None:
    if course.owner_id is None or course.owner_id != owner.id:
        raise CourseError(_("Only the course's owner can unshare it."), "username")
    share = db.session.scalar(select(CourseShare).where(
        CourseShare.course_id == course.id, CourseShare.instructor_id == instructor_id))
    if share is None:
        return None
    db.session.delete(share)
    db.session.flush()
    return db.session.get(Instructor, instructor_id)
