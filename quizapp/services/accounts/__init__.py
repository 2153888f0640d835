"""Instructor accounts (`instructors`: create, authenticate, first account) and sharing a
session with other instructors (`sharing`).

Imports only models, extensions and `quizapp.database`.
"""
