"""Moodle GIFT: `syntax` parses and writes the format, `builder` turns parsed items into a
reading in the content format, `importer` writes that reading file.

May import `quizapp.content`.
"""
