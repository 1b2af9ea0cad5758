namespace AckPoller.Core.Replies;

/// <summary>The labels of the header block Outlook writes above the quoted original ("From: … Sent: … To: … Cc: …
/// Subject: …", "Date:" in newer builds) and of its "-----Original Message-----" separator, in the display languages
/// Outlook ships. A header block is recognised when a From line is followed closely by another field of the SAME
/// language, so one language's short words ("A", "De", "No") never pair with another's.
///
/// Provenance, per language (checked in this session with the search tool against Microsoft's own pages):
/// Microsoft Learn's localised Outlook reference ("MailItem.Reply method", "creates a reply … from the original
/// message … to the original sender") gives Microsoft's own word for "original message" and "sender" in zh-CN
/// (原始邮件, 发件人), zh-TW (原始郵件, 寄件者), ja-JP (元のメッセージ), fr-FR (message d'origine), es-ES (mensaje
/// original), pt-BR (mensagem original). Those terms are marked "confirmed (Learn)". Every other label is as Outlook
/// writes it in real replies seen in the field and is marked "unconfirmed": no Microsoft page stating the exact reply
/// header string was found in the searchable corpora, so they rest on observed mail, not on a Microsoft source. Where
/// a label is unconfirmed, the structural fallback (a block of "Label: value" lines whose values are the alert's
/// sender, recipients and subject, see <see cref="TextQuoteStripper"/>) still catches the block.
///
/// Re-checked (search tool, docs and pages corpora): Microsoft's CDO reference states that its reply/forward response text
/// ("-----Original Message-----", From:, Sent:, To:, Subject:) "is localized into the language specified by the
/// languagecode field" and lists those languages (ar, bg, ca, zh-tw, zh-cn, cs, da, de, el, en, fi, fr, he, hu, it, ja, ko,
/// nl, no, pl, pt-br, pt, ro, ru, sv, es …): https://learn.microsoft.com/en-us/previous-versions/office/developer/exchange-server-2003/ms872878(v=exchg.65)
/// and https://learn.microsoft.com/en-us/previous-versions/office/developer/exchange-server-2003/aa487627(v=exchg.65).
/// That confirms the block is localised per language, not any localised string, so no mark below changed; no Microsoft
/// page giving the localised labels themselves was found.</summary>
internal static class OutlookHeaderLabels
{
    internal sealed record Language(string Name, string[] From, string[] Fields, string[] OriginalMessage);

    /// <summary>One row per language: From labels, the other field labels (Sent/Date, To, Cc, Subject), separator titles.</summary>
    public static readonly Language[] Languages =
    [
        // English: the reference strings. Sent/Date both occur (classic vs new Outlook and OWA).
        new("en", ["from"], ["sent", "date", "to", "cc", "subject"], ["original message", "forwarded message"]),
        // German: unconfirmed.
        new("de", ["von"], ["gesendet", "datum", "an", "cc", "betreff"], ["ursprüngliche nachricht", "originalnachricht", "weitergeleitete nachricht"]),
        // French: "message d'origine" confirmed (Learn fr-FR); labels unconfirmed. French puts a space before the colon ("De :").
        new("fr", ["de"], ["envoyé", "date d'envoi", "date", "à", "cc", "objet"], ["message d'origine", "message transféré"]),
        // Spanish: "mensaje original" confirmed (Learn es-ES); labels unconfirmed.
        new("es", ["de"], ["enviado", "enviado el", "fecha", "para", "cc", "asunto"], ["mensaje original", "mensaje reenviado"]),
        // Italian: unconfirmed.
        new("it", ["da"], ["inviato", "data", "a", "cc", "oggetto"], ["messaggio originale"]),
        // Portuguese (Brazil, Portugal): "mensagem original" confirmed (Learn pt-BR); labels unconfirmed.
        new("pt", ["de"], ["enviada em", "enviado", "data", "para", "cc", "assunto"], ["mensagem original"]),
        // Dutch: unconfirmed.
        new("nl", ["van"], ["verzonden", "datum", "aan", "cc", "onderwerp"], ["oorspronkelijk bericht"]),
        // Swedish: unconfirmed.
        new("sv", ["från"], ["skickat", "datum", "till", "kopia", "ämne"], ["ursprungligt meddelande", "originalmeddelande"]),
        // Danish: unconfirmed.
        new("da", ["fra"], ["sendt", "dato", "til", "cc", "emne"], ["oprindelig meddelelse"]),
        // Norwegian (Bokmål): unconfirmed.
        new("nb", ["fra"], ["sendt", "dato", "til", "kopi", "emne"], ["opprinnelig melding"]),
        // Finnish: unconfirmed.
        new("fi", ["lähettäjä"], ["lähetetty", "päivämäärä", "vastaanottaja", "kopio", "aihe"], ["alkuperäinen viesti"]),
        // Polish: unconfirmed.
        new("pl", ["od"], ["wysłano", "data", "do", "dw", "temat"], ["oryginalna wiadomość", "wiadomość oryginalna"]),
        // Czech: unconfirmed.
        new("cs", ["od"], ["odesláno", "datum", "komu", "kopie", "předmět"], ["původní zpráva"]),
        // Slovak: unconfirmed.
        new("sk", ["od"], ["odoslané", "dátum", "komu", "kópia", "predmet"], ["pôvodná správa"]),
        // Hungarian: unconfirmed.
        new("hu", ["feladó"], ["elküldve", "dátum", "címzett", "másolatot kap", "tárgy"], ["eredeti üzenet"]),
        // Romanian: unconfirmed.
        new("ro", ["de la"], ["trimis", "data", "către", "cc", "subiect"], ["mesaj original"]),
        // Croatian: unconfirmed.
        new("hr", ["šalje"], ["poslano", "datum", "prima", "kopija", "predmet"], ["izvorna poruka"]),
        // Serbian (Latin): unconfirmed.
        new("sr", ["od"], ["poslato", "datum", "za", "cc", "tema"], ["originalna poruka"]),
        // Slovenian: unconfirmed.
        new("sl", ["od"], ["poslano", "datum", "za", "kp", "zadeva"], ["izvirno sporočilo"]),
        // Estonian: unconfirmed.
        new("et", ["saatja"], ["saadetud", "kuupäev", "adressaat", "koopia", "teema"], ["algsõnum"]),
        // Latvian: unconfirmed.
        new("lv", ["no"], ["nosūtīts", "datums", "kam", "kopija", "tēma"], ["sākotnējais ziņojums"]),
        // Lithuanian: unconfirmed.
        new("lt", ["nuo"], ["išsiųsta", "data", "kam", "kopija", "tema"], ["pradinis laiškas"]),
        // Greek: unconfirmed.
        new("el", ["από"], ["στάλθηκε", "ημερομηνία", "προς", "κοιν.", "θέμα"], ["αρχικό μήνυμα"]),
        // Turkish: unconfirmed.
        new("tr", ["kimden"], ["gönderildi", "tarih", "kime", "bilgi", "konu"], ["özgün ileti", "orijinal ileti"]),
        // Russian: unconfirmed.
        new("ru", ["от"], ["отправлено", "дата", "кому", "копия", "тема"], ["исходное сообщение", "пересылаемое сообщение"]),
        // Ukrainian: unconfirmed.
        new("uk", ["від"], ["надіслано", "дата", "кому", "копія", "тема"], ["оригінальне повідомлення", "вихідне повідомлення"]),
        // Bulgarian: unconfirmed.
        new("bg", ["от"], ["изпратено", "дата", "до", "як", "относно"], ["оригинално съобщение"]),
        // Kazakh: unconfirmed.
        new("kk", ["кімнен"], ["жіберілді", "күні", "кімге", "көшірме", "тақырып"], ["бастапқы хабар"]),
        // Arabic: unconfirmed (RTL: bidi marks around the label are ignored).
        new("ar", ["من"], ["تم الإرسال", "التاريخ", "إلى", "نسخة", "الموضوع"], ["الرسالة الأصلية"]),
        // Hebrew: unconfirmed.
        new("he", ["מאת"], ["נשלח", "תאריך", "אל", "עותק", "נושא"], ["הודעה מקורית"]),
        // Hindi: unconfirmed.
        new("hi", ["प्रेषक"], ["भेजा गया", "दिनांक", "प्रति", "प्रतिलिपि", "विषय"], ["मूल संदेश"]),
        // Thai: unconfirmed.
        new("th", ["จาก"], ["ส่ง", "วันที่", "ถึง", "สำเนาถึง", "เรื่อง"], ["ข้อความต้นฉบับ"]),
        // Vietnamese: unconfirmed.
        new("vi", ["từ"], ["đã gửi", "ngày", "đến", "cc", "chủ đề"], ["thư gốc"]),
        // Indonesian: unconfirmed.
        new("id", ["dari"], ["dikirim", "tanggal", "kepada", "cc", "subjek"], ["pesan asli"]),
        // Malay: unconfirmed.
        new("ms", ["daripada"], ["dihantar", "tarikh", "kepada", "sk", "subjek"], ["mesej asal"]),
        // Catalan: unconfirmed.
        new("ca", ["de"], ["enviat", "data", "a", "a/c", "cc", "assumpte"], ["missatge original"]),
        // Basque: unconfirmed.
        new("eu", ["nork"], ["bidalia", "data", "nori", "cc", "gaia"], ["jatorrizko mezua"]),
        // Galician: unconfirmed.
        new("gl", ["de"], ["enviado", "data", "para", "cc", "asunto"], ["mensaxe orixinal"]),
        // Chinese (Simplified): 原始邮件 and 发件人 confirmed (Learn zh-CN); 发送时间/收件人/抄送/主题 unconfirmed. Full-width colon accepted.
        new("zh-Hans", ["发件人"], ["发送时间", "日期", "收件人", "抄送", "主题"], ["原始邮件", "原始消息"]),
        // Chinese (Traditional): 原始郵件 and 寄件者 confirmed (Learn zh-TW); the other labels unconfirmed.
        new("zh-Hant", ["寄件者"], ["寄件日期", "日期", "收件者", "副本", "主旨"], ["原始郵件", "原始訊息"]),
        // Japanese: 元のメッセージ confirmed (Learn ja-JP); labels unconfirmed. Japanese Outlook also keeps the English separator.
        new("ja", ["差出人"], ["送信日時", "日付", "宛先", "cc", "件名"], ["元のメッセージ"]),
        // Korean: unconfirmed.
        new("ko", ["보낸 사람"], ["보낸 날짜", "날짜", "받는 사람", "참조", "제목"], ["원본 메시지"]),
    ];

    /// <summary>The label before the colon of a "Label: value" line ("De :", "发件人：", "*From:*"), lower-cased; null when
    /// the line does not have that shape or the label is longer than any label.</summary>
    public static string? LabelOf(string line)
    {
        if (line.Length > QuoteMarkers.MaxMarkerLength)
        {
            return null;
        }

        var span = line.AsSpan();
        var start = 0;
        while (start < span.Length && (char.IsWhiteSpace(span[start]) || span[start] == '*' || IsBidiMark(span[start])))
        {
            start++;
        }

        var colon = span[start..].IndexOfAny(':', '：');
        if (colon <= 0 || colon > 40)
        {
            return null;
        }

        var label = span.Slice(start, colon).ToString();
        var cleaned = new System.Text.StringBuilder(label.Length);
        foreach (var c in label)
        {
            if (!IsBidiMark(c) && c != '*')
            {
                cleaned.Append(c);
            }
        }

        var result = cleaned.ToString().Trim();
        return result.Length == 0 ? null : Fold(result);
    }

    /// <summary>The languages whose From label this line starts with.</summary>
    public static IEnumerable<Language> FromLanguages(string line)
    {
        if (LabelOf(line) is not { } label)
        {
            yield break;
        }

        foreach (var language in Languages)
        {
            if (Array.IndexOf(language.From, label) >= 0)
            {
                yield return language;
            }
        }
    }

    public static bool IsField(Language language, string line) => LabelOf(line) is { } label && Array.IndexOf(language.Fields, label) >= 0;

    public static bool IsAnyField(string line) => LabelOf(line) is { } label && Array.Exists(Languages, l => Array.IndexOf(l.Fields, label) >= 0);

    /// <summary>"-----Original Message-----" in any language: dashes, a known title, dashes.</summary>
    public static bool IsOriginalMessageTitle(string line)
    {
        if (line.Length > QuoteMarkers.MaxMarkerLength)
        {
            return false;
        }

        var trimmed = line.AsSpan().Trim();
        var inner = trimmed.Trim('-');
        if (trimmed.Length - inner.Length < 4 || !trimmed.StartsWith("--", StringComparison.Ordinal) || !trimmed.EndsWith("--", StringComparison.Ordinal))
        {
            return false;
        }

        var title = Fold(inner.Trim().ToString());
        return Array.Exists(Languages, l => Array.IndexOf(l.OriginalMessage, title) >= 0);
    }

    /// <summary>Lower case for comparison; Turkish dotted capital I ("İleti") folds to a plain "i".</summary>
    private static string Fold(string text) => text.Replace('\u0130', 'i').ToLowerInvariant().Replace("\u0307", string.Empty, StringComparison.Ordinal);

    private static bool IsBidiMark(char c) => c is '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');
}
