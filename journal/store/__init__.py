"""The storage layer: files written whole, copy-on-write commits, the change log, the derived index, backups.

Modules import each other in one direction only, each from those above it::

    files       writing one file whole, private folders, temporaries
    settings    one journal's own settings (where it syncs, which vdirs mirror it), written on their own
    jsonfile    one JSON file behind TinyDB, with copy-on-write documents inside a transaction
    changes     what one change did (operations with before and after), the change log on disk
    index       derived per-person contact facts and cached values keyed by the commit they came from
    backups     complete copies of one commit, rotated by sequence
    migrations  bringing older journals forward
    fileset     the files of one journal and the commit that publishes a change with one rename
    undo        applying a change backwards or forwards as a new change

`journal.journal` speaks to this package through `fileset.JournalFiles` and `undo`.
"""
