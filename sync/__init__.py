"""The on-device story store, sealing, and talking to the moderation service."""
