"""Child processes for the reliability tests: they import okrtui once, then run `okrtui checkin`s.

Run as a script (`python tests/reliability/writers.py MODE`), never imported by pytest:
- `batch STORE KR TAG COUNT`: wait for a line on stdin (a start barrier, so every worker starts at
  once), then run COUNT `okrtui checkin` calls, each raising the blocker `TAG-i`.
- `forks`: a fork server for the crash test. On `fork STORE KR TAG` it forks a child that checks
  in forever and prints each blocker it raised once its command returned; on `reap PID` it waits
  for a killed child. Forking from a warm process makes 30 kills cost seconds, not a minute.
"""

from __future__ import annotations

import os
import sys

from okrtui.cli import main


def checkin(store: str, kr: str, value: int, blocker: str) -> None:
    """One `okrtui checkin KR --value V --confidence 5 --blocker TEXT`, exactly as the CLI runs it."""
    args = [
        *("--store", store, "checkin", kr, f"--value={value}", "--confidence=5", f"--blocker={blocker}"),
        "--force",  # each replaces the last one's check-in of the week: this tests the lock, not conflicts
    ]
    main(args, standalone_mode=False)


def batch(store: str, kr: str, tag: str, count: str) -> None:
    print("ready", flush=True)
    sys.stdin.readline()
    for i in range(int(count)):
        checkin(store, kr, i, f"{tag}-{i}")


def forever(store: str, kr: str, tag: str) -> None:
    i = 0
    while True:
        checkin(store, kr, i, f"{tag}-{i}")
        i += 1


def forks() -> None:
    print("ready", flush=True)
    for line in sys.stdin:
        command, *args = line.split()
        if command == "fork":
            sys.stdout.flush()
            pid = os.fork()
            if pid == 0:
                try:
                    forever(*args)
                finally:
                    os._exit(1)
            print(f"pid {pid}", flush=True)
        elif command == "reap":
            os.waitpid(int(args[0]), 0)
            print(f"reaped {args[0]}", flush=True)


if __name__ == "__main__":
    mode, *rest = sys.argv[1:]
    {"batch": batch, "forks": forks}[mode](*rest)
