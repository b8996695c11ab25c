"""The access log ``carekiosk serve`` keeps: uvicorn's, with every query string left out.

A query string can carry what must never reach a log file: a token someone put in ``?token=``, a home
id with a search. Paths carry only ids (see ``app.py``), so the method, the path and the status stay.
"""

from __future__ import annotations

import copy
import logging
from typing import Any


class NoQueryStrings(logging.Filter):
    """Cut the query string off the path in uvicorn's access records, before any formatter sees them.

    uvicorn logs each request as ``(client, method, path_with_query, http_version, status)``."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str) and "?" in args[2]:
            record.args = args[:2] + (args[2].split("?", 1)[0],) + args[3:]
        return True


def log_config() -> dict[str, Any]:
    """uvicorn's own logging configuration, with :class:`NoQueryStrings` on the access handler."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config.setdefault("filters", {})["no_query_strings"] = {"()": f"{__name__}.NoQueryStrings"}
    config["handlers"]["access"].setdefault("filters", []).append("no_query_strings")
    return config
