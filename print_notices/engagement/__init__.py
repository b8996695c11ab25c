"""The nine-levels report on paper and at the terminal: the one-page level PDF, the self-assessment
form and the ``carekiosk level`` command. The levels are *computed* by the service
(:mod:`sync.server.engagement`); this package only renders what it computes."""
