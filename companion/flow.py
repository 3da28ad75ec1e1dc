"""The flow engine: which step comes next, which are hidden, and how far along the patient is."""
