"""Deleting cookies from the browsers' own stores: planned, backed up, all or nothing, undoable.

This is the one thing the program does to the person's data. The steps, in order:
1. refuse while the browser that owns a store runs (nothing is written);
2. save every row that will be deleted, with all its columns, to a private backup;
3. delete by each row's full unique key in one transaction per store, check the count,
   roll back on any error (and restore stores already done from the backup);
4. leave the store healthy: integrity check, Firefox's WAL checkpointed, no schema change;
5. remove Firefox session cookies from the session store as well;
6. Safari: rewrite Cookies.binarycookies without the records (not yet verified against
   Safari itself);
7. undo restores a deletion exactly, leaving alone cookies the site has set again since.
"""
