"""The course of infusions: when they are, and everything timed from them (which script is
ready, which run belongs to which infusion, the calendar of reminders). No Textual here."""
