"""Child process that runs the embedded ArcadeDB server with its Bolt plugin.

Run by :mod:`netmap.store.embedded`, never imported by it: a JVM started
through JPype cannot be restarted in one process, and a child can be stopped,
killed and started again. The parent's pipe on stdin is a lifeline: when it
closes (the parent stopped or died), the server stops and the process exits.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--root", type=Path, required=True)
    parser.add_argument("--password-file", type=Path, required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--bolt-port", type=int, required=True)
    parser.add_argument("--http-port", type=int, required=True)
    parser.add_argument("--ready-file", type=Path, required=True)
    args = parser.parse_args()

    from arcadedb_embedded import ArcadeDBServer

    server = ArcadeDBServer(
        root_path=str(args.root),
        root_password=args.password_file.read_text().strip(),
        config={
            "host": "127.0.0.1",
            "http_port": args.http_port,
            "server_plugins": "Bolt:com.arcadedb.bolt.BoltProtocolPlugin",
            "bolt_port": args.bolt_port,
        },
    )
    server.start()
    if not (args.root / "databases" / args.database).exists():
        server.create_database(args.database)

    stopped = threading.Event()

    def stop(*_: object) -> None:
        stopped.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    threading.Thread(target=lambda: (sys.stdin.read(), stop()), daemon=True).start()

    args.ready_file.write_text("ready\n")
    stopped.wait()
    server.stop()


if __name__ == "__main__":
    main()
