"""Sync between devices through a folder that a file-sync engine (Syncthing, Dropbox, iCloud, git) moves.

No file in the shared folder is written by two devices: each device publishes its own changes there and
reads everyone else's. The journal's records are merged field by field, last writer wins under hybrid
logical clocks; what the merge knows travels with the records in the same commit. Modules, each importing
only those above it::

    clock    hybrid logical clock stamps: ordered by time, counter, then device
    merge    the merge state of one record and the rules that join two of them
    state    what this journal has merged: per-record stamps, what each device was seen up to (side files)
    folder   the shared folder: files written whole with a checksum, read whole or not at all
    engine   one `kith sync`: publish, receive, apply as one change of the journal

Only `journal.cli_sync` (and the TUI through it) calls `engine`.
"""
