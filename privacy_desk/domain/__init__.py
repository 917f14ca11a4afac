"""What a case is and which rules it obeys. Pure Python: imports nothing of Qt or SQLAlchemy."""
