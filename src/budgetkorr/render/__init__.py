"""Rendering: report values → text. Pure functions, one module per format; nothing here prints."""
