"""Transparency no home can bury: for one home over a period, what happened to the stories it
received - published in full, restricted (with their public reasons), sent back for review and how
each review ended, decisions left to lapse, how many published stories the home replied to and how
fast, changes planned and made - with a chart of the last twelve months and the rules that flag a
home whose pattern is unusual (``rules.py``, data in one place).

- ``figures``  the computation, from plain records (tests feed it histories directly)
- ``records``  those records read from the service database, and the other homes' baseline
- ``rules``    the flags, as data, and how they are judged
- ``report``   one home's transparency: what the public API, ``carekiosk print transparency``, the
               weekly digest's line and the notifier's alerts all read
"""
