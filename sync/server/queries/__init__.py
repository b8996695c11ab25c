"""Reads of the service database and the shapes they are answered in, one module per resource,
shared by the routes and the commands (``carekiosk admin``/``moderate``/``level``) so an answer never
differs between the web and the terminal. Writes live with the rules that make them, in ``domain/``.
"""
