"""Kith's core: the journal, its storage, dates, reminders and command line. Never imports textual."""
