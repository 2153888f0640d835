# Copy to instance/config.py to configure this installation. Environment variables
# (QUIZAPP_DATABASE_URL, QUIZAPP_SECRET_KEY, ...) take precedence over this file.
# SQLALCHEMY_DATABASE_URI = "postgresql+psycopg://quizapp@127.0.0.1:5432/quizapp"
# QUIZAPP_QUESTIONS_DIR = "/srv/quizapp/questions"
# RATELIMIT_STORAGE_URI = "redis://127.0.0.1:6379/0"
