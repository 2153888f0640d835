"""The item-writing rules now live in the app (quizapp/content/itemwriting.py), shared by
`check-questions`, the editor and these tests; this name stays for the tests that import it."""

from quizapp.content.itemwriting import *  # noqa: F403
from quizapp.content.itemwriting import negated_options  # noqa: F401 - named explicitly
