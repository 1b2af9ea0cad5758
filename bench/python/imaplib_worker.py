#!/usr/bin/env python3
"""Interleaved-comparison worker: logs in once with imaplib (XOAUTH2, implicit TLS) to the given sandbox mailbox,
then for every "fetch" line on stdin runs UID FETCH 1:* BODY.PEEK[] and prints "<milliseconds> <octets> <cpu milliseconds>".
Driven by `dotnet run -c Release --project bench/AckPoller.Benchmarks -- compare-imap`.
Usage: imaplib_worker.py USER, with the access token as the first line on stdin (kept out of the process list)."""
import imaplib
import json
import os
import ssl
import sys
import time

settings_dir = os.environ.get("ACKPOLLER_SANDBOX_DIR", "/tmp/ackpoller-sandbox")
with open(os.path.join(settings_dir, "sandbox.json")) as f:
    settings = json.load(f)

user, token = sys.argv[1], sys.stdin.readline().strip()
context = ssl.create_default_context(cafile=settings["caFile"])
auth = f"user={user}\x01auth=Bearer {token}\x01\x01"
imap = imaplib.IMAP4_SSL(settings["host"], settings["ports"]["imaps"], ssl_context=context)
imap.authenticate("XOAUTH2", lambda _: auth.encode())
imap.select("INBOX", readonly=True)
print("ready", flush=True)
for command in sys.stdin:
    if command.strip() != "fetch":
        break
    start, cpu = time.perf_counter(), time.process_time()
    data = imap.uid("FETCH", "1:*", "(BODY.PEEK[])")[1]
    elapsed, cpu = (time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000
    octets = sum(len(part[1]) for part in data if isinstance(part, tuple))
    print(f"{elapsed:.3f} {octets} {cpu:.3f}", flush=True)
imap.logout()
