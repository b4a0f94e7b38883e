"""What the window does, one controller per action: scanning, deleting, undoing, exporting,
revealing a value, settings. Controllers submit work to the window's job runner
(``inspector.gui.jobs``) and show its outcome; pages only show data."""
