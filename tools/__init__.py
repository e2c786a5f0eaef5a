"""Development tools: the message catalog (i18n.py)."""
