"""The only package that imports Qt widgets: windows, dialogs, table models, background tasks."""
