#!/usr/bin/env python3
"""Manual benchmark (not run by CI): peak RSS of `syncnode sync` against
peers that stream an endless body. Usage:
    .ci/hostile-rss.py [SYNCNODE_BINARY] [PEERS] [CONCURRENCY]
Starts PEERS plain-HTTP loopback stand-ins (each answers every request with
an endless chunked body), makes a scratch home trusting them, runs `sync`
under /usr/bin/time -v and prints the peak RSS. Every child is stopped by PID.
"""
import http.server, json, os, re, shutil, socketserver, subprocess, sys, tempfile, threading

binary = sys.argv[1] if len(sys.argv) > 1 else ".build/debug/syncnode"
peers = int(sys.argv[2]) if len(sys.argv) > 2 else 4
concurrency = int(sys.argv[3]) if len(sys.argv) > 3 else 4

class Endless(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        chunk = b" " * 65536
        try:
            while True:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        except OSError:
            pass
    def log_message(self, *a):
        pass

class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True

servers = [Server(("127.0.0.1", 0), Endless) for _ in range(peers)]
for s in servers:
    threading.Thread(target=s.serve_forever, daemon=True).start()
scratch = tempfile.mkdtemp(prefix="hostile-rss-")
try:
    home, other = os.path.join(scratch, "home"), os.path.join(scratch, "other")
    def run(*args):
        return subprocess.run([binary, *args], check=True, capture_output=True, text=True, timeout=60).stdout
    run("init", "--name", "bench", "--home", home)
    run("init", "--name", "other", "--home", other)
    key = json.loads(run("whoami", "--json", "--home", other))["public_key"]
    for i, s in enumerate(servers):
        run("peer", "add", "peer%d" % i, "--url", "http://127.0.0.1:%d" % s.server_address[1],
            "--public-key", key, "--home", home)
    p = subprocess.run(["/usr/bin/time", "-v", binary, "sync", "--concurrency", str(concurrency),
                        "--attempts", "3", "--home", home], capture_output=True, text=True, timeout=600)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr)
    wall = re.search(r"Elapsed \(wall clock\) time.*: (\S+)", p.stderr)
    print("peers=%d concurrency=%d exit=%d peak_rss_mb=%.1f wall=%s" % (
        peers, concurrency, p.returncode, int(rss.group(1)) / 1024 if rss else -1, wall.group(1) if wall else "?"))
    for line in p.stdout.splitlines()[:peers + 2]:
        print("  " + line[:220])
finally:
    for s in servers:
        s.shutdown()
    shutil.rmtree(scratch, ignore_errors=True)
