#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""End-to-end tests of htstress against a scripted HTTP server.

Usage: selftest.py PATH/TO/htstress SCENARIO   (or "all")

The server listens on 127.0.0.1 at an ephemeral port; the request path
picks its behaviour (keep-alive, close-delimited, chunked, interim 1xx,
closing mid-response, stalling, ...).  Each scenario runs htstress with
--json and asserts the exact good/bad/error counts.
"""
import json
import random
import socket
import struct
import subprocess
import sys
import threading
import time

CHUNKED_BODY = (b"4;note=\"x\"\r\nWiki\r\n"
                b"B\r\npedia in \r\n\r\n"
                b"1000\r\n" + b"c" * 0x1000 + b"\r\n"
                b"0\r\nX-Trailer: 1\r\n\r\n")
CLOSE_BODY = bytes(range(256)) * 12


class Server:
    """Threaded raw-socket HTTP server; one thread per connection."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(512)
        self.port = self.sock.getsockname()[1]
        self.lock = threading.Lock()
        self.counter = 0            # requests seen by /status, in order
        self.requests = 0           # request heads parsed
        self.responses = 0          # complete responses written
        self.connections = 0
        self.max_pipeline = 0       # most requests parsed from one read
        self.close_requested = 0    # requests carrying "Connection: close"
        self.malformed = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def url(self, path):
        return "http://127.0.0.1:%d%s" % (self.port, path)

    def close(self):
        self.sock.close()

    def _accept(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with self.lock:
                self.connections += 1
                seed = self.connections
            threading.Thread(target=self._serve, args=(conn, seed),
                             daemon=True).start()

    def _serve(self, conn, seed):
        try:
            self._serve_conn(conn, random.Random(seed))
        except OSError:
            pass
        finally:
            conn.close()

    def _serve_conn(self, conn, rng):
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        buf = b""
        served = 0
        while True:
            data = conn.recv(65536)
            if not data:
                return
            buf += data
            heads = []
            while b"\r\n\r\n" in buf:
                head, buf = buf.split(b"\r\n\r\n", 1)
                heads.append(head)
            if not heads:
                continue
            with self.lock:
                self.requests += len(heads)
                self.max_pipeline = max(self.max_pipeline, len(heads))
            out, end, frag, answered = b"", None, False, 0
            for head in heads:
                served += 1
                resp, end, frag = self._respond(head, served)
                if resp is None:        # stall: never answer
                    break
                out += resp
                answered += 1
                if end:
                    break
            # Count before writing: htstress may finish before we resume.
            if end != "partial":
                with self.lock:
                    self.responses += answered
            # Pipelined responses go out in one write unless fragmenting.
            if frag:
                pos = 0
                while pos < len(out):
                    n = rng.randint(1, max(1, len(out) // 3))
                    conn.sendall(out[pos:pos + n])
                    pos += n
                    time.sleep(0.0003)
            elif out:
                conn.sendall(out)
            if end == "reset":
                conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                struct.pack("ii", 1, 0))
                return
            if end:
                # Lingering close: FIN after the data, then drain, so
                # unread requests do not turn the close into a reset.
                conn.shutdown(socket.SHUT_WR)
                conn.settimeout(2)
                while conn.recv(65536):
                    pass
                return

    def _respond(self, head, served):
        """Return (bytes or None, how the connection ends, fragment?)."""
        lines = head.decode("latin-1").split("\r\n")
        parts = lines[0].split(" ")
        hdrs = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            hdrs[name.strip().lower()] = value.strip()
        if len(parts) != 3 or parts[2] != "HTTP/1.1" or "host" not in hdrs:
            with self.lock:
                self.malformed += 1
            return b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n", \
                None, False
        method, target = parts[0], parts[1]
        path, _, query = target.partition("?")
        frag = query == "frag"
        close = hdrs.get("connection", "").lower() == "close"
        if close:
            with self.lock:
                self.close_requested += 1
        end = "close" if close else None
        conn_hdr = "Connection: close\r\n" if close else ""

        def simple(status, body, extra=""):
            return ("HTTP/1.1 %s\r\nContent-Length: %d\r\n%s%s\r\n" %
                    (status, len(body), extra, conn_hdr)).encode() + body

        if path == "/ka":
            return simple("200 OK", b"hello"), end, frag
        if path == "/close":
            return (b"HTTP/1.1 200 OK\r\nContent-Type: x/y\r\n\r\n" +
                    CLOSE_BODY), "close", frag
        if path == "/chunked":
            return (("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n%s"
                     "\r\n" % conn_hdr).encode() + CHUNKED_BODY), end, frag
        if path == "/status":
            with self.lock:
                n = self.counter
                self.counter += 1
            status = {1: "404 Not Found", 3: "503 Busy"}.get(n % 4, "200 OK")
            return simple(status, b"s" * (n % 7)), end, frag
        if path == "/head":
            if method != "HEAD":
                return simple("405 Method Not Allowed", b""), end, frag
            return (b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n",
                    end, frag)
        if path == "/interim":
            return (b"HTTP/1.1 100 Continue\r\n\r\n"
                    b"HTTP/1.1 103 Early Hints\r\nLink: </s>\r\n\r\n" +
                    simple("200 OK", b"ok")), end, frag
        if path == "/close3":
            if served % 3 == 0:
                return (b"HTTP/1.1 200 OK\r\nConnection: close\r\n"
                        b"Content-Length: 2\r\n\r\nok"), "close", frag
            return simple("200 OK", b"ok"), end, frag
        if path == "/http10":
            if served == 1:
                return (b"HTTP/1.0 200 OK\r\nConnection: keep-alive\r\n"
                        b"Content-Length: 2\r\n\r\nok"), None, frag
            return b"HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok", \
                "close", frag
        if path == "/hdr":
            ok = (method == "POST" and hdrs.get("x-test") == "42" and
                  hdrs.get("x-other") == "a b" and
                  hdrs.get("content-length") == "0")
            return simple("200 OK" if ok else "400 Bad Request", b""), \
                end, frag
        if path == "/midclose":
            return (b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n" +
                    b"x" * 10), "partial", frag
        if path == "/reset":
            return b"", "reset", frag
        if path == "/garbage":
            return b"HTTP/1.1 2OO OK\r\n\r\n", "close", frag
        if path == "/stall":
            return None, None, frag
        return simple("404 Not Found", b""), end, frag


class Failure(Exception):
    pass


def check(cond, what):
    if not cond:
        raise Failure(what)


def htstress(args, expect_rc=0, timeout=15):
    cmd = [HTSTRESS] + args
    t0 = time.monotonic()
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    wall = time.monotonic() - t0
    print("$ %s  -> rc %d, %.2f s" % (" ".join(args), p.returncode, wall))
    if p.stderr:
        print(p.stderr.rstrip())
    check(p.returncode == expect_rc,
          "exit status %d, expected %d" % (p.returncode, expect_rc))
    return p.stdout, wall


def run_json(args, expect_rc=0, timeout=15):
    out, wall = htstress(args + ["--json"], expect_rc, timeout)
    try:
        r = json.loads(out)
    except ValueError:
        raise Failure("not one JSON object: %r" % out)
    r["wall"] = wall
    print("  good=%d bad=%d errors=%d %s %s" % (
        r["good"], r["bad"], r["errors"], r["bad_by_class"],
        r["errors_by_kind"]))
    check(r["requests"] == r["good"] + r["bad"] + r["errors"],
          "requests != good + bad + errors")
    return r


def expect_counts(r, good, bad=0, errors=0):
    check((r["good"], r["bad"], r["errors"]) == (good, bad, errors),
          "good/bad/errors %d/%d/%d, expected %d/%d/%d" %
          (r["good"], r["bad"], r["errors"], good, bad, errors))


def sc_keepalive(s):
    r = run_json(["-n", "2000", "-c", "8", "-t", "2", "-k", "-e",
                  s.url("/ka")])
    expect_counts(r, 2000)
    check(s.connections <= 8, "%d connections for -c 8" % s.connections)
    check(r["bytes_received"] > 0 and r["requests_per_s"] > 0, "rates")
    lat = r["latency_us"]
    check(lat["min"] <= lat["p50"] <= lat["p90"] <= lat["p99"] <= lat["max"],
          "latency percentiles not ordered: %s" % lat)
    # Human output ends with the line scripts grep for.
    out, _ = htstress(["-n", "100", "-c", "2", "-k", s.url("/ka")])
    check(out.splitlines()[-1] == "good=100 bad=0 errors=0",
          "final line %r" % out.splitlines()[-1])
    out, _ = htstress(["-q", "-n", "10", "-k", s.url("/ka")])
    check(out == "good=10 bad=0 errors=0\n", "quiet output %r" % out)


def sc_close_per_request(s):
    r = run_json(["-n", "300", "-c", "4", s.url("/ka")])
    expect_counts(r, 300)
    check(s.connections == 300, "%d connections, want one per request"
          % s.connections)
    check(s.close_requested == 300, "Connection: close not sent")


def sc_close_delimited(s):
    r = run_json(["-n", "200", "-c", "4", s.url("/close?frag")])
    expect_counts(r, 200)
    check(r["bytes_received"] >= 200 * len(CLOSE_BODY), "body bytes")
    # With -k the server's close is announced by the framing: reopen.
    r = run_json(["-n", "200", "-c", "4", "-k", s.url("/close")])
    expect_counts(r, 200)


def sc_chunked_fragments(s):
    r = run_json(["-n", "300", "-c", "4", "-k", s.url("/chunked?frag")])
    expect_counts(r, 300)
    check(s.connections == 4, "chunked responses must keep the connection")


def sc_pipelined(s):
    r = run_json(["-n", "2000", "-c", "4", "-t", "2", "-k", "-p", "8",
                  s.url("/ka")])
    expect_counts(r, 2000)
    check(s.max_pipeline > 1, "no pipelining seen by the server")
    check(s.requests == 2000, "server saw %d requests" % s.requests)


def sc_pipelined_chunked(s):
    r = run_json(["-n", "1000", "-c", "3", "-k", "-p", "5",
                  s.url("/chunked")])
    expect_counts(r, 1000)
    r = run_json(["-n", "100", "-c", "2", "-k", "-p", "7",
                  s.url("/chunked?frag")])
    expect_counts(r, 100)


def sc_status_classes(s):
    r = run_json(["-n", "400", "-c", "4", "-k", s.url("/status")])
    expect_counts(r, 200, 200)
    check(r["bad_by_class"] == {"1xx": 0, "3xx": 0, "4xx": 100, "5xx": 100,
                                "other": 0}, "classes")
    run_json(["-n", "8", "-k", "-e", s.url("/status")], expect_rc=3)


def sc_head(s):
    # A parser expecting the announced body would stall into timeouts.
    r = run_json(["-n", "200", "-c", "2", "-k", "-m", "HEAD", "-T", "2",
                  s.url("/head")])
    expect_counts(r, 200)
    check(s.connections == 2, "HEAD responses must keep the connection")


def sc_interim_1xx(s):
    r = run_json(["-n", "200", "-c", "2", "-k", "-p", "3",
                  s.url("/interim?frag")])
    expect_counts(r, 200)


def sc_server_close_pipelined(s):
    r = run_json(["-n", "999", "-c", "3", "-k", "-p", "4", s.url("/close3")])
    expect_counts(r, 999)
    check(s.responses == 999, "server answered %d" % s.responses)
    check(s.connections >= 333, "server closes every third response")


def sc_http10(s):
    r = run_json(["-n", "300", "-c", "3", "-k", s.url("/http10")])
    expect_counts(r, 300)
    # Two requests per connection; the last ones may get only one.
    check(150 <= s.connections <= 153, "%d connections, HTTP/1.0 "
          "keep-alive used once per connection" % s.connections)


def sc_extra_headers(s):
    r = run_json(["-n", "50", "-c", "2", "-k", "-m", "POST",
                  "-H", "X-Test: 42", "-H", "X-Other: a b", s.url("/hdr")])
    expect_counts(r, 50)
    r = run_json(["-n", "50", "-c", "2", "-k", "-m", "POST", s.url("/hdr")])
    expect_counts(r, 0, 50)
    check(s.malformed == 0, "server found malformed requests")


def sc_mid_close(s):
    r = run_json(["-n", "50", "-c", "2", s.url("/midclose")])
    expect_counts(r, 0, 0, 50)
    check(r["errors_by_kind"]["eof"] == 50, "EOF mid-response is 'eof'")
    r = run_json(["-n", "50", "-c", "2", "-k", "-p", "3",
                  s.url("/midclose?frag")])
    expect_counts(r, 0, 0, 50)
    run_json(["-n", "5", "-e", s.url("/midclose")], expect_rc=3)
    r = run_json(["-n", "50", "-c", "2", "-k", s.url("/reset")])
    expect_counts(r, 0, 0, 50)
    r = run_json(["-n", "50", "-c", "2", s.url("/garbage")])
    expect_counts(r, 0, 0, 50)
    check(r["errors_by_kind"]["protocol"] == 50, "malformed is 'protocol'")


def sc_stall(s):
    r = run_json(["-n", "4", "-c", "2", "-T", "0.5", s.url("/stall")])
    expect_counts(r, 0, 0, 4)
    check(r["errors_by_kind"]["timeout"] == 4, "stalls are timeouts")
    check(r["wall"] < 5, "took %.1f s" % r["wall"])


def sc_refused(s):
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()               # nothing listens there now
    r = run_json(["-n", "20", "-c", "2", "-k",
                  "http://127.0.0.1:%d/" % port])
    expect_counts(r, 0, 0, 20)
    check(r["errors_by_kind"]["connect"] == 20, "refused is 'connect'")


def sc_duration(s):
    r = run_json(["-d", "1", "-c", "4", "-k", s.url("/ka")])
    check(r["good"] > 0 and r["bad"] == 0 and r["errors"] == 0, "counts")
    check(0.9 < r["elapsed_s"] < 2 and r["wall"] < 5, "elapsed %.2f" %
          r["elapsed_s"])
    r = run_json(["-d", "10", "-n", "50", "-k", s.url("/ka")])
    expect_counts(r, 50)
    check(r["wall"] < 5, "-n must end the run before -d")
    r = run_json(["-d", "1", "-T", "30", "-c", "2", s.url("/stall")])
    expect_counts(r, 0)
    check(r["wall"] < 5, "-d must end a stalled run")


def sc_usage(s):
    url = s.url("/ka")
    for args in ([], [url, url], ["-p", "2", url], ["-c", "0", url],
                 ["-n", "x", url], ["-T", "0", url], ["-H", "NoColon", url],
                 ["-m", "GE T", url], ["--bogus", url], ["https://h/"],
                 ["http://h:99999/"], ["http://nonexistent.invalid/"]):
        htstress(args, expect_rc=1)
    out, _ = htstress(["-h"])
    check("Usage" in out, "help text")


SCENARIOS = {name[3:]: fn for name, fn in globals().items()
             if name.startswith("sc_")}


def main():
    global HTSTRESS
    if len(sys.argv) != 3 or (sys.argv[2] not in SCENARIOS and
                              sys.argv[2] != "all"):
        print("usage: %s HTSTRESS {%s|all}" %
              (sys.argv[0], "|".join(SCENARIOS)), file=sys.stderr)
        return 2
    HTSTRESS = sys.argv[1]
    names = list(SCENARIOS) if sys.argv[2] == "all" else [sys.argv[2]]
    failed = 0
    for name in names:
        server = Server()
        try:
            SCENARIOS[name](server)
            print("PASS %s" % name)
        except (Failure, subprocess.TimeoutExpired) as e:
            print("FAIL %s: %s" % (name, e))
            failed += 1
        finally:
            server.close()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
