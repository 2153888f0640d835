"""Files in and out: Moodle GIFT (`gift`), whole-session JSON archives (`archive`), and the
CSV exports (`responses_csv`, `analytics_csv`).

May import `classroom`, `analytics` and `quizapp.content`; nothing imports interchange but
views and commands.
"""
