"""Errors whose message is one plain sentence a care worker can act on (never story text)."""


class UserError(Exception):
    """Something the person running carekiosk can fix; the CLI prints it and exits non-zero."""

    exit_code = 1


class StoryError(UserError):
    """A story that cannot be accepted as it is (empty, too long, unknown role, bad contact...)."""

    exit_code = 2


class StoreError(UserError):
    """The on-device database could not do what was asked (full disk, damaged file, locked too long)."""

    exit_code = 3
