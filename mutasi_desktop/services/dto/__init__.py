"""Plain dataclasses that services take and return (never ORM objects)."""
