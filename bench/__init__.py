"""The seminar-burst benchmark (not part of quizapp): run it with `python -m bench`."""
