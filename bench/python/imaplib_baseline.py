#!/usr/bin/env python3
"""Baseline for the README: how fast Python's imaplib and poplib fetch the same sandbox mailbox the
BenchmarkDotNet suites use (bench-2000@sandbox.test, filled by them). Usage: imaplib_baseline.py TOKEN [RUNS]"""
import imaplib
import json
import os
import poplib
import ssl
import statistics
import sys
import time

settings_dir = os.environ.get("ACKPOLLER_SANDBOX_DIR", "/tmp/ackpoller-sandbox")
with open(os.path.join(settings_dir, "sandbox.json")) as f:
    settings = json.load(f)

user = f"bench-2000@{settings['domain']}"
token = sys.argv[1]
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 15
context = ssl.create_default_context(cafile=settings["caFile"])
auth = f"user={user}\x01auth=Bearer {token}\x01\x01"


def measure(action):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), min(times)


imap = imaplib.IMAP4_SSL(settings["host"], settings["ports"]["imaps"], ssl_context=context)
imap.authenticate("XOAUTH2", lambda _: auth.encode())
imap.select("INBOX", readonly=True)
octets = sum(len(part[1]) for part in imap.uid("FETCH", "1:*", "(BODY.PEEK[])")[1] if isinstance(part, tuple))
median, best = measure(lambda: imap.uid("FETCH", "1:*", "(BODY.PEEK[])"))
print(f"imaplib UID FETCH 1:* BODY.PEEK[] ({octets} octets): median {median:.1f} ms, best {best:.1f} ms")
imap.logout()

pop = poplib.POP3_SSL(settings["host"], settings["ports"]["pop3s"], context=context)
pop._shortcmd("AUTH XOAUTH2")
import base64
pop._shortcmd(base64.b64encode(auth.encode()).decode())
count = pop.stat()[0]
median, best = measure(lambda: [pop.retr(i) for i in range(1, count + 1)])
print(f"poplib RETR x{count}: median {median:.1f} ms, best {best:.1f} ms")
pop.quit()
