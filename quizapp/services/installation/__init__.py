"""Running an installation: first-run set-up and content loading (`setup`), and SQLite
backups and restores (`backup`).

May import `accounts` and `quizapp.content`.
"""
