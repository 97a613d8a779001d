#!/usr/bin/env python3
# Usage: bench/moto_keepalive.py PORT  (after `.venv/bin/pip install waitress==3.0.2`)
"""moto's application under a WSGI server that keeps connections open, as AWS does.

moto's own server answers every request with `Connection: close`, so each call against it pays
for a new TCP connection; a client tuned to that would be tuned to the emulator. This serves the
same application on 127.0.0.1:PORT over HTTP/1.1 keep-alive (waitress, four threads), for
measuring the DynamoDB workloads against both (`bench/compare_ddb.py`)."""
import sys

import waitress
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app

waitress.serve(DomainDispatcherApplication(create_backend_app), host="127.0.0.1",
               port=int(sys.argv[1]), threads=4, _quiet=True)
