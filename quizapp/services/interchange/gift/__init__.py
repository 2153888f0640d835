"""Moodle GIFT: `syntax` reads the format as Moodle does, `writer` writes a reading,
`importer` makes a file into a reading (through `interchange.bank`).

May import `quizapp.content` and `interchange.bank`.
"""
