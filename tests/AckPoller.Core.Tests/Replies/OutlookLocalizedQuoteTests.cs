using AckPoller.Core.Replies;

namespace AckPoller.Core.Tests.Replies;

/// <summary>Issue 10: Outlook's quote header in every language it ships: the From/Sent/To/Subject block and the
/// "-----Original Message-----" separator, each on its own, as Outlook writes them (capitalised, French space before the
/// colon, full-width colons in Chinese and Japanese, bidi marks around Arabic and Hebrew labels); and the structural
/// fallback for a language no table knows.</summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class OutlookLocalizedQuoteTests
{
    private const string NewText = "ack - on it";

    private const string Original = "Disk /var on db01 is 97% full.\nReply \"ack\" to acknowledge, \"resolve\" when fixed.";

    /// <summary>language, From, Sent, To, Subject labels and the separator title, as they appear in the mail.</summary>
    public static TheoryData<string, string, string, string, string, string> Languages() => new()
    {
        { "en", "From:", "Sent:", "To:", "Subject:", "Original Message" },
        { "de", "Von:", "Gesendet:", "An:", "Betreff:", "Ursprüngliche Nachricht" },
        { "fr", "De\u00a0:", "Envoyé\u00a0:", "À\u00a0:", "Objet\u00a0:", "Message d'origine" },
        { "es", "De:", "Enviado:", "Para:", "Asunto:", "Mensaje original" },
        { "it", "Da:", "Inviato:", "A:", "Oggetto:", "Messaggio originale" },
        { "pt-BR", "De:", "Enviada em:", "Para:", "Assunto:", "Mensagem original" },
        { "nl", "Van:", "Verzonden:", "Aan:", "Onderwerp:", "Oorspronkelijk bericht" },
        { "sv", "Från:", "Skickat:", "Till:", "Ämne:", "Ursprungligt meddelande" },
        { "da", "Fra:", "Sendt:", "Til:", "Emne:", "Oprindelig meddelelse" },
        { "nb", "Fra:", "Sendt:", "Til:", "Emne:", "Opprinnelig melding" },
        { "fi", "Lähettäjä:", "Lähetetty:", "Vastaanottaja:", "Aihe:", "Alkuperäinen viesti" },
        { "pl", "Od:", "Wysłano:", "Do:", "Temat:", "Oryginalna wiadomość" },
        { "cs", "Od:", "Odesláno:", "Komu:", "Předmět:", "Původní zpráva" },
        { "sk", "Od:", "Odoslané:", "Komu:", "Predmet:", "Pôvodná správa" },
        { "hu", "Feladó:", "Elküldve:", "Címzett:", "Tárgy:", "Eredeti üzenet" },
        { "ro", "De la:", "Trimis:", "Către:", "Subiect:", "Mesaj original" },
        { "hr", "Šalje:", "Poslano:", "Prima:", "Predmet:", "Izvorna poruka" },
        { "sr", "Od:", "Poslato:", "Za:", "Tema:", "Originalna poruka" },
        { "sl", "Od:", "Poslano:", "Za:", "Zadeva:", "Izvirno sporočilo" },
        { "et", "Saatja:", "Saadetud:", "Adressaat:", "Teema:", "Algsõnum" },
        { "lv", "No:", "Nosūtīts:", "Kam:", "Tēma:", "Sākotnējais ziņojums" },
        { "lt", "Nuo:", "Išsiųsta:", "Kam:", "Tema:", "Pradinis laiškas" },
        { "el", "Από:", "Στάλθηκε:", "Προς:", "Θέμα:", "Αρχικό μήνυμα" },
        { "tr", "Kimden:", "Gönderildi:", "Kime:", "Konu:", "Özgün İleti" },
        { "ru", "От:", "Отправлено:", "Кому:", "Тема:", "Исходное сообщение" },
        { "uk", "Від:", "Надіслано:", "Кому:", "Тема:", "Оригінальне повідомлення" },
        { "bg", "От:", "Изпратено:", "До:", "Относно:", "Оригинално съобщение" },
        { "kk", "Кімнен:", "Жіберілді:", "Кімге:", "Тақырып:", "Бастапқы хабар" },
        { "ar", "\u200fمن:", "\u200fتم الإرسال:", "\u200fإلى:", "\u200fالموضوع:", "الرسالة الأصلية" },
        { "he", "\u200fמאת:", "\u200fנשלח:", "\u200fאל:", "\u200fנושא:", "הודעה מקורית" },
        { "hi", "प्रेषक:", "भेजा गया:", "प्रति:", "विषय:", "मूल संदेश" },
        { "th", "จาก:", "ส่ง:", "ถึง:", "เรื่อง:", "ข้อความต้นฉบับ" },
        { "vi", "Từ:", "Đã gửi:", "Đến:", "Chủ đề:", "Thư gốc" },
        { "id", "Dari:", "Dikirim:", "Kepada:", "Subjek:", "Pesan Asli" },
        { "ms", "Daripada:", "Dihantar:", "Kepada:", "Subjek:", "Mesej Asal" },
        { "ca", "De:", "Enviat:", "A:", "Assumpte:", "Missatge original" },
        { "eu", "Nork:", "Bidalia:", "Nori:", "Gaia:", "Jatorrizko mezua" },
        { "gl", "De:", "Enviado:", "Para:", "Asunto:", "Mensaxe orixinal" },
        { "zh-Hans", "发件人:", "发送时间:", "收件人:", "主题:", "原始邮件" },
        { "zh-Hans full-width", "发件人：", "发送时间：", "收件人：", "主题：", "原始邮件" },
        { "zh-Hant", "寄件者:", "寄件日期:", "收件者:", "主旨:", "原始郵件" },
        { "ja", "差出人:", "送信日時:", "宛先:", "件名:", "元のメッセージ" },
        { "ko", "보낸 사람:", "보낸 날짜:", "받는 사람:", "제목:", "원본 메시지" },
    };

    [Theory]
    [MemberData(nameof(Languages))]
    public void The_header_block_ends_the_new_text(string language, string from, string sent, string to, string subject, string separator)
    {
        _ = separator;
        var body = $"""
            {NewText}

            {from} AckPoller Alerts <alerts@northwind.example>
            {sent} 2025-11-24 10:05
            {to} Jane Doe <jane@contoso.example>
            {subject} [AP-7KMQZ9] Disk full on db01

            {Original}
            """;

        Assert.True(NewText == QuoteStripper.ExtractFromText(body), language);
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void The_original_message_separator_ends_the_new_text(string language, string from, string sent, string to, string subject, string separator)
    {
        _ = (from, sent, to, subject);
        var body = $"""
            {NewText}

            -----{separator}-----
            {Original}
            """;

        Assert.True(NewText == QuoteStripper.ExtractFromText(body), language);
    }

    [Theory]
    [InlineData("Lähettäjä: AckPoller Alerts <alerts@northwind.example>\nLähetetty: maanantai 24. marraskuuta 2025 10.05\nVastaanottaja: Jane Doe <jane@contoso.example>\nAihe: [AP-7KMQZ9] Disk full on db01")]
    [InlineData("Ngā: AckPoller Alerts <alerts@northwind.example>\nKua tukua: Mane 24 Noema 2025 10:05\nKi: Jane Doe <jane@contoso.example>\nKaupapa: [AP-7KMQZ9] Disk full on db01")]
    [InlineData("-----Karere taketake-----\nNgā: AckPoller Alerts <alerts@northwind.example>\nKua tukua: Mane 24 Noema 2025 10:05\nKi: jane@contoso.example\nKaupapa: [AP-7KMQZ9] Disk full on db01")]
    public void An_unknown_language_is_recognised_by_structure_whose_values_are_the_alert_s_sender_recipients_and_subject(string block)
    {
        var message = ReplyTestFiles.Parse($"""
            From: Jane Doe <jane@contoso.example>
            To: AckPoller Alerts <alerts@northwind.example>
            Subject: RE: [AP-7KMQZ9] Disk full on db01
            Content-Type: text/plain; charset=utf-8

            {NewText}

            {block}

            {Original}
            """);

        Assert.Equal(NewText, QuoteStripper.Extract(message));
    }

    [Theory]
    [InlineData("Status: restarted the service\nCause: log rotation stalled\nNext: watching it for an hour")]
    [InlineData("Host: db01\nOwner: Jane Doe <jane@contoso.example>\nTicket: INC-42")]
    [InlineData("Ngā: Someone Else <someone@elsewhere.example>\nKi: Other <other@elsewhere.example>\nKaupapa: lunch on friday")]
    public void Label_lines_that_do_not_name_the_alert_s_subject_and_correspondents_stay_new_text(string lines)
    {
        var message = ReplyTestFiles.Parse($"""
            From: Jane Doe <jane@contoso.example>
            To: AckPoller Alerts <alerts@northwind.example>
            Subject: RE: [AP-7KMQZ9] Disk full on db01
            Content-Type: text/plain; charset=utf-8

            {NewText}

            {lines}
            """);

        Assert.Equal(NewText + "\n\n" + lines, QuoteStripper.Extract(message));
    }

    [Theory]
    [InlineData("No: not fixed yet\nA: the disk is still full")]
    [InlineData("De: nada\nA: gracias")]
    public void A_short_from_label_with_only_one_field_of_its_language_is_not_a_header_block(string lines)
    {
        var body = $"{NewText}\n{lines}";

        Assert.Equal(body, QuoteStripper.ExtractFromText(body));
    }

    [Fact]
    public void A_hostile_recipient_list_and_a_body_of_label_lines_stay_bounded()
    {
        var recipients = string.Join(", ", Enumerable.Range(0, 2000).Select(i => $"user{i}@example.com"));
        var lines = string.Join("\n", Enumerable.Range(0, 20_000).Select(i => $"Field{i % 7}: value {i}"));
        var message = ReplyTestFiles.Parse($"From: Jane Doe <jane@contoso.example>\nTo: {recipients}\nSubject: RE: [AP-7KMQZ9] Disk full on db01\n\n{NewText}\n{lines}\n");

        var context = QuoteContext.From(message);
        var text = QuoteStripper.Extract(message);

        Assert.Equal(QuoteContext.MaxCorrespondents, context!.Correspondents.Count);
        Assert.Contains("jane@contoso.example", context.Correspondents);
        Assert.StartsWith(NewText + "\nField0: value 0", text, StringComparison.Ordinal);
    }

    [Fact]
    public void An_outlook_html_reply_in_chinese_is_cut_at_its_header_div()
    {
        var html = """
            <html><body><div>ack - on it</div>
            <div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm">
            <p><b>发件人:</b> AckPoller Alerts &lt;alerts@northwind.example&gt;<br><b>发送时间:</b> 2025年11月24日 10:05<br>
            <b>收件人:</b> Jane Doe<br><b>主题:</b> [AP-7KMQZ9] Disk full on db01</p></div>
            <p>Reply "resolve" when fixed.</p></body></html>
            """;

        Assert.Equal(NewText, QuoteStripper.ExtractFromHtml(html));
    }
}
