"""Two vdirs (folders of one vCard or iCalendar file per item, as vdirsyncer, khard and todoman keep them)
in step with a journal, both ways: `kith vdir`.

folder.py reads and writes one vdir safely; contacts.py and tasks.py turn people and reminders into items
and items back into what they say; state.py remembers what was last written or read; engine.py is the step.
"""
