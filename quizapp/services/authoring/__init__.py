"""Authoring in the browser: readings and questions edited as documents in the content format,
checked with the same rules as `check-questions` (quizapp.content.document), saved with a
history and optimistic concurrency, drafts for readings that do not pass yet, and uploads
(reading YAML, GIFT, Moodle XML) previewed before they are stored; the course file's fields
(vocabulary, timeline, perspectives) edited entry by entry with the same rules (`course_file`).

May import: models, content, services.interchange (the GIFT and Moodle XML readers).
"""
