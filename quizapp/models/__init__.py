"""All database models, in one package: import them from here."""

from .content import Course, Question, QuestionRevision, Reading
from .feedback import Feedback, Rubric, RubricLevel, SeminarRubric
from .people import Instructor, Participant
from .responses import Note, Response, ResponseRevision, SummaryRead
from .seminar import Seminar, SeminarReading, SeminarShare, utcnow

__all__ = [
    "Course", "Instructor", "Note", "Participant", "Question", "QuestionRevision", "Reading",
    "Response", "ResponseRevision", "Seminar", "SeminarReading", "SeminarShare", "SummaryRead",
    "utcnow",
]
__all__ += ["Feedback", "Rubric", "RubricLevel", "SeminarRubric"]  # issue 21: feedback
