"""The lobby tablet: one visitor's story from the first touch to *Send*, and the tablet's commands.

``session`` is the visit as a plain-Python state machine, ``anonymise`` finds identifying details,
``app`` + ``screens`` are the Kivy shell (the only Kivy importers), ``add_command``/``run_command``
the tablet's commands, and ``cli`` the ``carekiosk`` command: the composition root, the one place
that wires the parts together across the layers.
"""

__version__ = "0.1.0"
