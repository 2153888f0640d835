"""All database models, in one package: import them from here."""

from .content import Course, CourseShare, Question, QuestionRevision, Reading, ReadingVersion
from .feedback import Feedback, Rubric, RubricLevel, SeminarRubric
from .people import Instructor, Participant
from .responses import (
    Note,
    Response,
    ResponseHistory,
    ResponseRead,
    ResponseRevision,
    SummaryRead,
)
from .roomq import RoomQuestion, RoomScreen, RoomVote, WallApproval
from .seminar import Seminar, SeminarReading, SeminarShare, utcnow

__all__ = [
    "Course", "Instructor", "Note", "Participant", "Question", "QuestionRevision", "Reading",
    "ReadingVersion", "Response", "ResponseHistory", "ResponseRead", "ResponseRevision",
    "RoomQuestion", "RoomScreen", "RoomVote", "Seminar", "SeminarReading", "SeminarShare",
    "SummaryRead", "WallApproval", "utcnow",
]
__all__ += ["CourseShare"]  # issue 17: several courses
__all__ += ["Feedback", "Rubric", "RubricLevel", "SeminarRubric"]  # issue 21: feedback
