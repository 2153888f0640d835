"""What an instructor reads of a session: per-question counts and answers, the paged student
table, and private notes.

May import `classroom`.
"""
