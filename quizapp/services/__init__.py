"""Business logic in plain functions, one package per domain. Views and commands call these;
tests call them directly. Services never touch `request`, `session` or templates: they take
models and values, flush their changes, and leave the commit to the caller (one commit per
request or command).

Packages, and what each may import besides models, extensions and `quizapp.database`:
- `classroom`: sessions, seats, answers, reading progress (nothing else).
- `review`: what an instructor reads of a session: per-question counts, the student table,
  notes (may import `classroom`).
- `live`: instructor-paced rounds and their distributions (may import `classroom`).
- `analytics`: item analysis, misconceptions, student reports (may import `classroom`,
  `review`).
- `interchange`: files in and out: Moodle GIFT and Moodle XML, session archives, CSV (may
  import `classroom`, `analytics`, `content`).
- `accounts`: instructor accounts and session sharing (nothing else).
- `installation`: first-run set-up, content loading, backups (may import `accounts`,
  `content`).
Imports only point down this list; tests/test_architecture.py fails on any import cycle.
"""
