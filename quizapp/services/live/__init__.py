"""Instructor-paced (live) mode: `rounds` moves a session through its questions and phases
and takes live answers; `distributions` counts what the room answered, before and after a
revote; `spotlight` puts answers on the room's screen and keeps the call-on list.

May import `classroom`.
"""
