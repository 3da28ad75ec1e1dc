"""The course of infusions: when they are, and everything timed from them (which script is
ready, which run belongs to which infusion, the calendar of reminders). No Textual here."""

CALENDAR_NAME = "companion-infusions.ics"
"""The file the app and ``companion calendar`` write in the export folder; writing it again
replaces it (it holds no words of the patient's, and importing it again is how it is used)."""
