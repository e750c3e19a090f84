"""Use cases. Each takes plain values, opens one short session, and returns dataclasses."""
