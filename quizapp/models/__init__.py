"""All database models, in one package: import them from here."""

from .content import Course, Question, QuestionRevision, Reading
from .people import Instructor, Participant
from .responses import Note, Response, ResponseRead, ResponseRevision, SummaryRead
from .seminar import Seminar, SeminarReading, SeminarShare, utcnow

__all__ = [
    "Course", "Instructor", "Note", "Participant", "Question", "QuestionRevision", "Reading",
    "Response", "ResponseRead", "ResponseRevision", "Seminar", "SeminarReading", "SeminarShare",
    "SummaryRead", "utcnow",
]
