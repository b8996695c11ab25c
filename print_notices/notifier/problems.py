"""What ``carekiosk status`` shows from the notifier's send log: numbers that cannot be texted.

The notifier records them in its own log (``notifier.sqlite3`` in the data folder); the ``carekiosk``
command hands :func:`status_problems` to ``status`` (``sync`` never imports this package). Only the
last three digits are shown: enough to recognise the number, not enough to leak it.
"""

from __future__ import annotations

import sqlite3

from sync.errors import UserError
from sync.paths import Paths

from print_notices.sms.suppressions import sms_problems

from .ledger import FILE, Ledger

SMS_STATES = {
    "opted_out": "has opted out of texts (replied STOP); notices are printed instead",
    "invalid": "is not a valid number; check it with the home",
    "landline": "is a landline and cannot receive texts; give a mobile number",
    "undeliverable": "could not be reached; check it with the home",
}


def status_problems(paths: Paths) -> list[str]:
    """One sentence per number the notifier may not text (none when it never ran in this data folder)."""
    path = paths.data_dir / FILE
    if not path.exists():
        return []
    try:
        with Ledger(path) as log:
            found = sms_problems(log)
    except (sqlite3.Error, OSError, UserError) as exc:
        return [f"The notifier's send log could not be read ({type(exc).__name__}), so numbers that cannot "
                "be texted are not shown."]
    problems = []
    for item in found:
        what = SMS_STATES.get(item["state"], item["state"])
        code = f" (code {item['code']})" if item.get("code") else ""
        problems.append(f"The mobile number ending {str(item['number'])[-3:]} {what}{code}.")
    return problems
