"""Reaching managers without email: printable PDF notices, SMS, and the notifier."""
