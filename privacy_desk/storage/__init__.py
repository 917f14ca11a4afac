"""SQLAlchemy only: engine and sessions, ORM models, queries and Alembic migrations."""
