"""Instructor analytics: item statistics (`item_stats`, pure functions plus the one pattern
query), the item analysis of a session or reading (`analysis`), misconceptions and student
reports.

May import `classroom` and `review`.
"""
