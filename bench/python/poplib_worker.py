#!/usr/bin/env python3
"""Interleaved-comparison worker: logs in once with poplib (AUTH XOAUTH2, implicit TLS) to the given sandbox mailbox,
then for every "fetch" line on stdin RETRs every message (poplib has no pipelining: one RETR at a time) and prints
"<milliseconds> <octets> <cpu milliseconds>".
Driven by `dotnet run -c Release --project bench/AckPoller.Benchmarks -- compare-pop3`.
Usage: poplib_worker.py USER, with the access token as the first line on stdin (kept out of the process list)."""
import base64
import json
import os
import poplib
import ssl
import sys
import time

settings_dir = os.environ.get("ACKPOLLER_SANDBOX_DIR", "/tmp/ackpoller-sandbox")
with open(os.path.join(settings_dir, "sandbox.json")) as f:
    settings = json.load(f)

user, token = sys.argv[1], sys.stdin.readline().strip()
context = ssl.create_default_context(cafile=settings["caFile"])
auth = base64.b64encode(f"user={user}\x01auth=Bearer {token}\x01\x01".encode()).decode()
pop = poplib.POP3_SSL(settings["host"], settings["ports"]["pop3s"], context=context)
pop._shortcmd("AUTH XOAUTH2 " + auth)
count = pop.stat()[0]
print("ready", flush=True)
for command in sys.stdin:
    if command.strip() != "fetch":
        break
    start, cpu = time.perf_counter(), time.process_time()
    messages = [pop.retr(number)[1] for number in range(1, count + 1)]
    elapsed, cpu = (time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000
    # Like Pop3Client: every line plus its CRLF.
    octets = sum(len(line) + 2 for lines in messages for line in lines)
    print(f"{elapsed:.3f} {octets} {cpu:.3f}", flush=True)
pop.quit()
