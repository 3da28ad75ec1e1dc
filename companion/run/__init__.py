"""A run: one time through a script, from its first step to its summary."""
