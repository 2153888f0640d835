"""Files in and out: Moodle GIFT (`gift`) and Moodle XML (`moodle_xml`), which share the
question-bank import in `bank`; whole-session JSON archives (`archive`), and the CSV exports
(`responses_csv`, `analytics_csv`, and the room's questions in `room_csv`).

May import `classroom`, `analytics`, `roomq` and `quizapp.content`; nothing imports interchange but
views and commands.
"""
