"""A long-lived process that holds the review database open, as the TUI does, driven over stdin.

Commands, one per line; each answers one line on stdout once it is done:
  note CLAIM TEXT   add a note through the long-lived connection    -> "ok NOTE_ID" | "error MESSAGE"
  verdict CLAIM LABEL  set a verdict through the long-lived connection -> "ok VERSION" | "error MESSAGE"
  peek              open and close a second, short-lived connection through the store (as the TUI's
                    workers and counters do)                           -> "ok"
  quit              close and exit                                     -> "bye"
"""

from __future__ import annotations

import sys

from workbench.actions import review
from workbench.errors import WorkbenchError
from workbench.store import claims as claim_store
from workbench.store.database import open_database


def main(path: str, actor: str) -> int:
    database = open_database(path)
    print("ready", flush=True)
    for line in sys.stdin:
        command, _, rest = line.strip().partition(" ")
        try:
            if command == "note":
                claim, _, text = rest.partition(" ")
                print(f"ok {review.add_note(database, int(claim), text, actor=actor)}", flush=True)
            elif command == "verdict":
                claim, _, label = rest.partition(" ")
                current = claim_store.get(database.conn, int(claim))
                review.set_verdict(database, int(claim), label, actor=actor, expected_version=current.version)
                print(f"ok {claim_store.get(database.conn, int(claim)).version}", flush=True)
            elif command == "peek":
                with open_database(path) as other:
                    other.conn.execute("SELECT count(*) FROM claims").fetchone()
                print("ok", flush=True)
            elif command == "quit":
                break
            else:
                print(f"error unknown command {command!r}", flush=True)
        except WorkbenchError as exc:
            print(f"error {exc}", flush=True)
    database.close()
    print("bye", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1], sys.argv[2]))
