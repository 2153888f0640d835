"""The seminar and what students do in it: sessions and their join codes, seats
(participants and personal codes), answers, reading progress, the course timeline.

The base of the services: it imports only models, extensions and `quizapp.database`.
"""
