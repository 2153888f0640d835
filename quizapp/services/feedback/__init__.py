"""Feedback that reaches the student: rubrics (``rubrics``), comments and marks on discussion
answers (``comments``), who may draft and release them (``roles``), release and what a student
sees (``release``), quick marking (``marking``) and the course gradebook (``gradebook``; its
CSVs are ``services.interchange.gradebook_csv``).

May import models, ``services.classroom``, ``services.accounts`` and ``services.review``
(its figures and notes); nothing imports it but views, commands and ``services.interchange``
(the session archive, the gradebook CSVs).
"""
