#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
#
# A minimal PCS/PCCS-compatible server for tests/integration/quote_verify.sh:
# serves the Intel PCS API v4 paths the `sgxra quote verify --collateral URL`
# fetcher uses, from a directory laid out by the test, with the issuer
# chains URL-encoded in the response headers as Intel's PCS sends them.
#
#   pcs_server.py ROOT PORTFILE LOGFILE
#
# ROOT holds pckcrl/<ca>.der and <ca>.chain, rootcacrl.der,
# <tee>/tcb/<fmspc>.json and .chain, <tee>/qe_identity.json and .chain.
# It binds 127.0.0.1 on a free port, writes the port to PORTFILE once it
# listens, and appends one line per request to LOGFILE. Stop it by PID.
import http.server
import os
import sys
import urllib.parse

ROOT, PORTFILE, LOGFILE = sys.argv[1], sys.argv[2], sys.argv[3]


def read(rel):
    with open(os.path.join(ROOT, rel), "rb") as f:
        return f.read()


class Handler(http.server.BaseHTTPRequestHandler):
    def route(self):
        u = urllib.parse.urlparse(self.path)
        q = urllib.parse.parse_qs(u.query)
        parts = u.path.strip("/").split("/")
        if len(parts) < 4 or parts[1:3] != ["certification", "v4"]:
            return None
        tee, what = parts[0], "/".join(parts[3:])
        if what == "pckcrl" and tee == "sgx":
            ca = q.get("ca", [""])[0]
            return (f"pckcrl/{ca}.der", "SGX-PCK-CRL-Issuer-Chain",
                    f"pckcrl/{ca}.chain")
        if what == "rootcacrl" and tee == "sgx":
            return ("rootcacrl.der", None, None)
        if what == "tcb":
            fmspc = q.get("fmspc", [""])[0].lower()
            return (f"{tee}/tcb/{fmspc}.json", "TCB-Info-Issuer-Chain",
                    f"{tee}/tcb/{fmspc}.chain")
        if what == "qe/identity":
            return (f"{tee}/qe_identity.json",
                    "SGX-Enclave-Identity-Issuer-Chain",
                    f"{tee}/qe_identity.chain")
        return None

    def do_GET(self):
        with open(LOGFILE, "a") as log:
            log.write(self.path + "\n")
        r = self.route()
        try:
            body = read(r[0]) if r else None
            chain = read(r[2]) if r and r[2] else None
        except OSError:
            body = None
        if body is None:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        if chain is not None:
            self.send_header(r[1], urllib.parse.quote(chain, safe=""))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, fmt, *args):
        pass


server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
with open(PORTFILE + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.rename(PORTFILE + ".tmp", PORTFILE)
server.serve_forever()
