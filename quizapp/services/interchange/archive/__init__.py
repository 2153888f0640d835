"""Session archives (JSON): `writer` streams a session out, `check` validates an archive
before anything is written, `restore` loads one into this installation.

May import `classroom`.
"""
