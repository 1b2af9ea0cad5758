#!/usr/bin/env python3
"""Writes the MIME test corpus: invented messages (people, servers and ids are made up, domains are reserved example
names) as .eml files with CRLF line ends, each with a sibling .expected.json describing the expected parse.
Deterministic: running it again produces identical files. Run from anywhere: python3 make_corpus.py"""
import base64
import json
import os
import quopri
import random

HERE = os.path.dirname(os.path.abspath(__file__))

ALERT_ID = "ap.K3X9QZ.m4q7t2w9x1c5v8b3n6d0f2g7h1@alerts.northwind.example"
ALERT_FROM = "AckPoller Alerts <alerts@northwind.example>"
ALERT_SUBJECT = "[ALERT] db-01: disk /var 97% full"
ALERT_DATE = "Mon, 24 Nov 2025 10:05:07 +0100"


def qp(text, charset="utf-8"):
    return quopri.encodestring(text.encode(charset)).decode("ascii")


def b64(data, charset="utf-8"):
    if isinstance(data, str):
        data = data.encode(charset)
    return base64.encodebytes(data).decode("ascii")  # 76-char lines, trailing newline


def ew_b(text, charset="utf-8"):
    return "=?%s?B?%s?=" % (charset.upper() if charset != "utf-8" else "UTF-8", base64.b64encode(text.encode(charset)).decode())


def ew_q(text, charset="utf-8"):
    out = []
    for byte in text.encode(charset):
        c = chr(byte)
        if c == " ":
            out.append("_")
        elif c.isascii() and (c.isalnum() or c in "!*+-/"):
            out.append(c)
        else:
            out.append("=%02X" % byte)
    return "=?%s?Q?%s?=" % (charset.upper() if charset != "utf-8" else "UTF-8", "".join(out))


def write(name, message, expected, encoding="ascii"):
    raw = message.encode(encoding) if isinstance(message, str) else message
    assert b"\r" not in raw, name
    raw = raw.replace(b"\n", b"\r\n")
    with open(os.path.join(HERE, name + ".eml"), "wb") as f:
        f.write(raw)
    order = ["subject", "from", "to", "cc", "message_id", "in_reply_to", "references", "date", "text_body_starts_with",
             "text_body_contains", "text_body_not_contains", "html_body_contains", "attachments", "auto_reply", "is_dsn",
             "warnings_expected"]
    assert set(expected) <= set(order), name
    expected = {key: expected[key] for key in order if key in expected and not (key == "warnings_expected" and expected[key] is None)}
    with open(os.path.join(HERE, name + ".expected.json"), "w", encoding="utf-8") as f:
        json.dump(expected, f, ensure_ascii=False, indent=2)
        f.write("\n")


def addr(name, address):
    return {"name": name, "address": address}


ALERT_FROM_JSON = [addr("AckPoller Alerts", "alerts@northwind.example")]
PRIYA = "Priya Raman <priya.raman@contoso-ops.example>"
PRIYA_JSON = [addr("Priya Raman", "priya.raman@contoso-ops.example")]


def reply_expected(**kw):
    base = {
        "to": ALERT_FROM_JSON,
        "in_reply_to": ALERT_ID,
        "references": [ALERT_ID],
        "attachments": [],
        "auto_reply": False,
        "is_dsn": False,
        "warnings_expected": False,
    }
    base.update(kw)
    return base


def outlook_desktop_qp_utf8():
    text = (
        "ack – looking at it now, will clear old WAL segments.\n\n"
        "Priya\n\n"
        "From: AckPoller Alerts <alerts@northwind.example>\n"
        "Sent: Monday, November 24, 2025 10:05 AM\n"
        "To: Priya Raman <priya.raman@contoso-ops.example>\n"
        "Subject: " + ALERT_SUBJECT + "\n\n"
        "Disk /var on db-01 is 97% full (threshold 90%).\n"
        "Reply ACK to acknowledge.\n"
    )
    html = (
        '<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word">\n'
        '<head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">\n'
        '<meta name="Generator" content="Microsoft Word 15 (filtered medium)">\n'
        "<style><!-- p.MsoNormal {margin:0cm; font-size:11.0pt; font-family:\"Calibri\",sans-serif;} --></style>\n"
        '</head><body lang="EN-GB" link="#0563C1" vlink="#954F72"><div class="WordSection1">\n'
        '<p class="MsoNormal">ack &#8211; looking at it now, will clear old WAL segments.<o:p></o:p></p>\n'
        '<p class="MsoNormal"><o:p>&nbsp;</o:p></p>\n'
        '<p class="MsoNormal">Priya<o:p></o:p></p>\n'
        '<p class="MsoNormal"><img width="120" height="32" src="cid:image001.png@01DC5D2A.3F1B2C40" alt="Contoso"></p>\n'
        '<div id="divRplyFwdMsg" style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm">\n'
        '<p class="MsoNormal"><b>From:</b> AckPoller Alerts &lt;alerts@northwind.example&gt;<br>\n'
        "<b>Sent:</b> Monday, November 24, 2025 10:05 AM<br>\n"
        "<b>To:</b> Priya Raman &lt;priya.raman@contoso-ops.example&gt;<br>\n"
        "<b>Subject:</b> " + ALERT_SUBJECT + "<o:p></o:p></p></div>\n"
        '<p class="MsoNormal">Disk /var on db-01 is 97% full (threshold 90%).<br>Reply ACK to acknowledge.<o:p></o:p></p>\n'
        "</div></body></html>\n"
    )
    png = deterministic_png(7, 600)
    message = f"""Received: from DB9PR02MB7210.eurprd02.prod.outlook.example (2603:10a6:10:2f0::12)
 by AM0PR02MB5668.eurprd02.prod.outlook.example with HTTPS; Mon, 24 Nov 2025
 09:11:42 +0000
From: {PRIYA}
To: {ALERT_FROM}
Subject: RE: {ALERT_SUBJECT}
Thread-Topic: {ALERT_SUBJECT}
Thread-Index: AdtdKj8bLEBs0pQ7TgWcC0m9s1AXaQ==
Date: Mon, 24 Nov 2025 09:11:40 +0000
Message-ID: <DB9PR02MB72104A1B2C3D4E5F60718293A4B5C6D7E8F9@DB9PR02MB7210.eurprd02.prod.outlook.example>
References: <{ALERT_ID}>
In-Reply-To: <{ALERT_ID}>
Accept-Language: en-GB, en-US
Content-Language: en-US
X-MS-Has-Attach: yes
X-MS-TNEF-Correlator:
x-ms-exchange-messagesentrepresentingtype: 1
Content-Type: multipart/related;
\tboundary="_004_DB9PR02MB72104A1B2C3D4E5F60718293A4B5C6D7E8F9DB9PR02MB7210_";
\ttype="multipart/alternative"
MIME-Version: 1.0

--_004_DB9PR02MB72104A1B2C3D4E5F60718293A4B5C6D7E8F9DB9PR02MB7210_
Content-Type: multipart/alternative;
\tboundary="_000_DB9PR02MB72104A1B2C3D4E5F60718293A4B5C6D7E8F9DB9PR02MB7210_"

--_000_DB9PR02MB72104A1B2C3D4E5F60718293A4B5C6D7E8F9DB9PR02MB7210_
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: quoted-printable

{qp(text)}
--_000_DB9PR02MB72104A1B2C3D4E5F60718293A4B5C6D7E8F9DB9PR02MB7210_
Content-Type: text/html; charset="utf-8"
Content-Transfer-Encoding: quoted-printable

{qp(html)}
--_000_DB9PR02MB72104A1B2C3D4E5F60718293A4B5C6D7E8F9DB9PR02MB7210_--

--_004_DB9PR02MB72104A1B2C3D4E5F60718293A4B5C6D7E8F9DB9PR02MB7210_
Content-Type: image/png; name="image001.png"
Content-Description: image001.png
Content-Disposition: inline; filename="image001.png"; size={len(png)};
\tcreation-date="Mon, 24 Nov 2025 09:11:40 GMT";
\tmodification-date="Mon, 24 Nov 2025 09:11:40 GMT"
Content-ID: <image001.png@01DC5D2A.3F1B2C40>
Content-Transfer-Encoding: base64

{b64(png)}
--_004_DB9PR02MB72104A1B2C3D4E5F60718293A4B5C6D7E8F9DB9PR02MB7210_--
"""
    write("outlook-desktop-reply-utf8-qp", message, reply_expected(
        subject="RE: " + ALERT_SUBJECT,
        **{"from": PRIYA_JSON},
        message_id="DB9PR02MB72104A1B2C3D4E5F60718293A4B5C6D7E8F9@DB9PR02MB7210.eurprd02.prod.outlook.example",
        date="2025-11-24T09:11:40+00:00",
        text_body_starts_with="ack – looking at it now",
        text_body_contains=["From: AckPoller Alerts <alerts@northwind.example>", "Sent: Monday, November 24, 2025 10:05 AM"],
        html_body_contains=["divRplyFwdMsg", "ack &#8211; looking at it now"],
        attachments=[],  # the signature logo is an inline part of multipart/related, not an attachment
    ))


def outlook_desktop_cp1252():
    text = (
        "Ack. I\u2019m on it \u2013 the \u201cnightly\u201d export ran twice. Cost so far: \u20ac0.\n\n"
        "Regards,\nJ\u00fcrgen\n\n"
        "-----Original Message-----\n"
        "From: AckPoller Alerts <alerts@northwind.example> \n"
        "Sent: Monday, November 24, 2025 10:05 AM\n"
        "To: J\u00fcrgen Wei\u00df <juergen.weiss@fabrikam.example>\n"
        "Subject: " + ALERT_SUBJECT + "\n\n"
        "Disk /var on db-01 is 97% full (threshold 90%).\n"
    )
    message = f"""From: =?iso-8859-1?Q?J=FCrgen_Wei=DF?= <juergen.weiss@fabrikam.example>
To: "AckPoller Alerts" <alerts@northwind.example>
Subject: AW: {ALERT_SUBJECT}
Date: Mon, 24 Nov 2025 10:21:03 +0100
Message-ID: <000001dc5d2e$4a1b2c30$de4d8490$@fabrikam.example>
MIME-Version: 1.0
Content-Type: text/plain;
\tcharset="windows-1252"
Content-Transfer-Encoding: quoted-printable
X-Mailer: Microsoft Outlook 16.0
Thread-Index: AdtdLkoV8c1mR2fQQk2m0v9T5y3h2w==
Content-Language: de
In-Reply-To: <{ALERT_ID}>
References: <{ALERT_ID}>

{qp(text, "cp1252")}"""
    write("outlook-desktop-original-message-cp1252", message, reply_expected(
        subject="AW: " + ALERT_SUBJECT,
        **{"from": [addr("Jürgen Weiß", "juergen.weiss@fabrikam.example")]},
        message_id="000001dc5d2e$4a1b2c30$de4d8490$@fabrikam.example",
        date="2025-11-24T10:21:03+01:00",
        text_body_starts_with="Ack. I\u2019m on it \u2013 the \u201cnightly\u201d export ran twice. Cost so far: \u20ac0.",
        text_body_contains=["-----Original Message-----", "To: Jürgen Weiß <juergen.weiss@fabrikam.example>"],
    ))


def outlook_web():
    text = (
        "ack\n\n"
        "________________________________\n"
        "From: AckPoller Alerts <alerts@northwind.example>\n"
        "Sent: Monday, 24 November 2025 10:05\n"
        "To: Nomvula Dlamini <nomvula@tailspin.example>\n"
        "Subject: " + ALERT_SUBJECT + "\n\n"
        "Disk /var on db-01 is 97% full (threshold 90%).\n"
    )
    html = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
        '<style type="text/css" style="display:none;"> P {margin-top:0;margin-bottom:0;} </style></head>\n'
        '<body dir="ltr"><div class="elementToProof" style="font-family: Aptos, Calibri, Helvetica, sans-serif; '
        'font-size: 12pt; color: rgb(0, 0, 0);">ack</div>\n'
        '<div id="appendonsend"></div><hr style="display:inline-block;width:98%" tabindex="-1">\n'
        '<div id="divRplyFwdMsg" dir="ltr"><font face="Calibri, sans-serif" style="font-size:11pt" color="#000000">'
        "<b>From:</b> AckPoller Alerts &lt;alerts@northwind.example&gt;<br><b>Sent:</b> Monday, 24 November 2025 10:05<br>"
        "<b>To:</b> Nomvula Dlamini &lt;nomvula@tailspin.example&gt;<br><b>Subject:</b> " + ALERT_SUBJECT + "</font>"
        "<div>&nbsp;</div></div>\n<div>Disk /var on db-01 is 97% full (threshold 90%).</div></body></html>\n"
    )
    message = f"""From: Nomvula Dlamini <nomvula@tailspin.example>
To: AckPoller Alerts <alerts@northwind.example>
Subject: Re: {ALERT_SUBJECT}
Thread-Topic: {ALERT_SUBJECT}
Thread-Index: AQHbXS3xk1m2n3b4v5c6x7z8a9s0dA==
Date: Mon, 24 Nov 2025 09:14:55 +0000
Message-ID:
 <PR3P195MB0731C0FFEE1234567890ABCDEF012345@PR3P195MB0731.EURP195.PROD.OUTLOOK.EXAMPLE>
References: <{ALERT_ID}>
In-Reply-To: <{ALERT_ID}>
msip_labels:
Content-Type: multipart/alternative;
\tboundary="_000_PR3P195MB0731C0FFEE1234567890ABCDEF012345PR3P195MB0731EURP_"
MIME-Version: 1.0

--_000_PR3P195MB0731C0FFEE1234567890ABCDEF012345PR3P195MB0731EURP_
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: base64

{b64(text)}
--_000_PR3P195MB0731C0FFEE1234567890ABCDEF012345PR3P195MB0731EURP_
Content-Type: text/html; charset="utf-8"
Content-Transfer-Encoding: base64

{b64(html)}
--_000_PR3P195MB0731C0FFEE1234567890ABCDEF012345PR3P195MB0731EURP_--
"""
    write("outlook-web-reply-base64", message, reply_expected(
        subject="Re: " + ALERT_SUBJECT,
        **{"from": [addr("Nomvula Dlamini", "nomvula@tailspin.example")]},
        message_id="PR3P195MB0731C0FFEE1234567890ABCDEF012345@PR3P195MB0731.EURP195.PROD.OUTLOOK.EXAMPLE",
        date="2025-11-24T09:14:55+00:00",
        text_body_starts_with="ack",
        text_body_contains=["________________________________", "Sent: Monday, 24 November 2025 10:05"],
        html_body_contains=['id="divRplyFwdMsg"', "elementToProof"],
    ))


def gmail():
    text = (
        "Ack, rolling the logs now.\n\n"
        "On Mon, Nov 24, 2025 at 10:05\u202fAM AckPoller Alerts <alerts@northwind.example> wrote:\n\n"
        "> Disk /var on db-01 is 97% full (threshold 90%).\n> Reply ACK to acknowledge.\n>\n"
    )
    html = (
        '<div dir="ltr">Ack, rolling the logs now.</div><br><div class="gmail_quote gmail_quote_container">'
        '<div dir="ltr" class="gmail_attr">On Mon, Nov 24, 2025 at 10:05\u202fAM AckPoller Alerts &lt;<a href="mailto:'
        'alerts@northwind.example">alerts@northwind.example</a>&gt; wrote:<br></div><blockquote class="gmail_quote" '
        'style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex">Disk /var on db-01 is '
        "97% full (threshold 90%).<br>Reply ACK to acknowledge.<br></blockquote></div>\n"
    )
    message = f"""MIME-Version: 1.0
Date: Mon, 24 Nov 2025 10:16:21 +0100
References: <{ALERT_ID}>
In-Reply-To: <{ALERT_ID}>
Message-ID: <CAHk7mP2xq+3N5bV9wT0jR4s8LzYqE1cF6uA2dG7hK9oW3=pQ_w@mail.gmail.example>
Subject: Re: {ALERT_SUBJECT}
From: Mateo Rossi <mateo.rossi@gmail.example>
To: AckPoller Alerts <alerts@northwind.example>
Content-Type: multipart/alternative; boundary="000000000000a1b2c30644d9e7f1"

--000000000000a1b2c30644d9e7f1
Content-Type: text/plain; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

{qp(text)}
--000000000000a1b2c30644d9e7f1
Content-Type: text/html; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

{qp(html)}
--000000000000a1b2c30644d9e7f1--
"""
    write("gmail-reply", message, reply_expected(
        subject="Re: " + ALERT_SUBJECT,
        **{"from": [addr("Mateo Rossi", "mateo.rossi@gmail.example")]},
        message_id="CAHk7mP2xq+3N5bV9wT0jR4s8LzYqE1cF6uA2dG7hK9oW3=pQ_w@mail.gmail.example",
        date="2025-11-24T10:16:21+01:00",
        text_body_starts_with="Ack, rolling the logs now.",
        text_body_contains=["AckPoller Alerts <alerts@northwind.example> wrote:", "> Disk /var on db-01"],
        html_body_contains=["gmail_quote", "gmail_attr"],
    ))


def apple_mail():
    text = (
        "Ack \u2014 Zo\u00eb here, I\u2019ll take it.\n\n"
        "> On 24 Nov 2025, at 10:05, AckPoller Alerts <alerts@northwind.example> wrote:\n>\n"
        "> Disk /var on db-01 is 97% full (threshold 90%).\n> Reply ACK to acknowledge.\n\n"
    )
    message = f"""From: =?utf-8?Q?Zo=C3=AB_Vasquez?= <zoe@vasquez.example>
Content-Type: text/plain;
\tcharset=utf-8
Content-Transfer-Encoding: quoted-printable
Mime-Version: 1.0 (Mac OS X Mail 16.0 \\(3826.300.87.4.3\\))
Subject: Re: {ALERT_SUBJECT}
Date: Mon, 24 Nov 2025 10:18:44 +0100
References: <{ALERT_ID}>
To: AckPoller Alerts <alerts@northwind.example>
In-Reply-To: <{ALERT_ID}>
Message-Id: <8F3A2C61-7B4D-4E0A-9C15-2D6B0E7F1A93@vasquez.example>
X-Mailer: Apple Mail (2.3826.300.87.4.3)

{qp(text)}"""
    write("apple-mail-reply", message, reply_expected(
        subject="Re: " + ALERT_SUBJECT,
        **{"from": [addr("Zoë Vasquez", "zoe@vasquez.example")]},
        message_id="8F3A2C61-7B4D-4E0A-9C15-2D6B0E7F1A93@vasquez.example",
        date="2025-11-24T10:18:44+01:00",
        text_body_starts_with="Ack \u2014 Zo\u00eb here, I\u2019ll take it.",
        text_body_contains=["> On 24 Nov 2025, at 10:05, AckPoller Alerts <alerts@northwind.example> wrote:"],
    ))


def thunderbird():
    message = f"""Message-ID: <6b1f2d0e-3c4a-4f7b-9e8d-a1b2c3d4e5f6@lindqvist.example>
Date: Mon, 24 Nov 2025 10:22:10 +0100
MIME-Version: 1.0
User-Agent: Mozilla Thunderbird
Subject: Re: {ALERT_SUBJECT}
To: AckPoller Alerts <alerts@northwind.example>
References: <{ALERT_ID}>
Content-Language: sv-SE
From: Erik Lindqvist <erik@lindqvist.example>
In-Reply-To: <{ALERT_ID}>
Content-Type: text/plain; charset=UTF-8; format=flowed
Content-Transfer-Encoding: 7bit

ACK. Vacuum is running, expect the alert to clear in about twenty 
minutes.

/Erik

On 24/11/2025 10:05, AckPoller Alerts wrote:
> Disk /var on db-01 is 97% full (threshold 90%).
> Reply ACK to acknowledge.
"""
    write("thunderbird-reply-flowed", message, reply_expected(
        subject="Re: " + ALERT_SUBJECT,
        **{"from": [addr("Erik Lindqvist", "erik@lindqvist.example")]},
        message_id="6b1f2d0e-3c4a-4f7b-9e8d-a1b2c3d4e5f6@lindqvist.example",
        date="2025-11-24T10:22:10+01:00",
        text_body_starts_with="ACK. Vacuum is running",
        text_body_contains=["On 24/11/2025 10:05, AckPoller Alerts wrote:"],
    ))


def iphone():
    text = "Ack\n\nSent from my iPhone\n\n> On Nov 24, 2025, at 10:05, AckPoller Alerts <alerts@northwind.example> wrote:\n>\n> \ufeffDisk /var on db-01 is 97% full (threshold 90%).\n"
    html = (
        '<html><head><meta http-equiv="content-type" content="text/html; charset=utf-8"></head><body dir="auto">'
        '<div dir="ltr">Ack</div><div dir="ltr"><br><div dir="ltr">Sent from my iPhone</div><div dir="ltr"><br>'
        "<blockquote type=\"cite\">On Nov 24, 2025, at 10:05, AckPoller Alerts &lt;alerts@northwind.example&gt; wrote:"
        "<br><br></blockquote></div><blockquote type=\"cite\"><div dir=\"ltr\">\ufeffDisk /var on db-01 is 97% full "
        "(threshold 90%).</div></blockquote></div></body></html>"
    )
    message = f"""Content-Type: multipart/alternative; boundary=Apple-Mail-5C2E1F0A-9B7D-4A36-8E21-3F4D5C6B7A80
Content-Transfer-Encoding: 7bit
From: Kwame Mensah <kwame.mensah@icloud.example>
Mime-Version: 1.0 (1.0)
Date: Mon, 24 Nov 2025 10:07:31 +0100
Subject: Re: {ALERT_SUBJECT}
Message-Id: <A1F0C9E8-D7B6-4A59-8483-72615A4B3C2D@icloud.example>
References: <{ALERT_ID}>
In-Reply-To: <{ALERT_ID}>
To: AckPoller Alerts <alerts@northwind.example>
X-Mailer: iPhone Mail (22B91)


--Apple-Mail-5C2E1F0A-9B7D-4A36-8E21-3F4D5C6B7A80
Content-Type: text/plain;
\tcharset=utf-8
Content-Transfer-Encoding: quoted-printable

{qp(text)}
--Apple-Mail-5C2E1F0A-9B7D-4A36-8E21-3F4D5C6B7A80
Content-Type: text/html;
\tcharset=utf-8
Content-Transfer-Encoding: quoted-printable

{qp(html)}
--Apple-Mail-5C2E1F0A-9B7D-4A36-8E21-3F4D5C6B7A80--
"""
    write("iphone-reply", message, reply_expected(
        subject="Re: " + ALERT_SUBJECT,
        **{"from": [addr("Kwame Mensah", "kwame.mensah@icloud.example")]},
        message_id="A1F0C9E8-D7B6-4A59-8483-72615A4B3C2D@icloud.example",
        date="2025-11-24T10:07:31+01:00",
        text_body_starts_with="Ack",
        text_body_contains=["Sent from my iPhone"],
        html_body_contains=['<blockquote type="cite">'],
    ))


def android():
    text = "ACK\n\nSent from my Galaxy\n\n\n-------- Original message --------\nFrom: AckPoller Alerts <alerts@northwind.example>\nDate: 24/11/2025 10:05 (GMT+01:00)\nTo: Ana Souza <ana.souza@woodgrove.example>\nSubject: " + ALERT_SUBJECT + "\n\nDisk /var on db-01 is 97% full (threshold 90%).\n"
    html = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8"></head><body>'
        "<div dir='auto'>ACK</div><div dir='auto'><br></div><div dir='auto'><br></div>"
        "<div id=\"composer_signature\" dir=\"auto\"><div style=\"font-size:12px;color:#575757\" dir=\"auto\">"
        "Sent from my Galaxy</div></div><div dir='auto'><br></div><div><br></div><div align=\"left\" dir=\"auto\" "
        "style=\"font-size:100%;color:#000000\"><div>-------- Original message --------</div><div>From: AckPoller "
        "Alerts &lt;alerts@northwind.example&gt; </div><div>Date: 24/11/2025  10:05  (GMT+01:00) </div></div>"
        "Disk /var on db-01 is 97% full (threshold 90%).</body></html>"
    )
    message = f"""Message-ID: <t3b8k2m5-q9w1-4e7r-8t6y-u5i4o3p2a1s0@email.android.example>
X-Mailer: Samsung Mail
MIME-Version: 1.0
Subject: RE: {ALERT_SUBJECT}
From: Ana Souza <ana.souza@woodgrove.example>
To: AckPoller Alerts <alerts@northwind.example>
Date: Mon, 24 Nov 2025 06:09:12 -0300
In-Reply-To: <{ALERT_ID}>
References: <{ALERT_ID}>
Content-Type: multipart/alternative; boundary="--_com.samsung.android.email_41220857719811250"

----_com.samsung.android.email_41220857719811250
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: base64

{b64(text)}
----_com.samsung.android.email_41220857719811250
Content-Type: text/html; charset=utf-8
Content-Transfer-Encoding: base64

{b64(html)}
----_com.samsung.android.email_41220857719811250--
"""
    write("android-samsung-reply", message, reply_expected(
        subject="RE: " + ALERT_SUBJECT,
        **{"from": [addr("Ana Souza", "ana.souza@woodgrove.example")]},
        message_id="t3b8k2m5-q9w1-4e7r-8t6y-u5i4o3p2a1s0@email.android.example",
        date="2025-11-24T06:09:12-03:00",
        text_body_starts_with="ACK",
        text_body_contains=["Sent from my Galaxy", "-------- Original message --------"],
        html_body_contains=["composer_signature"],
    ))


def html_only_latin1():
    html = (
        "<html><body><p>ack &mdash; Fran\u00e7ois s'en occupe.</p>"
        "<p>Cordialement,<br>Fran\u00e7ois L\u00e9v\u00eaque</p>"
        "<blockquote style=\"border-left:2px solid #ccc\">Disk /var on db-01 is 97% full (threshold 90%).</blockquote>"
        "<script>alert('x')</script></body></html>\n"
    )
    message = f"""From: =?ISO-8859-1?Q?Fran=E7ois_L=E9v=EAque?= <francois.leveque@adatum.example>
To: alerts@northwind.example
Subject: =?ISO-8859-1?Q?R=E9p=2E_=3A_=5BALERT=5D_db-01=3A_disk_/var_97=25_full?=
Date: Mon, 24 Nov 2025 10:30:00 +0100
Message-ID: <20251124093000.4F2A1@webmail.adatum.example>
In-Reply-To: <{ALERT_ID}>
References: <{ALERT_ID}>
MIME-Version: 1.0
Content-Type: text/html; charset=ISO-8859-1
Content-Transfer-Encoding: quoted-printable

{qp(html, "latin-1")}"""
    write("html-only-reply-iso-8859-1", message, reply_expected(
        subject="Rép. : [ALERT] db-01: disk /var 97% full",
        **{"from": [addr("François Lévêque", "francois.leveque@adatum.example")]},
        to=[addr(None, "alerts@northwind.example")],
        message_id="20251124093000.4F2A1@webmail.adatum.example",
        date="2025-11-24T10:30:00+01:00",
        text_body_starts_with="ack",
        text_body_contains=["François s'en occupe.", "Cordialement,"],
        text_body_not_contains=["alert('x')", "<p>"],
        html_body_contains=["<blockquote"],
    ))


def latin1_reply():
    text = "Acquitt\u00e9. Le probl\u00e8me vient du job de sauvegarde de 3h.\n\n-- \nH\u00e9l\u00e8ne Garnier\n\u00c9quipe exploitation\n"
    message = f"""Return-Path: <helene.garnier@adatum.example>
From: =?iso-8859-1?q?H=E9l=E8ne?= Garnier <helene.garnier@adatum.example>
To: AckPoller Alerts <alerts@northwind.example>
Cc: =?iso-8859-1?q?=C9quipe_exploitation?= <exploitation@adatum.example>
Subject: =?iso-8859-1?q?Re=A0=3A?= {ALERT_SUBJECT}
Date: Mon, 24 Nov 2025 10:33:19 +0100
Message-ID: <87h6v1k2pq.fsf@poste.adatum.example>
In-Reply-To: <{ALERT_ID}>
References: <{ALERT_ID}>
MIME-Version: 1.0
Content-Type: text/plain; charset=iso-8859-1
Content-Transfer-Encoding: quoted-printable

{qp(text, "latin-1")}"""
    write("reply-iso-8859-1-qp", message, reply_expected(
        subject="Re\u00a0: " + ALERT_SUBJECT,
        **{"from": [addr("Hélène Garnier", "helene.garnier@adatum.example")]},
        cc=[addr("Équipe exploitation", "exploitation@adatum.example")],
        message_id="87h6v1k2pq.fsf@poste.adatum.example",
        date="2025-11-24T10:33:19+01:00",
        text_body_starts_with="Acquitté. Le problème vient du job de sauvegarde de 3h.",
        text_body_contains=["Équipe exploitation"],
    ))


def iso2022jp():
    text = "了解です。対応します。\n\n山田 太郎\n運用チーム\n\n> Disk /var on db-01 is 97% full (threshold 90%).\n"
    body = text.encode("iso2022_jp").decode("ascii")
    subject = ew_b("Re: ディスク容量の警告", "iso2022_jp").replace("ISO2022_JP", "ISO-2022-JP")
    name = ew_b("山田 太郎", "iso2022_jp").replace("ISO2022_JP", "ISO-2022-JP")
    message = f"""From: {name} <t.yamada@contoso.example.jp>
To: AckPoller Alerts <alerts@northwind.example>
Subject: {subject}
Date: Mon, 24 Nov 2025 18:12:45 +0900
Message-Id: <20251124181245.7C3E.A1B2C3D4@contoso.example.jp>
In-Reply-To: <{ALERT_ID}>
References: <{ALERT_ID}>
MIME-Version: 1.0
Content-Type: text/plain; charset="ISO-2022-JP"
Content-Transfer-Encoding: 7bit
X-Mailer: Becky! ver. 2.81.05

{body}"""
    write("reply-iso-2022-jp", message, reply_expected(
        subject="Re: ディスク容量の警告",
        **{"from": [addr("山田 太郎", "t.yamada@contoso.example.jp")]},
        message_id="20251124181245.7C3E.A1B2C3D4@contoso.example.jp",
        date="2025-11-24T18:12:45+09:00",
        text_body_starts_with="了解です。対応します。",
        text_body_contains=["運用チーム"],
    ))


def subject_message(name, subject_header, subject, sender_header, sender_json, body_text, charset, cte, msgid, date_header, date_iso):
    if cte == "base64":
        body = b64(body_text, charset)
    elif cte == "quoted-printable":
        body = qp(body_text, charset)
    else:
        body = body_text
    message = f"""From: {sender_header}
To: AckPoller Alerts <alerts@northwind.example>
Subject: {subject_header}
Date: {date_header}
Message-ID: <{msgid}>
In-Reply-To: <{ALERT_ID}>
References: <{ALERT_ID}>
MIME-Version: 1.0
Content-Type: text/plain; charset={charset}
Content-Transfer-Encoding: {cte}

{body}"""
    write(name, message, reply_expected(
        subject=subject, **{"from": sender_json}, message_id=msgid, date=date_iso,
        text_body_starts_with=body_text.split("\n")[0],
    ))


def encoded_subjects():
    subject_message(
        "subject-german-iso-8859-1-q", "=?ISO-8859-1?Q?AW=3A_St=F6rung_auf_db-01_best=E4tigt=2C_Gr=FC=DFe?=",
        "AW: Störung auf db-01 bestätigt, Grüße",
        "=?ISO-8859-1?Q?Bj=F6rn_M=FCller?= <bjoern.mueller@fabrikam.example>", [addr("Björn Müller", "bjoern.mueller@fabrikam.example")],
        "Ack, ich kümmere mich darum.\n", "iso-8859-1", "quoted-printable",
        "5f1e2d3c.4b5a@mx.fabrikam.example", "Mon, 24 Nov 2025 10:40:02 +0100", "2025-11-24T10:40:02+01:00")
    subject_message(
        "subject-german-windows-1252-q", "=?windows-1252?Q?AW=3A_St=F6rung_auf_db-01_best=E4tigt_=96_Gr=FC=DFe?=",
        "AW: Störung auf db-01 bestätigt – Grüße",
        "=?windows-1252?Q?Bj=F6rn_M=FCller?= <bjoern.mueller@fabrikam.example>", [addr("Björn Müller", "bjoern.mueller@fabrikam.example")],
        "Ack \u2013 ich kümmere mich darum.\n", "windows-1252", "quoted-printable",
        "5f1e2d3c.4b5b@mx.fabrikam.example", "Mon, 24 Nov 2025 10:41:02 +0100", "2025-11-24T10:41:02+01:00")
    subject_message(
        "subject-french-utf8-q", "=?UTF-8?Q?R=C3=A9p=2E=C2=A0=3A_=5BALERTE=5D_Probl=C3=A8me_r=C3=A9gl=C3=A9?=",
        "Rép.\u00a0: [ALERTE] Problème réglé",
        ew_q("Lemaire, Cécile") + " <cecile.lemaire@adatum.example>", [addr("Lemaire, Cécile", "cecile.lemaire@adatum.example")],
        "C'est bon, problème réglé.\n", "utf-8", "quoted-printable",
        "CAF1d2e3f4.g5h6@adatum.example", "Mon, 24 Nov 2025 10:42:00 +0100", "2025-11-24T10:42:00+01:00")
    # A long Japanese subject as several B words split on character boundaries, folded over lines.
    ja = "Re: 【警告】データベースサーバーのディスク使用率が九十七パーセントに達しました"
    words = [ja[i:i + 12] for i in range(0, len(ja), 12)]
    subject_message(
        "subject-japanese-utf8-b", "\n ".join(ew_b(w) for w in words), ja,
        f"{ew_b('佐藤 花子')} <hanako.sato@contoso.example.jp>", [addr("佐藤 花子", "hanako.sato@contoso.example.jp")],
        "承知しました。ログを削除します。\n", "utf-8", "base64",
        "0102030405060708.hanako@contoso.example.jp", "Mon, 24 Nov 2025 18:45:00 +0900", "2025-11-24T18:45:00+09:00")
    subject_message(
        "subject-russian-koi8-r-b", ew_b("Re: Тревога: диск заполнен", "koi8-r"), "Re: Тревога: диск заполнен",
        f"{ew_b('Дмитрий Соколов', 'koi8-r')} <d.sokolov@litware.example>", [addr("Дмитрий Соколов", "d.sokolov@litware.example")],
        "Принято, занимаюсь.\n", "koi8-r", "base64",
        "1732439100.123456@litware.example", "Mon, 24 Nov 2025 12:45:00 +0300", "2025-11-24T12:45:00+03:00")
    subject_message(
        "subject-chinese-gb2312-b", ew_b("回复: 磁盘空间告警", "gb2312"), "回复: 磁盘空间告警",
        f"{ew_b('王伟', 'gb2312')} <wang.wei@proseware.example.cn>", [addr("王伟", "wang.wei@proseware.example.cn")],
        "收到，正在处理。\n", "gb2312", "base64",
        "202511241746.a1b2c3@proseware.example.cn", "Mon, 24 Nov 2025 17:46:00 +0800", "2025-11-24T17:46:00+08:00")
    emoji = "Re: 🔥 db-01 disk full 🚨 — ack ✅👍"
    subject_message(
        "subject-emoji-utf8", ew_b(emoji[:14]) + "\n " + ew_q(emoji[14:]), emoji,
        f"{ew_q('Sam 🦊 Okafor')} <sam.okafor@fourthcoffee.example>", [addr("Sam 🦊 Okafor", "sam.okafor@fourthcoffee.example")],
        "ack 👍\n", "utf-8", "quoted-printable",
        "emoji.7f3e9a1c@fourthcoffee.example", "Mon, 24 Nov 2025 09:50:00 +0000", "2025-11-24T09:50:00+00:00")


def out_of_office():
    text = "I am out of the office until Monday 1 December with no access to email.\nFor urgent issues please contact the service desk on +44 20 7946 0000.\n"
    html = "<html><body><p>I am out of the office until Monday 1 December with no access to email.</p><p>For urgent issues please contact the service desk on +44 20 7946 0000.</p></body></html>"
    message = f"""From: Oliver Bennett <oliver.bennett@contoso-ops.example>
To: AckPoller Alerts <alerts@northwind.example>
Subject: Automatic reply: {ALERT_SUBJECT}
Thread-Topic: {ALERT_SUBJECT}
Date: Mon, 24 Nov 2025 09:05:09 +0000
Message-ID: <LO2P265MB5023AB12CD34EF56@LO2P265MB5023.GBRP265.PROD.OUTLOOK.EXAMPLE>
References: <{ALERT_ID}>
In-Reply-To: <{ALERT_ID}>
Auto-Submitted: auto-replied
X-Auto-Response-Suppress: All
X-MS-Exchange-Inbox-Rules-Loop: oliver.bennett@contoso-ops.example
Content-Type: multipart/alternative;
\tboundary="_000_LO2P265MB5023AB12CD34EF56LO2P265MB5023GBRP_"
MIME-Version: 1.0

--_000_LO2P265MB5023AB12CD34EF56LO2P265MB5023GBRP_
Content-Type: text/plain; charset="us-ascii"

{text}
--_000_LO2P265MB5023AB12CD34EF56LO2P265MB5023GBRP_
Content-Type: text/html; charset="us-ascii"

{html}

--_000_LO2P265MB5023AB12CD34EF56LO2P265MB5023GBRP_--
"""
    write("out-of-office-exchange", message, reply_expected(
        subject="Automatic reply: " + ALERT_SUBJECT,
        **{"from": [addr("Oliver Bennett", "oliver.bennett@contoso-ops.example")]},
        message_id="LO2P265MB5023AB12CD34EF56@LO2P265MB5023.GBRP265.PROD.OUTLOOK.EXAMPLE",
        date="2025-11-24T09:05:09+00:00",
        text_body_starts_with="I am out of the office until Monday 1 December",
        auto_reply=True,
    ))

    message = f"""Return-Path: <>
From: Lena Hoffmann <lena.hoffmann@fabrikam.example>
To: alerts@northwind.example
Subject: Abwesenheitsnotiz: {ALERT_SUBJECT}
Date: Mon, 24 Nov 2025 10:05:12 +0100
Message-ID: <vacation.1732439112.lena@mx.fabrikam.example>
In-Reply-To: <{ALERT_ID}>
References: <{ALERT_ID}>
X-Autoreply: yes
Precedence: auto_reply
MIME-Version: 1.0
Content-Type: text/plain; charset=us-ascii
Content-Transfer-Encoding: 7bit

Ich bin bis 28.11. nicht im Buero. Ihre Nachricht wird nicht weitergeleitet.
"""
    write("out-of-office-x-autoreply", message, reply_expected(
        subject="Abwesenheitsnotiz: " + ALERT_SUBJECT,
        **{"from": [addr("Lena Hoffmann", "lena.hoffmann@fabrikam.example")]},
        to=[addr(None, "alerts@northwind.example")],
        message_id="vacation.1732439112.lena@mx.fabrikam.example",
        date="2025-11-24T10:05:12+01:00",
        text_body_starts_with="Ich bin bis 28.11. nicht im Buero.",
        auto_reply=True,
    ))


ORIGINAL_ALERT = f"""Return-Path: <alerts@northwind.example>
From: AckPoller Alerts <alerts@northwind.example>
To: gone.person@contoso-ops.example
Subject: {ALERT_SUBJECT}
Date: {ALERT_DATE}
Message-ID: <{ALERT_ID}>
Auto-Submitted: auto-generated
X-AckPoller-Ref: K3X9QZ
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 7bit

Disk /var on db-01 is 97% full (threshold 90%).
Reply ACK to acknowledge.
"""


def dsn_postfix():
    message = f"""Return-Path: <>
Received: by mx1.northwind.example (Postfix)
\tid 4Q7ZfK2m1Xz9tB; Mon, 24 Nov 2025 10:05:10 +0100 (CET)
Date: Mon, 24 Nov 2025 10:05:10 +0100 (CET)
From: MAILER-DAEMON@mx1.northwind.example (Mail Delivery System)
Subject: Undelivered Mail Returned to Sender
To: alerts@northwind.example
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
\tboundary="4Q7ZfK2m1Xz9tB.1732439110/mx1.northwind.example"
Content-Transfer-Encoding: 8bit
Message-Id: <20251124090510.4Q7ZfK2m1Xz9tB@mx1.northwind.example>

This is a MIME-encapsulated message.

--4Q7ZfK2m1Xz9tB.1732439110/mx1.northwind.example
Content-Description: Notification
Content-Type: text/plain; charset=us-ascii

This is the mail system at host mx1.northwind.example.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients. It's attached below.

                   The mail system

<gone.person@contoso-ops.example>: host mx.contoso-ops.example[192.0.2.25] said:
    550 5.1.1 <gone.person@contoso-ops.example>: Recipient address rejected:
    User unknown in virtual mailbox table (in reply to RCPT TO command)

--4Q7ZfK2m1Xz9tB.1732439110/mx1.northwind.example
Content-Description: Delivery report
Content-Type: message/delivery-status

Reporting-MTA: dns; mx1.northwind.example
X-Postfix-Queue-ID: 4Q7ZfK2m1Xz9tB
X-Postfix-Sender: rfc822; alerts@northwind.example
Arrival-Date: Mon, 24 Nov 2025 10:05:08 +0100 (CET)

Final-Recipient: rfc822; gone.person@contoso-ops.example
Original-Recipient: rfc822;gone.person@contoso-ops.example
Action: failed
Status: 5.1.1
Remote-MTA: dns; mx.contoso-ops.example
Diagnostic-Code: smtp; 550 5.1.1 <gone.person@contoso-ops.example>: Recipient
    address rejected: User unknown in virtual mailbox table

--4Q7ZfK2m1Xz9tB.1732439110/mx1.northwind.example
Content-Description: Undelivered Message
Content-Type: message/rfc822

{ORIGINAL_ALERT}
--4Q7ZfK2m1Xz9tB.1732439110/mx1.northwind.example--
"""
    write("dsn-postfix-message-rfc822", message, {
        "subject": "Undelivered Mail Returned to Sender",
        "from": [addr("Mail Delivery System", "MAILER-DAEMON@mx1.northwind.example")],
        "to": [addr(None, "alerts@northwind.example")],
        "message_id": "20251124090510.4Q7ZfK2m1Xz9tB@mx1.northwind.example",
        "in_reply_to": None,
        "references": [],
        "date": "2025-11-24T10:05:10+01:00",
        "text_body_starts_with": "This is the mail system at host mx1.northwind.example.",
        "text_body_contains": ["550 5.1.1"],
        "attachments": [],
        "auto_reply": True,
        "is_dsn": True,
        "warnings_expected": False,
    })


def dsn_exchange_headers():
    html = (
        "<html><body><p><b><font color=\"#000066\" size=\"3\" face=\"Arial\">Your message to "
        "gone.person@contoso-ops.example couldn't be delivered.</font></b></p><p>gone.person wasn't found at "
        "contoso-ops.example.</p></body></html>"
    )
    headers_only = ORIGINAL_ALERT.split("\n\n", 1)[0] + "\n"
    message = f"""From: Microsoft Outlook
\t<MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@contoso-ops.example>
To: <alerts@northwind.example>
Date: Mon, 24 Nov 2025 09:05:11 +0000
Content-Type: multipart/report; report-type=delivery-status;
\tboundary="2e5b6c7d-1a2b-4c3d-9e8f-0a1b2c3d4e5f"
X-MS-Exchange-Message-Is-Ndr:
Content-Language: en-US
Message-ID:
 <4a5b6c7d-8e9f-4012-a345-6789abcdef01@AM6PR02MB4321.eurprd02.prod.outlook.example>
In-Reply-To: <{ALERT_ID}>
References: <{ALERT_ID}>
Subject: Undeliverable: {ALERT_SUBJECT}
Auto-Submitted: auto-replied
MIME-Version: 1.0

--2e5b6c7d-1a2b-4c3d-9e8f-0a1b2c3d4e5f
Content-Type: multipart/alternative; differences=Content-Type;
\tboundary="e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b"

--e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b
Content-Type: text/plain; charset="us-ascii"
Content-Transfer-Encoding: quoted-printable

Your message to gone.person@contoso-ops.example couldn't be delivered.

gone.person wasn't found at contoso-ops.example.

--e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b
Content-Type: text/html; charset="us-ascii"
Content-Transfer-Encoding: quoted-printable

{qp(html)}
--e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b--

--2e5b6c7d-1a2b-4c3d-9e8f-0a1b2c3d4e5f
Content-Type: message/delivery-status

Reporting-MTA: dns;AM6PR02MB4321.eurprd02.prod.outlook.example
Received-From-MTA: dns;mx1.northwind.example
Arrival-Date: Mon, 24 Nov 2025 09:05:09 +0000

Final-Recipient: rfc822;gone.person@contoso-ops.example
Action: failed
Status: 5.1.10
Diagnostic-Code: smtp;550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not
 found by SMTP address lookup

--2e5b6c7d-1a2b-4c3d-9e8f-0a1b2c3d4e5f
Content-Type: text/rfc822-headers

{headers_only}
--2e5b6c7d-1a2b-4c3d-9e8f-0a1b2c3d4e5f--
"""
    write("dsn-exchange-rfc822-headers", message, {
        "subject": "Undeliverable: " + ALERT_SUBJECT,
        "from": [addr("Microsoft Outlook", "MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@contoso-ops.example")],
        "to": [addr(None, "alerts@northwind.example")],
        "message_id": "4a5b6c7d-8e9f-4012-a345-6789abcdef01@AM6PR02MB4321.eurprd02.prod.outlook.example",
        "in_reply_to": ALERT_ID,
        "references": [ALERT_ID],
        "date": "2025-11-24T09:05:11+00:00",
        "text_body_starts_with": "Your message to gone.person@contoso-ops.example couldn't be delivered.",
        "attachments": [],
        "auto_reply": True,
        "is_dsn": True,
        "warnings_expected": False,
    })


def forwarded():
    message = f"""From: Grace Liu <grace.liu@contoso-ops.example>
To: Rahul Iyer <rahul.iyer@contoso-ops.example>
Cc: AckPoller Alerts <alerts@northwind.example>
Subject: Fwd: {ALERT_SUBJECT}
Date: Mon, 24 Nov 2025 10:12:00 +0100
Message-ID: <fwd.20251124101200.grace@contoso-ops.example>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="------------fwd9Kq2Lm7Xb3Vn8"

This is a multi-part message in MIME format.
--------------fwd9Kq2Lm7Xb3Vn8
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: 7bit

Rahul, can you take this one? I'm in the incident review until 11.

Grace

--------------fwd9Kq2Lm7Xb3Vn8
Content-Type: message/rfc822; name="{ALERT_SUBJECT}.eml"
Content-Disposition: attachment; filename="alert.eml"

{ORIGINAL_ALERT}
--------------fwd9Kq2Lm7Xb3Vn8--
"""
    write("forwarded-message-rfc822", message, {
        "subject": "Fwd: " + ALERT_SUBJECT,
        "from": [addr("Grace Liu", "grace.liu@contoso-ops.example")],
        "to": [addr("Rahul Iyer", "rahul.iyer@contoso-ops.example")],
        "cc": ALERT_FROM_JSON,
        "message_id": "fwd.20251124101200.grace@contoso-ops.example",
        "in_reply_to": None,
        "references": [],
        "date": "2025-11-24T10:12:00+01:00",
        "text_body_starts_with": "Rahul, can you take this one?",
        "text_body_not_contains": ["Disk /var on db-01"],
        "auto_reply": False,
        "is_dsn": False,
        "warnings_expected": False,
    })


def attachments_rfc2231():
    pdf = deterministic_pdf(11, 3000)
    csv = "host,mount,used_pct\ndb-01,/var,97\ndb-02,/var,41\n"
    report = b64("磁盘报告\n")
    message = f"""From: Priya Raman <priya.raman@contoso-ops.example>
To: AckPoller Alerts <alerts@northwind.example>
Subject: Re: {ALERT_SUBJECT}
Date: Mon, 24 Nov 2025 10:50:00 +0100
Message-ID: <attach.20251124105000.priya@contoso-ops.example>
In-Reply-To: <{ALERT_ID}>
References: <{ALERT_ID}>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="=_mixed_7f3a"

--=_mixed_7f3a
Content-Type: text/plain; charset=us-ascii

ack, report and usage attached.

--=_mixed_7f3a
Content-Type: application/pdf; name="=?UTF-8?Q?Pr=C3=BCfbericht_db-01.pdf?="
Content-Disposition: attachment;
 filename*=UTF-8''Pr%C3%BCfbericht%20db-01.pdf
Content-Transfer-Encoding: base64

{b64(pdf)}
--=_mixed_7f3a
Content-Type: text/csv; charset=us-ascii; name=usage.csv
Content-Disposition: attachment; filename=usage.csv

{csv}
--=_mixed_7f3a
Content-Type: application/octet-stream
Content-Disposition: attachment;
 filename*0*=UTF-8''%E7%A3%81%E7%9B%98%E6%8A%A5%E5%91%8A;
 filename*1=.txt
Content-Transfer-Encoding: base64

{report}
--=_mixed_7f3a--
"""
    write("attachments-rfc2231-names", message, reply_expected(
        subject="Re: " + ALERT_SUBJECT,
        **{"from": PRIYA_JSON},
        message_id="attach.20251124105000.priya@contoso-ops.example",
        date="2025-11-24T10:50:00+01:00",
        text_body_starts_with="ack, report and usage attached.",
        attachments=["Prüfbericht db-01.pdf", "usage.csv", "磁盘报告.txt"],
    ))


def plain_ack():
    message = f"""From: rahul.iyer@contoso-ops.example
To: alerts@northwind.example
Subject: Re: {ALERT_SUBJECT}
Date: Mon, 24 Nov 2025 10:06:00 +0530
Message-ID: <plain.ack.1@contoso-ops.example>
In-Reply-To: <{ALERT_ID}>
References: <{ALERT_ID}>

ack
"""
    write("plain-ascii-ack-no-mime-version", message, reply_expected(
        subject="Re: " + ALERT_SUBJECT,
        **{"from": [addr(None, "rahul.iyer@contoso-ops.example")]},
        to=[addr(None, "alerts@northwind.example")],
        message_id="plain.ack.1@contoso-ops.example",
        date="2025-11-24T10:06:00+05:30",
        text_body_starts_with="ack",
    ))


def broken():
    message = f"""From: Broken Client <broken@tailspin.example>
To: alerts@northwind.example
Subject: Re: {ALERT_SUBJECT}
Date: Mon, 24 Nov 2025 11:00:00 +0100
Message-ID: <broken.boundary@tailspin.example>
In-Reply-To: <{ALERT_ID}>
References: <{ALERT_ID}>
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="trunc-42"

--trunc-42
Content-Type: text/plain; charset=utf-8

ack from the truncated message

--trunc-42
Content-Type: text/html; charset=utf-8

<p>ack from the truncated message</p>
"""
    write("broken-missing-final-boundary", message, reply_expected(
        subject="Re: " + ALERT_SUBJECT,
        **{"from": [addr("Broken Client", "broken@tailspin.example")]},
        to=[addr(None, "alerts@northwind.example")],
        message_id="broken.boundary@tailspin.example",
        date="2025-11-24T11:00:00+01:00",
        text_body_starts_with="ack from the truncated message",
        warnings_expected=True,
    ))

    good = b64("ack, bad base64 follows but this line is fine\n").rstrip("\n")
    message = f"""From: Broken Client <broken@tailspin.example>
To: alerts@northwind.example
Subject: Re: {ALERT_SUBJECT}
Date: Mon, 24 Nov 2025 11:01:00 +0100
Message-ID: <broken.base64@tailspin.example>
In-Reply-To: <{ALERT_ID}>
References: <{ALERT_ID}>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: base64

{good}
!!not*base64$$
QUJD
"""
    write("broken-bad-base64", message, reply_expected(
        subject="Re: " + ALERT_SUBJECT,
        **{"from": [addr("Broken Client", "broken@tailspin.example")]},
        to=[addr(None, "alerts@northwind.example")],
        message_id="broken.base64@tailspin.example",
        date="2025-11-24T11:01:00+01:00",
        text_body_starts_with="ack, bad base64 follows",
        # Content is decoded lazily, so damage inside a body is not a parse warning: not checked.
        warnings_expected=None,
    ))

    # Raw 8-bit header bytes: a UTF-8 subject (tolerated, RFC 6532 style) and a Latin-1 display name that is not
    # valid UTF-8 (decoded with a single-byte fallback).
    message = (
        "From: Ren\xe9 Dupont <rene.dupont@adatum.example>\n".encode("latin-1")
        + f"""To: alerts@northwind.example
Subject: Re: Störung – ack
Date: Mon, 24 Nov 2025 11:02:00 +0100
Message-ID: <broken.8bit@adatum.example>
In-Reply-To: <{ALERT_ID}>
References: <{ALERT_ID}>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

ack — c'est noté.
""".encode("utf-8"))
    write("broken-raw-8bit-headers", message, reply_expected(
        subject="Re: Störung – ack",
        **{"from": [addr("René Dupont", "rene.dupont@adatum.example")]},
        to=[addr(None, "alerts@northwind.example")],
        message_id="broken.8bit@adatum.example",
        date="2025-11-24T11:02:00+01:00",
        text_body_starts_with="ack — c'est noté.",
        # Header text is decoded lazily (UTF-8, else a single-byte fallback), so it is not a parse warning: not checked.
        warnings_expected=None,
    ))

    message = f"""From: Broken Client <broken@tailspin.example>
To: alerts@northwind.example
Subject: Re: {ALERT_SUBJECT}
Date: Mon, 24 Nov 2025 11:03:00 +0100
Message-ID: <broken.charset@tailspin.example>
In-Reply-To: <{ALERT_ID}>
References: <{ALERT_ID}>
MIME-Version: 1.0
Content-Type: text/plain; charset="x-unknown-klingon-8"
Content-Transfer-Encoding: 7bit

ack, sent with a charset nobody knows
"""
    write("broken-unknown-charset", message, reply_expected(
        subject="Re: " + ALERT_SUBJECT,
        **{"from": [addr("Broken Client", "broken@tailspin.example")]},
        to=[addr(None, "alerts@northwind.example")],
        message_id="broken.charset@tailspin.example",
        date="2025-11-24T11:03:00+01:00",
        text_body_starts_with="ack, sent with a charset nobody knows",
        warnings_expected=True,
    ))


def deterministic_bytes(seed, size):
    rng = random.Random(seed)
    return bytes(rng.getrandbits(8) for _ in range(size))


def deterministic_png(seed, size):
    header = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x78\x00\x00\x00\x20\x08\x06\x00\x00\x00"
    return header + deterministic_bytes(seed, size - len(header) - 12) + b"\x00\x00\x00\x00IEND\xaeB`\x82"


def deterministic_pdf(seed, size):
    head = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n4 0 obj\n<< /Length LENGTH /Filter /FlateDecode >>\nstream\n"
    tail = b"\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
    body = deterministic_bytes(seed, size - len(head) - len(tail))
    return head.replace(b"LENGTH", str(len(body)).encode()) + body + tail


def bench_177k():
    rng = random.Random(177)
    words = ("disk volume replication latency threshold primary replica backup cluster node failover query index "
             "vacuum checkpoint archive segment throughput connection pool timeout").split()
    lines = []
    for i in range(120):
        lines.append(" ".join(rng.choice(words) for _ in range(rng.randint(6, 12))) + ".")
    text = "ack \u2014 incident summary follows.\n\n" + "\n".join(lines) + "\n\nPriya\n"
    html = ("<html><head><meta charset=\"utf-8\"><style>td{padding:2px 6px}</style></head><body>"
            "<p>ack &mdash; incident summary follows.</p><table>"
            + "".join(f"<tr><td>{i}</td><td>{line}</td></tr>\n" for i, line in enumerate(lines))
            + "</table><p>Priya</p></body></html>\n")
    pdf = deterministic_pdf(1770, 74000)
    png = deterministic_png(1771, 38000)
    message = f"""Received: from mx.contoso-ops.example (mx.contoso-ops.example [192.0.2.25])
\tby mx1.northwind.example (Postfix) with ESMTPS id 4Q80aB1c2D3e
\tfor <alerts@northwind.example>; Mon, 24 Nov 2025 11:20:03 +0100 (CET)
From: {PRIYA}
To: {ALERT_FROM}
Cc: Grace Liu <grace.liu@contoso-ops.example>, Rahul Iyer <rahul.iyer@contoso-ops.example>
Subject: RE: {ALERT_SUBJECT}
Date: Mon, 24 Nov 2025 10:20:00 +0000
Message-ID: <bench177k.20251124102000.priya@contoso-ops.example>
In-Reply-To: <{ALERT_ID}>
References: <{ALERT_ID}>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="_bench_mixed_0001_"

--_bench_mixed_0001_
Content-Type: multipart/alternative; boundary="_bench_alt_0002_"

--_bench_alt_0002_
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: quoted-printable

{qp(text)}
--_bench_alt_0002_
Content-Type: text/html; charset="utf-8"
Content-Transfer-Encoding: quoted-printable

{qp(html)}
--_bench_alt_0002_--

--_bench_mixed_0001_
Content-Type: application/pdf; name="incident-report.pdf"
Content-Disposition: attachment; filename="incident-report.pdf"
Content-Transfer-Encoding: base64

{b64(pdf)}
--_bench_mixed_0001_
Content-Type: image/png; name="disk-usage.png"
Content-Disposition: attachment; filename="disk-usage.png"
Content-Transfer-Encoding: base64

{b64(png)}
--_bench_mixed_0001_--
"""
    write("bench-177k-multipart", message, reply_expected(
        subject="RE: " + ALERT_SUBJECT,
        **{"from": PRIYA_JSON},
        cc=[addr("Grace Liu", "grace.liu@contoso-ops.example"), addr("Rahul Iyer", "rahul.iyer@contoso-ops.example")],
        message_id="bench177k.20251124102000.priya@contoso-ops.example",
        date="2025-11-24T10:20:00+00:00",
        text_body_starts_with="ack \u2014 incident summary follows.",
        text_body_contains=[lines[-1]],
        html_body_contains=["<table>"],
        attachments=["incident-report.pdf", "disk-usage.png"],
    ))


def bench_4k():
    text = (
        "Ack. Taking this one.\n\n"
        "Root cause looks like the nightly export writing to /var/tmp instead of /data. I've stopped the job and\n"
        "am moving the files; usage should drop below 80% in ten minutes. Will update the ticket.\n\n"
        "Thanks,\nPriya\n\n"
        "From: AckPoller Alerts <alerts@northwind.example>\n"
        "Sent: Monday, November 24, 2025 10:05 AM\n"
        "To: Priya Raman <priya.raman@contoso-ops.example>\n"
        "Subject: " + ALERT_SUBJECT + "\n\n"
        "Disk /var on db-01 is 97% full (threshold 90%).\nReply ACK to acknowledge.\nRef: K3X9QZ\n"
    )
    html = (
        "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\"></head><body>"
        "<div>Ack. Taking this one.</div><div><br></div><div>Root cause looks like the nightly export writing to "
        "/var/tmp instead of /data. I've stopped the job and am moving the files; usage should drop below 80% in ten "
        "minutes. Will update the ticket.</div><div><br></div><div>Thanks,<br>Priya</div>"
        "<div id=\"divRplyFwdMsg\"><b>From:</b> AckPoller Alerts &lt;alerts@northwind.example&gt;<br><b>Sent:</b> "
        "Monday, November 24, 2025 10:05 AM<br><b>Subject:</b> " + ALERT_SUBJECT + "</div>"
        "<div>Disk /var on db-01 is 97% full (threshold 90%).<br>Reply ACK to acknowledge.<br>Ref: K3X9QZ</div>"
        "</body></html>\n"
    )
    message = f"""Received: from mx.contoso-ops.example (mx.contoso-ops.example [192.0.2.25])
\tby mx1.northwind.example (Postfix) with ESMTPS id 4Q80bC2d3E4f
\tfor <alerts@northwind.example>; Mon, 24 Nov 2025 10:09:03 +0100 (CET)
DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=contoso-ops.example; s=sel1;
\th=from:to:subject:date:message-id:in-reply-to:references;
\tbh=q7v2Xk9LmN3pR5sT8wY1zA4cE6gH0jK2lM5nP7rS9uW=;
\tb=Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5d2FsZG9mcmVkcGx1Z2h4eXp6eQ
\t MTIzNDU2Nzg5MGFiY2RlZmdoaWprbG1ub3BxcnN0dXZ3eHl6QUJDREVGR0hJSktMTU5PUFE=
From: {PRIYA}
To: {ALERT_FROM}
Subject: RE: {ALERT_SUBJECT}
Thread-Topic: {ALERT_SUBJECT}
Date: Mon, 24 Nov 2025 09:09:00 +0000
Message-ID: <bench4k.20251124090900.priya@contoso-ops.example>
In-Reply-To: <{ALERT_ID}>
References: <{ALERT_ID}>
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="_bench4k_alt_"

--_bench4k_alt_
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: quoted-printable

{qp(text)}
--_bench4k_alt_
Content-Type: text/html; charset="utf-8"
Content-Transfer-Encoding: quoted-printable

{qp(html)}
--_bench4k_alt_--
"""
    write("bench-4k-reply", message, reply_expected(
        subject="RE: " + ALERT_SUBJECT,
        **{"from": PRIYA_JSON},
        message_id="bench4k.20251124090900.priya@contoso-ops.example",
        date="2025-11-24T09:09:00+00:00",
        text_body_starts_with="Ack. Taking this one.",
        text_body_contains=["Ref: K3X9QZ"],
        html_body_contains=["divRplyFwdMsg"],
    ))


if __name__ == "__main__":
    outlook_desktop_qp_utf8()
    outlook_desktop_cp1252()
    outlook_web()
    gmail()
    apple_mail()
    thunderbird()
    iphone()
    android()
    html_only_latin1()
    latin1_reply()
    iso2022jp()
    encoded_subjects()
    out_of_office()
    dsn_postfix()
    dsn_exchange_headers()
    forwarded()
    attachments_rfc2231()
    plain_ack()
    broken()
    bench_177k()
    bench_4k()
