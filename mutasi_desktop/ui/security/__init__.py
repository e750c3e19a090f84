"""Sign-in, first-start setup, users, audit viewer, backups: the security screens."""
