"""Widgets: main window, editor, charts, compare, trainer, library, about, export."""
