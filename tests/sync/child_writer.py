"""A child process that adds stories forever (or COUNT of them), printing each one only after it is
committed. The kill and concurrency tests run it and kill it or race it against others."""

import json
import sys

from sync.profile import open_store
from sync.story import validate_story

count = int(sys.argv[1]) if len(sys.argv) > 1 else 10**9
tag = sys.argv[2] if len(sys.argv) > 2 else "w"
store = open_store()
print("open", flush=True)  # not JSON: the kill test times its kills from here
for i in range(count):
    added = store.add_story(validate_story({"text": f"{tag} story {i}: the lunch was lovely.",
                                            "author_role": "resident"}))
    print(json.dumps({"uuid": added.uuid, "seq": added.seq}), flush=True)
store.close()
