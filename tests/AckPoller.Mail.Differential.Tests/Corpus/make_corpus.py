#!/usr/bin/env python3
"""Writes the differential corpus: every .eml under generated/, rfc/, shapes/ and reply-parser/ (CRLF line ends).

Deterministic (a fixed seed, no clock, no GUIDs): edit this script and re-run it rather than editing files by hand.
- generated/: replies in the reply styles of the sandbox's mail clients (tests/AckPoller.Integration.Tests/EndToEnd/
  ReplyStyles.cs: Outlook, Outlook "Original Message", Gmail, Apple Mail, iPhone, plain, HTML-only) plus Thunderbird
  (format=flowed), Outlook on the web and Samsung, in several charsets, transfer encodings, header encodings and
  structures (attachments, forwards, bounces, auto-replies).
- rfc/: the example messages of RFC 5322 appendix A, RFC 2046, RFC 2047, RFC 2049 and RFC 2231, as the RFCs print them.
- shapes/: issue 10's real-world shapes.
- reply-parser/: the reply bodies of /work/shared/corpus/email_reply_parser (MIT, see LICENSE.email_reply_parser)
  wrapped in headers.
People, servers and ids are invented; domains are reserved .example/.test names except in the RFC examples.
"""
import base64
import os
import quopri
import random
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = "/work/shared/corpus/email_reply_parser"
rng = random.Random(20261206)


def write(folder, name, text, encoding="utf-8"):
    path = os.path.join(HERE, folder)
    os.makedirs(path, exist_ok=True)
    data = text if isinstance(text, bytes) else text.encode(encoding)
    data = data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    with open(os.path.join(path, name + ".eml"), "wb") as f:
        f.write(data)


def b_word(text, charset="utf-8"):
    return "=?%s?B?%s?=" % (charset, base64.b64encode(text.encode(charset)).decode())


def q_word(text, charset="utf-8"):
    out = []
    for byte in text.encode(charset):
        c = chr(byte)
        if c == " ":
            out.append("_")
        elif c.isalnum() and byte < 128:
            out.append(c)
        else:
            out.append("=%02X" % byte)
    return "=?%s?Q?%s?=" % (charset, "".join(out))


def encode_body(text, charset, cte):
    """Returns (header lines, body) for text in charset with the transfer encoding cte."""
    raw = text.replace("\r\n", "\n").encode(charset)
    if cte == "quoted-printable":
        body = quopri.encodestring(raw).decode("ascii")
    elif cte == "base64":
        body = base64.encodebytes(raw).decode("ascii")
    else:
        body = raw.decode(charset)
    return cte, body


def dates():
    zones = ["+0000", "+0100", "-0500", "+0530", "-0800", "+0900", "GMT", "UT", "EST", "-0330"]
    days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    i = 0
    while True:
        day = 1 + i % 28
        month = i % 12
        year = 2025 + i % 2
        import datetime
        weekday = days[datetime.date(year, month + 1, day).weekday()]
        zone = zones[i % len(zones)]
        clock = "%02d:%02d:%02d" % ((7 * i) % 24, (13 * i) % 60, (29 * i) % 60)
        form = i % 5
        if form == 0:
            yield "%s, %d %s %d %s %s" % (weekday, day, months[month], year, clock, zone)
        elif form == 1:
            yield "%s, %02d %s %d %s %s" % (weekday, day, months[month], year, clock, zone)
        elif form == 2:
            yield "%d %s %d %s %s" % (day, months[month], year, clock, zone)
        elif form == 3:
            yield "%s, %d %s %d %s %s (%s)" % (weekday, day, months[month], year, clock, "+0100", "CET")
        else:
            yield "%s, %d %s %d %s" % (weekday, day, months[month], year, clock[:5] + ":00 -0700")
        i += 1


DATES = dates()

NEW_TEXTS = [
    "ack",
    "Ack - on it",
    "ACK!",
    "resolve - restarted the service",
    "Resolved. Disk cleaned up, 40% free now.",
    "snooze 2h",
    "snooze 30m waiting for the vendor",
    "note Looking at the replication lag, will update",
    "unack, wrong person - passing to the DB team",
    "Hi team,\n\nresolve - restarted it\n\nThanks,\nAnn",
    "ack, je regarde ça tout de suite",
    "ack – schaue ich mir an, Grüße",
    "ack, смотрю",
    "確認しました。ack",
    "ack 👍 on my way",
    "Ack.\n\n-- \nAnn Example\nSRE, Example Corp\n+1 555 0100",
    "ack\n\nSent from my iPhone",
    "close\n\nfixed by rolling back deploy 4711",
    "Acknowledged, looking into it now. The error rate started at 10:02 after the config push.",
    "ack'd",
    "*ack*",
    "> ack\nsorry, quoting went wrong: ack",
]

STYLES = ["outlook", "outlook-original", "gmail", "apple", "iphone", "plain", "html-only", "thunderbird-flowed",
          "outlook-web", "samsung"]

PEOPLE = [
    ("Ann Example", "ann@example.com"),
    ("Doe, John", "john.doe@example.org"),
    ("José Núñez", "jose@example.net"),
    ("Ольга Петрова", "olga@example.ru"),
    ("田中 太郎", "tanaka@example.jp"),
    ("O'Brien, Pat", "pat.obrien@example.ie"),
    ("", "oncall@example.com"),
    ("Bob (SRE)", "bob@example.com"),
]

ALERTS = [
    "[ALERT] disk full on db-01",
    "[FIRING:1] HighLatency api (prod)",
    "[P1] Payment gateway 5xx rate above 5%",
    "[ALERT] Überlast auf app-03",
    "[WARN] certificate expires in 7 days: mail.example.com",
]


def html_escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def name_header(name, address, charset):
    if not name:
        return address if rng.random() < 0.5 else "<%s>" % address
    try:
        name.encode("ascii")
        ascii_name = True
    except UnicodeEncodeError:
        ascii_name = False
    if ascii_name:
        if any(c in name for c in ",()'.") and rng.random() < 0.7:
            return '"%s" <%s>' % (name, address)
        return "%s <%s>" % (name, address)
    word = q_word(name, "utf-8") if rng.random() < 0.5 else b_word(name, "utf-8")
    return "%s <%s>" % (word, address)


def subject_header(subject):
    r = rng.random()
    try:
        subject.encode("ascii")
        ascii_subject = True
    except UnicodeEncodeError:
        ascii_subject = False
    if ascii_subject and r < 0.7:
        if len(subject) > 40 and r < 0.3:
            cut = subject.rfind(" ", 0, 30)
            return subject[:cut] + "\n " + subject[cut + 1:]
        return subject
    if r < 0.85:
        return q_word(subject)
    half = len(subject) // 2
    return b_word(subject[:half]) + "\n " + b_word(subject[half:])


def representable(text, charset):
    try:
        text.encode(charset)
        return True
    except UnicodeEncodeError:
        return False


def text_part(text, subtype="plain", extra=""):
    charset = "utf-8"
    for candidate in rng.sample(["utf-8", "iso-8859-1", "windows-1252", "us-ascii"], 4):
        if representable(text, candidate):
            charset = candidate
            break
    cte = rng.choice(["7bit", "8bit", "quoted-printable", "base64"]) if charset != "us-ascii" else rng.choice(["7bit", "quoted-printable"])
    if cte == "7bit" and not representable(text, "ascii"):
        cte = "8bit"
    cte, body = encode_body(text, charset, cte)
    header = "Content-Type: text/%s; charset=%s%s\nContent-Transfer-Encoding: %s\n" % (
        subtype, charset if rng.random() < 0.5 else '"%s"' % charset, extra, cte)
    return header, body, charset


def reply(index, style):
    new_text = NEW_TEXTS[index % len(NEW_TEXTS)]
    alert = ALERTS[index % len(ALERTS)]
    name, address = PEOPLE[index % len(PEOPLE)]
    date = next(DATES)
    alert_date = next(DATES)
    alert_id = "alert-%d.%d@ackpoller.example" % (index, index * 7 % 13)
    alert_text = "Alert: %s\nHost: db-%02d\nValue: %d%%\n\nReply \"ack\" to acknowledge, \"resolve\" when fixed." % (alert, index % 20, 90 + index % 10)
    quoted = "\n".join("> " + line if line else ">" for line in alert_text.split("\n"))
    prefix = "RE: " if style.startswith("outlook") else "Re: "
    headers = []
    if index % 4 == 0:
        headers.append("Return-Path: <%s>" % address)
        headers.append("Received: from mx.example.com (mx.example.com [192.0.2.%d])\n\tby imap.example.com with ESMTPS id %05d\n\tfor <alerts@ackpoller.example>; %s" % (index % 250, index, date))
    headers.append("From: " + name_header(name, address, "utf-8"))
    to = "AckPoller Alerts <alerts@ackpoller.example>"
    if index % 3 == 0:
        to += ",\n oncall-team@example.com"
    headers.append("To: " + to)
    if index % 5 == 1:
        headers.append("Cc: " + name_header(*PEOPLE[(index + 3) % len(PEOPLE)], "utf-8") + ", noc@example.com")
    headers.append("Subject: " + subject_header(prefix + alert))
    headers.append("Date: " + date)
    headers.append("Message-ID: <%s.%d@client.example>" % (style, index))
    if index % 7 != 6:
        headers.append("In-Reply-To: <%s>" % alert_id)
        refs = "<thread-root.%d@ackpoller.example> <%s>" % (index, alert_id) if index % 2 else "<%s>" % alert_id
        headers.append("References: " + refs)
    headers.append("MIME-Version: 1.0")
    if style.startswith("outlook"):
        headers.append("Thread-Topic: " + alert)
        headers.append("X-Mailer: Microsoft Outlook 16.0")
    when = "Tuesday, March 3, 2026 10:15 AM"
    new_html = html_escape(new_text).replace("\n", "<br>\n")
    alert_html = html_escape(alert_text).replace("\n", "<br>\n")
    if style == "outlook":
        plain = "%s\n\nFrom: AckPoller <alerts@ackpoller.example>\nSent: %s\nTo: %s\nSubject: %s\n\n%s\n" % (new_text, when, address, alert, alert_text)
        html = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body><div>%s</div>'
                '<hr style="display:inline-block;width:98%%"><div id="divRplyFwdMsg" dir="ltr"><font face="Calibri"><b>From:</b> AckPoller &lt;alerts@ackpoller.example&gt;<br>'
                '<b>Sent:</b> %s<br><b>Subject:</b> %s</font></div><div>%s</div></body></html>') % (new_html, when, html_escape(alert), alert_html)
        return headers, alternative(index, plain, html)
    if style == "outlook-original":
        plain = "%s\n\n-----Original Message-----\nFrom: alerts@ackpoller.example\nSent: %s\nTo: %s\nSubject: %s\n\n%s\n" % (new_text, when, address, alert, alert_text)
        return headers, single(plain)
    if style == "gmail":
        plain = "%s\n\nOn Tue, Mar 3, 2026 at 10:15 AM AckPoller <alerts@ackpoller.example> wrote:\n\n%s\n" % (new_text, quoted)
        html = ('<div dir="ltr">%s</div><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">On Tue, Mar 3, 2026 at 10:15 AM AckPoller &lt;'
                '<a href="mailto:alerts@ackpoller.example">alerts@ackpoller.example</a>&gt; wrote:<br></div><blockquote class="gmail_quote" '
                'style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex">%s</blockquote></div>') % (new_html, alert_html)
        return headers, alternative(index, plain, html)
    if style == "apple":
        plain = "%s\n\n> On 3 Mar 2026, at 10:15, AckPoller <alerts@ackpoller.example> wrote:\n> \n%s\n" % (new_text, quoted)
        return headers, single(plain)
    if style == "iphone":
        plain = "%s\n\nSent from my iPhone\n\n> On Mar 3, 2026, at 10:15 AM, AckPoller <alerts@ackpoller.example> wrote:\n> \n%s\n" % (new_text, quoted)
        return headers, single(plain)
    if style == "plain":
        return headers, single("%s\n\n%s\n" % (new_text, quoted))
    if style == "html-only":
        html = "<html><body><p>%s</p><blockquote type=\"cite\">%s</blockquote></body></html>\n" % (new_html, alert_html)
        return headers, single(html, "html")
    if style == "thunderbird-flowed":
        flowed = []
        for line in ("%s\n\nOn 03/03/2026 10:15, AckPoller wrote:\n%s" % (new_text, quoted)).split("\n"):
            while len(line) > 30 and " " in line[20:]:
                cut = line.index(" ", 20) + 1
                flowed.append(line[:cut])
                line = line[cut:]
            flowed.append(line)
        text = "\n".join(flowed) + "\n"
        header = "Content-Type: text/plain; charset=UTF-8; format=flowed\nContent-Transfer-Encoding: 8bit\n"
        return headers + ["User-Agent: Mozilla/5.0 Thunderbird/128.0"], (header, text)
    if style == "outlook-web":
        html = ('<html><body><div style="font-family: Aptos">%s</div><div id="appendonsend"></div><hr><div id="divRplyFwdMsg">'
                '<b>From:</b> AckPoller<br><b>Sent:</b> %s<br><b>To:</b> %s<br><b>Subject:</b> %s</div><div>%s</div></body></html>') % (
                    new_html, when, html_escape(address), html_escape(alert), alert_html)
        return headers, related(index, html) if index % 2 else single(html, "html")
    if style == "samsung":
        plain = "%s\n\n\n\nSent from my Galaxy\n\n\n-------- Original message --------\nFrom: AckPoller <alerts@ackpoller.example>\nDate: 03/03/2026 10:15 (GMT+01:00)\nTo: %s\nSubject: %s\n\n%s\n" % (new_text, address, alert, alert_text)
        html = "<html><body><div dir=\"auto\">%s</div><div dir=\"auto\"><br></div><div id=\"composer_signature\">Sent from my Galaxy</div></body></html>" % new_html
        return headers, alternative(index, plain, html)
    raise ValueError(style)


def single(text, subtype="plain"):
    header, body, _ = text_part(text, subtype)
    return header, body


def alternative(index, plain, html):
    boundary = "_000_alt%04d_" % index if index % 2 else "0000000000%06x" % (index * 7919)
    ph, pb, _ = text_part(plain)
    hh, hb, _ = text_part(html, "html")
    body = "--%s\n%s\n%s\n--%s\n%s\n%s\n--%s--\n" % (boundary, ph, pb.rstrip("\n"), boundary, hh, hb.rstrip("\n"), boundary)
    return 'Content-Type: multipart/alternative; boundary="%s"\n' % boundary, body


def related(index, html):
    boundary = "rel_%d" % index
    hh, hb, _ = text_part(html, "html")
    png = base64.encodebytes(bytes(range(64))).decode()
    body = "--%s\n%s\n%s\n--%s\nContent-Type: image/png; name=\"image001.png\"\nContent-ID: <image001.png@01DA>\nContent-Disposition: inline; filename=\"image001.png\"\nContent-Transfer-Encoding: base64\n\n%s--%s--\n" % (
        boundary, hh, hb.rstrip("\n"), boundary, png, boundary)
    return 'Content-Type: multipart/related; boundary="%s"; type="text/html"\n' % boundary, body


def with_attachments(index, headers, content):
    """Wraps a reply body in multipart/mixed with one or two attachments (RFC 2231 and RFC 2047 names)."""
    boundary = "mixed-%d-%d" % (index, index * 31)
    names = ["screenshot.png", "rapport d'incident é.pdf", "ログ.txt", "very long attachment name that needs continuation sections.log"]
    name = names[index % len(names)]
    if representable(name, "ascii") and " " not in name:
        disposition = 'attachment; filename="%s"' % name
        ctype = 'application/octet-stream; name="%s"' % name
    elif index % 2:
        encoded = "".join(c if c.isalnum() and ord(c) < 128 or c in ".-_" else "".join("%%%02X" % b for b in c.encode()) for c in name)
        disposition = "attachment;\n filename*=utf-8''%s" % encoded
        ctype = "application/octet-stream"
    else:
        disposition = 'attachment; filename="%s"' % b_word(name)
        ctype = 'application/octet-stream; name="%s"' % b_word(name)
    data = base64.encodebytes(bytes((i * 37) % 256 for i in range(200))).decode()
    part_header, part_body = content
    body = "This is a multi-part message in MIME format.\n\n--%s\n%s\n%s\n--%s\nContent-Type: %s\nContent-Disposition: %s\nContent-Transfer-Encoding: base64\n\n%s--%s--\n" % (
        boundary, part_header, part_body.rstrip("\n"), boundary, ctype, disposition, data, boundary)
    return headers, ('Content-Type: multipart/mixed;\n boundary="%s"\n' % boundary, body)


def render(headers, content):
    header, body = content
    return "\n".join(headers) + "\n" + header + "\n" + body


def generated():
    count = 0
    for index in range(230):
        style = STYLES[index % len(STYLES)]
        headers, content = reply(index, style)
        if index % 9 == 4:
            headers, content = with_attachments(index, headers, content)
        write("generated", "%03d-%s" % (index, style), render(headers, content))
        count += 1
    return count


def structures():
    """Bounces, auto-replies, forwards, digests, legacy charsets, signed mail: shapes around the replies."""
    items = {}
    items["dsn-postfix"] = """Return-Path: <>
From: MAILER-DAEMON@mx.example.com (Mail Delivery System)
To: alerts@ackpoller.example
Subject: Undelivered Mail Returned to Sender
Date: Tue, 3 Mar 2026 10:20:00 +0100 (CET)
Message-Id: <20260303092000.ABC12@mx.example.com>
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
\tboundary="ABC12.1772529600/mx.example.com"

This is a MIME-encapsulated message.

--ABC12.1772529600/mx.example.com
Content-Description: Notification
Content-Type: text/plain; charset=us-ascii

This is the mail system at host mx.example.com.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients.

<gone@example.com>: host mail.example.com[192.0.2.5] said: 550 5.1.1 User unknown

--ABC12.1772529600/mx.example.com
Content-Description: Delivery report
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.com
Arrival-Date: Tue,  3 Mar 2026 10:19:58 +0100 (CET)

Final-Recipient: rfc822; gone@example.com
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 User unknown

--ABC12.1772529600/mx.example.com
Content-Description: Undelivered Message
Content-Type: message/rfc822

From: AckPoller <alerts@ackpoller.example>
To: gone@example.com
Subject: [ALERT] disk full on db-01
Date: Tue, 3 Mar 2026 10:19:50 +0100
Message-ID: <alert-1@ackpoller.example>

Alert body.

--ABC12.1772529600/mx.example.com--
"""
    items["auto-reply-exchange"] = """From: Ann Example <ann@example.com>
To: AckPoller Alerts <alerts@ackpoller.example>
Subject: Automatic reply: [ALERT] disk full on db-01
Date: Tue, 3 Mar 2026 10:21:00 +0000
Message-ID: <oof-1@example.com>
In-Reply-To: <alert-1@ackpoller.example>
References: <alert-1@ackpoller.example>
Auto-Submitted: auto-generated
X-Auto-Response-Suppress: All
Content-Type: text/plain; charset="iso-8859-1"
Content-Transfer-Encoding: quoted-printable

I am out of the office until March 10th. For urgent matters contact the on-c=
all line.
"""
    items["forward-as-attachment"] = """From: Bob <bob@example.com>
To: alerts@ackpoller.example
Subject: FW: [ALERT] disk full on db-01
Date: Tue, 3 Mar 2026 11:00:00 +0000
Message-ID: <fwd-1@example.com>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="_004_fwd_"

--_004_fwd_
Content-Type: text/plain; charset="us-ascii"

ack - forwarding the original for context

--_004_fwd_
Content-Type: message/rfc822
Content-Disposition: attachment;
\tcreation-date="Tue, 03 Mar 2026 11:00:00 GMT";
\tmodification-date="Tue, 03 Mar 2026 11:00:00 GMT"

From: AckPoller <alerts@ackpoller.example>
To: bob@example.com
Subject: [ALERT] disk full on db-01
Date: Tue, 3 Mar 2026 10:19:50 +0100
Message-ID: <alert-1@ackpoller.example>

Alert body.

--_004_fwd_--
"""
    items["forward-as-attachment-named"] = items["forward-as-attachment"].replace(
        "Content-Disposition: attachment;\n", 'Content-Disposition: attachment; filename="[ALERT] disk full.eml";\n').replace("fwd-1@", "fwd-2@")
    items["forward-inline-rfc822"] = items["forward-as-attachment"].replace(
        "Content-Disposition: attachment;\n\tcreation-date=\"Tue, 03 Mar 2026 11:00:00 GMT\";\n\tmodification-date=\"Tue, 03 Mar 2026 11:00:00 GMT\"\n", "").replace("fwd-1@", "fwd-3@")
    items["digest"] = """From: list-owner@example.org
To: list@example.org
Subject: Ops digest, Vol 3, Issue 7
Date: Tue, 3 Mar 2026 12:00:00 -0500
Message-ID: <digest-3-7@example.org>
MIME-Version: 1.0
Content-Type: multipart/digest; boundary="---- next message ----"

------ next message ----

From: a@example.org
Subject: first

one

------ next message ----

From: b@example.org
Subject: second

two

------ next message ------
"""
    items["signed-multipart"] = """From: Ann Example <ann@example.com>
To: alerts@ackpoller.example
Subject: Re: [ALERT] disk full on db-01
Date: Tue, 3 Mar 2026 10:30:00 +0100
Message-ID: <signed-1@example.com>
In-Reply-To: <alert-1@ackpoller.example>
MIME-Version: 1.0
Content-Type: multipart/signed; micalg=pgp-sha256; protocol="application/pgp-signature"; boundary="sig"

--sig
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

resolve =E2=80=93 cleaned the disk

> Alert: disk full
--sig
Content-Type: application/pgp-signature; name="signature.asc"
Content-Disposition: attachment; filename="signature.asc"

-----BEGIN PGP SIGNATURE-----
iQEzBAEBCAAdFiEEexampleexampleexampleexample=
=abcd
-----END PGP SIGNATURE-----
--sig--
"""
    legacy = [
        ("koi8-r", "ack, смотрю на сервер"),
        ("windows-1251", "resolve - перезапустил"),
        ("iso-8859-2", "ack - już patrzę"),
        ("iso-8859-15", "ack, ça coûte 5 €"),
        ("shift_jis", "ack 確認しました"),
        ("euc-jp", "resolve 再起動しました"),
        ("iso-2022-jp", "ack 対応中です"),
        ("gb2312", "ack 正在处理"),
        ("big5", "ack 處理中"),
        ("euc-kr", "ack 확인했습니다"),
        ("windows-1252", "ack \u2013 \u201cquoted\u201d \u2026"),
        ("iso-8859-7", "ack, το κοιτάζω"),
        ("windows-1256", "ack سأتحقق"),
        ("iso-8859-8", "ack בודק"),
        ("tis-620", "ack กำลังตรวจสอบ"),
    ]
    for i, (charset, text) in enumerate(legacy):
        raw = text.encode(charset)
        cte = "base64" if i % 3 == 0 else "quoted-printable" if i % 3 == 1 else "8bit"
        if cte == "base64":
            body = base64.encodebytes(raw)
        elif cte == "quoted-printable":
            body = quopri.encodestring(raw + b"\n")
        else:
            body = raw + b"\n"
        subject = "=?%s?B?%s?=" % (charset, base64.b64encode(("Re: " + text[:12]).encode(charset)).decode())
        head = ("From: Sender %d <s%d@example.com>\nTo: alerts@ackpoller.example\nSubject: %s\nDate: Tue, 3 Mar 2026 10:%02d:00 +0300\n"
                "Message-ID: <legacy-%d@example.com>\nMIME-Version: 1.0\nContent-Type: text/plain; charset=%s\nContent-Transfer-Encoding: %s\n\n") % (
                    i, i, subject, i, i, charset, cte)
        items["legacy-%s" % charset] = head.encode("ascii") + body
    items["nested-mixed-alternative-related"] = """From: Ann <ann@example.com>
To: alerts@ackpoller.example
Subject: Re: [P1] Payment gateway
Date: Wed, 4 Mar 2026 08:00:00 +0000
Message-ID: <nested-1@example.com>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="m"

--m
Content-Type: multipart/alternative; boundary="a"

--a
Content-Type: text/plain; charset=utf-8

ack, investigating
--a
Content-Type: multipart/related; boundary="r"

--r
Content-Type: text/html; charset=utf-8

<p>ack, investigating</p><img src="cid:chart">
--r
Content-Type: image/gif
Content-ID: <chart>
Content-Transfer-Encoding: base64

R0lGODlhAQABAAAAACw=
--r--
--a--
--m
Content-Type: text/csv; name="errors.csv"
Content-Disposition: attachment; filename="errors.csv"

time,count
10:00,5
--m--
"""
    items["text-attachment-inline-and-second-text"] = """From: Ann <ann@example.com>
To: alerts@ackpoller.example
Subject: Re: x
Date: Wed, 4 Mar 2026 08:00:00 +0000
Message-ID: <two-texts@example.com>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="m"

--m
Content-Type: text/plain; charset=us-ascii

ack see log below
--m
Content-Type: text/plain; charset=us-ascii
Content-Disposition: inline; filename="tail.log"

line 1
line 2
--m--
"""
    for name, text in items.items():
        write("structures", name, text)
    return len(items)


def rfc_examples():
    items = {}
    items["rfc5322-a1.1-simple"] = """From: John Doe <jdoe@machine.example>
To: Mary Smith <mary@example.net>
Subject: Saying Hello
Date: Fri, 21 Nov 1997 09:55:06 -0600
Message-ID: <1234@local.machine.example>

This is a message just to say hello.
So, "Hello".
"""
    items["rfc5322-a1.1-sender"] = """From: John Doe <jdoe@machine.example>
Sender: Michael Jones <mjones@machine.example>
To: Mary Smith <mary@example.net>
Subject: Saying Hello
Date: Fri, 21 Nov 1997 09:55:06 -0600
Message-ID: <1234@local.machine.example>

This is a message just to say hello.
So, "Hello".
"""
    items["rfc5322-a1.2-mailboxes"] = """From: "Joe Q. Public" <john.q.public@example.com>
To: Mary Smith <mary@x.test>, jdoe@example.org, Who? <one@y.test>
Cc: <boss@nil.test>, "Giant; \\"Big\\" Box" <sysservices@example.net>
Date: Tue, 1 Jul 2003 10:52:37 +0200
Message-ID: <5678.21-Nov-1997@example.com>

Hi everyone.
"""
    items["rfc5322-a1.3-groups"] = """From: Pete <pete@silly.example>
To: A Group:Ed Jones <c@a.test>,joe@where.test,John <jdoe@one.test>;
Cc: Undisclosed recipients:;
Date: Thu, 13 Feb 1969 23:32:54 -0330
Message-ID: <testabcd.1234@silly.example>

Testing.
"""
    items["rfc5322-a2-reply"] = """From: Mary Smith <mary@example.net>
To: John Doe <jdoe@machine.example>
Reply-To: "Mary Smith: Personal Account" <smith@home.example>
Subject: Re: Saying Hello
Date: Fri, 21 Nov 1997 10:01:10 -0600
Message-ID: <3456@example.net>
In-Reply-To: <1234@local.machine.example>
References: <1234@local.machine.example>

This is a reply to your hello.
"""
    items["rfc5322-a2-reply-to-reply"] = """To: "Mary Smith: Personal Account" <smith@home.example>
From: John Doe <jdoe@machine.example>
Subject: Re: Saying Hello
Date: Fri, 21 Nov 1997 11:00:00 -0600
Message-ID: <abcd.1234@local.machine.test>
In-Reply-To: <3456@example.net>
References: <1234@local.machine.example> <3456@example.net>

This is a reply to your reply.
"""
    items["rfc5322-a3-resent"] = """Resent-From: Mary Smith <mary@example.net>
Resent-To: Jane Brown <j-brown@other.example>
Resent-Date: Mon, 24 Nov 1997 14:22:01 -0800
Resent-Message-ID: <78910@example.net>
From: John Doe <jdoe@machine.example>
To: Mary Smith <mary@example.net>
Subject: Saying Hello
Date: Fri, 21 Nov 1997 09:55:06 -0600
Message-ID: <1234@local.machine.example>

This is a message just to say hello.
So, "Hello".
"""
    items["rfc5322-a4-trace"] = """Received: from x.y.test
   by example.net
   via TCP
   with ESMTP
   id ABC12345
   for <mary@example.net>;  21 Nov 1997 10:05:43 -0600
Received: from node.example by x.y.test; 21 Nov 1997 10:01:22 -0600
From: John Doe <jdoe@node.example>
To: Mary Smith <mary@example.net>
Subject: Saying Hello
Date: Fri, 21 Nov 1997 09:55:06 -0600
Message-ID: <1234@local.node.example>

This is a message just to say hello.
So, "Hello".
"""
    items["rfc5322-a5-comments"] = """From: Pete(A nice \\) chap) <pete(his account)@silly.test(his host)>
To:A Group(Some people)
     :Chris Jones <c@(Chris's host.)public.example>,
         joe@example.org,
  John <jdoe@one.test> (my dear friend); (the end of the group)
Cc:(Empty list)(start)Hidden recipients  :(nobody(that I know))  ;
Date: Thu,
      13
        Feb
          1969
      23:32
               -0330 (Newfoundland Time)
Message-ID:              <testabcd.1234@silly.test>

Testing.
"""
    items["rfc5322-a6.1-obsolete-addressing"] = """From: Joe Q. Public <john.q.public@example.com>
To: Mary Smith <@node.test:mary@example.net>, , jdoe@test  . example
Date: Tue, 1 Jul 2003 10:52:37 +0200
Message-ID: <5678.21-Nov-1997@example.com>

Hi everyone.
"""
    items["rfc5322-a6.2-obsolete-dates"] = """From: John Doe <jdoe@machine.example>
To: Mary Smith <mary@example.net>
Subject: Saying Hello
Date: 21 Nov 97 09:55:06 GMT
Message-ID: <1234@local.machine.example>

This is a message just to say hello.
So, "Hello".
"""
    items["rfc5322-a6.3-obsolete-whitespace"] = """From  : John Doe <jdoe@machine(comment).  example>
To    : Mary Smith
  
          <mary@example.net>
Subject     : Saying Hello
Date  : Fri, 21 Nov 1997 09(comment):   55  :  06 -0600
Message-ID  : <1234   @   local(blah)  .machine .example>

This is a message just to say hello.
So, "Hello".
"""
    items["rfc2046-5.1.1-multipart"] = """From: Nathaniel Borenstein <nsb@bellcore.com>
To: Ned Freed <ned@innosoft.com>
Date: Sun, 21 Mar 1993 23:56:48 -0800 (PST)
Subject: Sample message
MIME-Version: 1.0
Content-type: multipart/mixed; boundary="simple boundary"

This is the preamble.  It is to be ignored, though it
is a handy place for composition agents to include an
explanatory note to non-MIME conformant readers.

--simple boundary

This is implicitly typed plain US-ASCII text.
It does NOT end with a linebreak.
--simple boundary
Content-type: text/plain; charset=us-ascii

This is explicitly typed plain US-ASCII text.
It DOES end with a linebreak.

--simple boundary--

This is the epilogue.  It is also to be ignored.
"""
    items["rfc2046-5.1.1-nsb-no-domain"] = items["rfc2046-5.1.1-multipart"].replace(
        "From: Nathaniel Borenstein <nsb@bellcore.com>\nTo: Ned Freed <ned@innosoft.com>", "From: nsb (Nathaniel Borenstein)\nTo: abel, bianchi")
    items["rfc2049-appendix-a"] = """MIME-Version: 1.0
From: Nathaniel Borenstein <nsb@nsb.fv.com>
To: Ned Freed <ned@innosoft.com>
Date: Fri, 07 Oct 1994 16:15:05 -0700 (PDT)
Subject: A multipart example
Content-Type: multipart/mixed;
              boundary=unique-boundary-1

This is the preamble area of a multipart message.
Mail readers that understand multipart format
should ignore this preamble.

If you are reading this text, you might want to
consider changing to a mail reader that understands
how to properly display multipart messages.

--unique-boundary-1

  ... Some text appears here ...

[Note that the blank between the boundary and the start
 of the text in this part means no header fields were
 given and this is text in the US-ASCII character set.
 It could have been done with explicit typing as in the
 next part.]

--unique-boundary-1
Content-type: text/plain; charset=US-ASCII

This could have been part of the previous part, but
illustrates explicit versus implicit typing of body
parts.

--unique-boundary-1
Content-Type: multipart/parallel; boundary=unique-boundary-2

--unique-boundary-2
Content-Type: audio/basic
Content-Transfer-Encoding: base64

  ... base64-encoded 8000 Hz single-channel
      mu-law-format audio data goes here ...

--unique-boundary-2
Content-Type: image/jpeg
Content-Transfer-Encoding: base64

  ... base64-encoded image data goes here ...

--unique-boundary-2--

--unique-boundary-1
Content-type: text/enriched

This is <bold><italic>enriched.</italic></bold>
<smaller>as defined in RFC 1896</smaller>

Isn't it
<bigger><bigger>cool?</bigger></bigger>

--unique-boundary-1
Content-Type: message/rfc822

From: (mailbox in US-ASCII)
To: (address in US-ASCII)
Subject: (subject in US-ASCII)
Content-Type: Text/plain; charset=ISO-8859-1
Content-Transfer-Encoding: Quoted-printable

  ... Additional text in ISO-8859-1 goes here ...

--unique-boundary-1--
"""
    items["rfc2047-8-moore"] = """From: =?US-ASCII?Q?Keith_Moore?= <moore@cs.utk.edu>
To: =?ISO-8859-1?Q?Keld_J=F8rn_Simonsen?= <keld@dkuug.dk>
CC: =?ISO-8859-1?Q?Andr=E9?= Pirard <PIRARD@vm1.ulg.ac.be>
Subject: =?ISO-8859-1?B?SWYgeW91IGNhbiByZWFkIHRoaXMgeW8=?=
    =?ISO-8859-2?B?dSB1bmRlcnN0YW5kIHRoZSBleGFtcGxlLg==?=

body
"""
    items["rfc2047-8-jarnefors"] = """From: =?ISO-8859-1?Q?Olle_J=E4rnefors?= <ojarnef@admin.kth.se>
To: ietf-822@dimacs.rutgers.edu, ojarnef@admin.kth.se
Subject: Time for ISO 10646?

body
"""
    items["rfc2047-8-faltstrom"] = """To: Dave Crocker <dcrocker@mordor.stanford.edu>
Cc: ietf-822@dimacs.rutgers.edu, paf@comsol.se
From: =?ISO-8859-1?Q?Patrik_F=E4ltstr=F6m?= <paf@nada.kth.se>
Subject: Re: RFC-HDR care and feeding

body
"""
    items["rfc2047-8-borenstein"] = """From: Nathaniel Borenstein <nsb@thumper.bellcore.com>
      (=?iso-8859-8?b?7eXs+SDv4SDp7Oj08A==?=)
To: Greg Vaudreuil <gvaudre@NRI.Reston.VA.US>, Ned Freed
   <ned@innosoft.com>, Keith Moore <moore@cs.utk.edu>
Subject: Test of new header generator
MIME-Version: 1.0
Content-type: text/plain; charset=ISO-8859-1

body
"""
    pairs = ["(=?ISO-8859-1?Q?a?=)", "(=?ISO-8859-1?Q?a?= b)", "(=?ISO-8859-1?Q?a?= =?ISO-8859-1?Q?b?=)",
             "(=?ISO-8859-1?Q?a?=  =?ISO-8859-1?Q?b?=)", "(=?ISO-8859-1?Q?a?=\n    =?ISO-8859-1?Q?b?=)",
             "(=?ISO-8859-1?Q?a_b?=)", "(=?ISO-8859-1?Q?a?= =?ISO-8859-2?Q?_b?=)"]
    for i, pair in enumerate(pairs):
        items["rfc2047-8-pair-%d" % (i + 1)] = "From: a@example.com\nSubject: %s\nMessage-ID: <pair-%d@example.com>\n\nbody\n" % (pair, i)
    items["rfc2231-continuations"] = """From: moore@example.com
Subject: RFC 2231 parameters
Message-ID: <rfc2231@example.com>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary=x

--x
Content-Type: text/plain

see attachments
--x
Content-Type: application/x-stuff;
 name*0="ftp://";
 name*1="cs.utk.edu/pub/moore/bulk-mailer/bulk-mailer.tar"
Content-Disposition: attachment

x
--x
Content-Type: application/x-stuff
Content-Disposition: attachment;
 filename*=us-ascii'en-us'This%20is%20%2A%2A%2Afun%2A%2A%2A

x
--x
Content-Type: application/x-stuff
Content-Disposition: attachment;
 filename*0*=us-ascii'en'This%20is%20even%20more%20;
 filename*1*=%2A%2A%2Afun%2A%2A%2A%20;
 filename*2="isn't it!"

x
--x--
"""
    items["rfc2045-qp-soft-breaks"] = """From: a@example.com
Subject: qp
Message-ID: <qp@example.com>
MIME-Version: 1.0
Content-Type: text/plain; charset=iso-8859-1
Content-Transfer-Encoding: quoted-printable

Now's the time =
for all folk to come=
 to the aid of their country. Caf=E9 =3D coffee.=20
"""
    for name, text in items.items():
        write("rfc", name, text)
    return len(items)


def shapes():
    items = {}
    items["bom-before-headers"] = b"\xef\xbb\xbf" + b"From: Ann <ann@example.com>\nTo: alerts@ackpoller.example\nSubject: Re: [ALERT] disk\nMessage-ID: <bom@example.com>\nContent-Type: text/plain; charset=utf-8\n\nack\n"
    items["broken-folding-subject"] = "From: a@example.com\nSubject: Re: a long subject that a broken mailer folded\nwithout white space\nMessage-ID: <fold@example.com>\nContent-Type: text/html; charset=utf-8\n\n<p>resolve</p>\n"
    items["related-type-image-first"] = "From: a@example.com\nSubject: related\nMessage-ID: <rel@example.com>\nContent-Type: multipart/related; boundary=\"r\"; type=\"text/html\"\n\n--r\nContent-Type: image/png\nContent-ID: <logo@x>\nContent-Transfer-Encoding: base64\n\niVBORw0KGgo=\n--r\nContent-Type: text/html; charset=utf-8\n\n<p>resolve &mdash; fixed</p>\n--r--\n"
    items["addresses-without-domain"] = "From: nsb (Nathaniel Borenstein)\nTo: abel, bianchi\nCc: Joe@Work <jw@example.com>\nSubject: x\nMessage-ID: <nodomain@example.com>\n\nack\n"
    items["empty-boundary"] = "From: a@example.com\nSubject: x\nMessage-ID: <emptyb@example.com>\nContent-Type: multipart/mixed; boundary=\"\"\n\n--\nContent-Type: text/plain\n\nack first\n--\nContent-Type: text/plain\nContent-Disposition: attachment; filename=\"log.txt\"\n\nlog\n----\n"
    items["utf7-body-and-subject"] = "From: =?utf-7?Q?Ren+AOk-?= <r@example.com>\nSubject: =?UTF-7?Q?Re:_caf+AOk-?=\nMessage-ID: <utf7@example.com>\nContent-Type: text/plain; charset=utf-7\n\nack +AOk-t+AOk-\n"
    items["unknown-charset"] = b"From: a@example.com\nSubject: x\nMessage-ID: <unk@example.com>\nContent-Type: text/plain; charset=x-klingon\n\nh\xe9llo ack\n"
    items["missing-subtype"] = "From: a@example.com\nSubject: x\nMessage-ID: <nosub@example.com>\nContent-Type: text\n\nack\n"
    items["lowercase-zone-name"] = "From: a@example.com\nSubject: x\nDate: Tue, 3 Mar 2026 10:15:00 est\nMessage-ID: <zone@example.com>\n\nack\n"
    items["bare-lf-line-ends"] = "From: a@example.com\nSubject: x\nMessage-ID: <lf@example.com>\n\nack\n"
    items["raw-utf8-headers"] = "From: Jörg Müller <joerg@example.de>\nSubject: Re: Überlast\nMessage-ID: <raw8@example.com>\nContent-Type: text/plain; charset=utf-8\n\nack, schaue\n"
    for name, text in items.items():
        if name == "bare-lf-line-ends":
            path = os.path.join(HERE, "shapes")
            os.makedirs(path, exist_ok=True)
            with open(os.path.join(path, name + ".eml"), "wb") as f:
                f.write(text.encode())
            continue
        write("shapes", name, text)
    return len(items)


def reply_parser():
    count = 0
    names = sorted(n for n in os.listdir(SHARED) if n.endswith(".txt"))
    for i, name in enumerate(names):
        with open(os.path.join(SHARED, name), "rb") as f:
            body = f.read()
        stem = name[:-4]
        for variant in ("8bit", "qp"):
            head = ("From: Reply Writer <writer%d@example.com>\nTo: alerts@ackpoller.example\nSubject: Re: [ALERT] %s\n"
                    "Date: Mon, 2 Mar 2026 %02d:00:00 +0000\nMessage-ID: <%s.%s@example.com>\nIn-Reply-To: <alert-%d@ackpoller.example>\n"
                    "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: %s\n\n") % (
                        i, stem, i % 24, stem, variant, i, "8bit" if variant == "8bit" else "quoted-printable")
            text = body.replace(b"\r\n", b"\n")
            if variant == "qp":
                text = quopri.encodestring(text)
            write("reply-parser", "%s-%s" % (stem, variant), head.encode() + text)
            count += 1
    shutil.copyfile(os.path.join(SHARED, "LICENSE"), os.path.join(HERE, "LICENSE.email_reply_parser"))
    return count


def main():
    for folder in ("generated", "structures", "rfc", "shapes", "reply-parser"):
        shutil.rmtree(os.path.join(HERE, folder), ignore_errors=True)
    counts = [generated(), structures(), rfc_examples(), shapes(), reply_parser()]
    print("wrote %d messages: %s" % (sum(counts), counts), file=sys.stderr)


if __name__ == "__main__":
    main()
