"""Moodle XML, the format Moodle question banks move in: `xmltree` parses a file safely with
line numbers, `reader` reads it as Moodle's qformat_xml does, `writer` writes a reading,
`importer` makes a file into a reading (through `interchange.bank`).

May import `quizapp.content` and `interchange.bank`.
"""
