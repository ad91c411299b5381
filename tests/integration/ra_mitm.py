#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""A man in the middle between the application and sgxra-spd, for
tests/integration/ra.sh. It listens on 127.0.0.1 (a port of its own,
written to PORT_FILE), forwards POST /ra/v1/msg01 and /ra/v1/msg3 to the
SP, and changes what the mode says:

  pass          nothing (msg3 is saved to SAVE_DIR/msg3, session id too)
  flip2:N       flip bit N of msg2 on its way back
  flip3:N       flip bit N of msg3 on its way to the SP
  gb            replace g_b in msg2 with another point (the generator)
  ga3           replace g_a in msg3 with another point
  trunc3        cut the last byte of msg3
  grow3         add one byte to msg3
  ras:PORT      speak sgx-ra-sample's hex-line transport to the SP's TCP
                PORT instead of HTTP, and save its 105-byte msg4 to
                SAVE_DIR/ras-msg4 (the enclave then refuses it: that form
                is not authenticated)

usage: ra_mitm.py SP_URL PORT_FILE SAVE_DIR MODE
It serves until killed (the test stops it by PID); each request has a
10-second limit towards the SP.
"""
import http.server
import os
import socket
import sys
import urllib.error
import urllib.request

SP, PORT_FILE, SAVE, MODE = sys.argv[1:5]
# P-256 generator, little-endian coordinates (a valid point that is not g_b)
G_LE = bytes.fromhex(
    "6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296"
)[::-1] + bytes.fromhex(
    "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5"
)[::-1]

ras = {"sock": None, "file": None}


def flip(b, n):
    b = bytearray(b)
    b[n // 8] ^= 1 << (n % 8)
    return bytes(b)


def ras_exchange(body, first):
    if first:
        s = socket.create_connection(("127.0.0.1", int(MODE[4:])), timeout=10)
        ras["sock"], ras["file"] = s, s.makefile("rb")
    ras["sock"].sendall(body.hex().encode() + b"\n")
    line = ras["file"].readline().strip()
    return bytes.fromhex(line.decode())


class H(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass

    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(n)
        sess = self.headers.get("X-SGXRA-Session")
        is3 = self.path == "/ra/v1/msg3"
        if is3:
            if MODE.startswith("flip3:"):
                body = flip(body, int(MODE[6:]))
            elif MODE == "ga3":
                body = body[:16] + G_LE + body[80:]
            elif MODE == "trunc3":
                body = body[:-1]
            elif MODE == "grow3":
                body = body + b"\0"
            with open(os.path.join(SAVE, "msg3"), "wb") as f:
                f.write(body)
            with open(os.path.join(SAVE, "session"), "w") as f:
                f.write(sess or "")
        if MODE.startswith("ras:"):
            out = ras_exchange(body, not is3)
            if is3:
                with open(os.path.join(SAVE, "ras-msg4"), "wb") as f:
                    f.write(out)
            self.send_response(200)
            self.send_header("X-SGXRA-Session", "0" * 32)
            self.send_header("Content-Length", str(len(out)))
            self.end_headers()
            self.wfile.write(out)
            return
        req = urllib.request.Request(SP + self.path, data=body, method="POST")
        req.add_header("Content-Type", "application/octet-stream")
        if sess:
            req.add_header("X-SGXRA-Session", sess)
        try:
            r = urllib.request.urlopen(req, timeout=10)
            status, hdrs, out = r.status, r.headers, r.read()
        except urllib.error.HTTPError as e:
            status, hdrs, out = e.code, e.headers, e.read()
        if not is3 and status == 200:
            if MODE.startswith("flip2:"):
                out = flip(out, int(MODE[6:]))
            elif MODE == "gb":
                out = G_LE + out[64:]
        self.send_response(status)
        for h in ("X-SGXRA-Session", "X-SGXRA-Verdict", "Content-Type"):
            if hdrs.get(h):
                self.send_header(h, hdrs.get(h))
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)


srv = http.server.HTTPServer(("127.0.0.1", 0), H)
with open(PORT_FILE + ".tmp", "w") as f:
    f.write(str(srv.server_address[1]))
os.rename(PORT_FILE + ".tmp", PORT_FILE)
srv.serve_forever()
