"""Courses: several per installation, each with its readings, vocabulary, timeline and
perspectives; the first (shipped) course; who may work on one (its owner and co-teachers; the
shipped course, which has no owner, is everyone's); sharing a course (`courses`). Editing a
course file's fields lives in services.authoring.course_file.

May import: models, content, services.accounts (finding an instructor).
"""
