using System.Collections.Concurrent;
using System.Text;

namespace AckPoller.Mail.Mime;

/// <summary>Turns bytes in a declared (or undeclared) charset into text. Legacy code pages come from
/// <see cref="CodePagesEncodingProvider"/>, registered once. Never throws: UTF-7 has its own decoder, unknown charsets fall back to UTF-8
/// when the bytes are valid UTF-8, else Latin-1.</summary>
public static class CharsetDecoder
{
    private const int MaxCachedNames = 512;
    private static readonly ConcurrentDictionary<string, Encoding?> Cache = new(StringComparer.OrdinalIgnoreCase);
    private static readonly Encoding Windows1252;
    private static readonly Encoding Utf8Lenient = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    static CharsetDecoder()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        Windows1252 = Encoding.GetEncoding(1252);
    }

    /// <summary>The encoding for a MIME charset name, or null when it is unknown. Aliases mail clients use are mapped.</summary>
    public static Encoding? GetEncoding(string? charset)
    {
        if (string.IsNullOrWhiteSpace(charset))
        {
            return null;
        }

        var name = charset.Trim();
        if (Cache.TryGetValue(name, out var cached))
        {
            return cached;
        }

        // Charset names come from untrusted mail: cache a bounded number so junk names cannot grow memory forever.
        var encoding = Resolve(name);
        if (Cache.Count < MaxCachedNames)
        {
            Cache.TryAdd(name, encoding);
        }

        return encoding;
    }

    /// <summary>True when the charset name is one this decoder knows (or is absent, which means "undeclared").</summary>
    public static bool IsKnown(string? charset) => string.IsNullOrWhiteSpace(charset) || Utf7Decoder.IsUtf7(charset) || GetEncoding(charset) is not null;

    /// <summary>Decodes text in the declared charset. Undeclared or US-ASCII text that holds 8-bit bytes is read as UTF-8
    /// when valid, else windows-1252. Unknown charsets: UTF-8 when valid, else Latin-1.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes, string? charset)
    {
        if (bytes.IsEmpty)
        {
            return string.Empty;
        }

        try
        {
            return DecodeDeclared(bytes, charset);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or InvalidOperationException)
        {
            // A provider's encoding that fails on these bytes: the best-effort reading rather than an exception.
            return BestEffort(bytes);
        }
    }

    private static string DecodeDeclared(ReadOnlySpan<byte> bytes, string? charset)
    {
        if (Utf7Decoder.IsUtf7(charset))
        {
            return Utf7Decoder.Decode(bytes);
        }

        if (Ascii.IsValid(bytes))
        {
            var encoding = GetEncoding(charset);

            // Stateful 7-bit encodings (ISO-2022-*, HZ, UTF-7) and UTF-16/32 must still be decoded; ASCII-compatible ones need not.
            if (encoding is null || encoding.IsSingleByte || encoding.CodePage == 65001)
            {
                return Encoding.ASCII.GetString(bytes);
            }

            return encoding.GetString(bytes);
        }

        if (string.IsNullOrWhiteSpace(charset) || IsAsciiName(charset))
        {
            return DecodeUndeclared(bytes);
        }

        var declared = GetEncoding(charset);
        if (declared is not null)
        {
            return declared.GetString(bytes);
        }

        return BestEffort(bytes);
    }

    private static string BestEffort(ReadOnlySpan<byte> bytes) =>
        System.Text.Unicode.Utf8.IsValid(bytes) ? Utf8Lenient.GetString(bytes) : Encoding.Latin1.GetString(bytes);

    /// <summary>Bytes with no charset declared: UTF-8 when valid, else windows-1252.</summary>
    public static string DecodeUndeclared(ReadOnlySpan<byte> bytes)
    {
        if (Ascii.IsValid(bytes))
        {
            return Encoding.ASCII.GetString(bytes);
        }

        return System.Text.Unicode.Utf8.IsValid(bytes) ? Utf8Lenient.GetString(bytes) : Windows1252.GetString(bytes);
    }

    private static bool IsAsciiName(string charset) =>
        charset.Trim() is var name
        && (name.Equals("us-ascii", StringComparison.OrdinalIgnoreCase)
            || name.Equals("ascii", StringComparison.OrdinalIgnoreCase)
            || name.Equals("ansi_x3.4-1968", StringComparison.OrdinalIgnoreCase)
            || name.Equals("iso646-us", StringComparison.OrdinalIgnoreCase));

    private static Encoding? Resolve(string charset)
    {
        var name = charset.Trim().Trim('"', '\'').ToLowerInvariant();
        name = name switch
        {
            "utf8" or "utf-8" or "x-utf-8" or "unicode-1-1-utf-8" => "utf-8",
            "latin1" or "latin-1" or "l1" or "iso8859-1" or "iso_8859-1" or "8859-1" => "iso-8859-1",
            "cp1252" or "win-1252" or "x-cp1252" => "windows-1252",
            "gb2312" or "gbk" or "x-gbk" or "cp936" or "euc-cn" => "gb18030",
            "ks_c_5601-1987" or "ks_c_5601" or "ksc5601" or "cp949" => "ks_c_5601-1987",
            "iso-8859-8-i" => "iso-8859-8",
            "sjis" or "x-sjis" or "shift-jis" or "ms_kanji" => "shift_jis",
            "ansi_x3.4-1968" or "ascii" or "iso646-us" => "us-ascii",
            _ => name,
        };

        if (name.StartsWith("cp", StringComparison.Ordinal) && int.TryParse(name.AsSpan(2), out var codePage))
        {
            return TryGetEncoding(codePage);
        }

        if (name.StartsWith("iso8859-", StringComparison.Ordinal))
        {
            name = "iso-8859-" + name[8..];
        }

        try
        {
            var encoding = Encoding.GetEncoding(name);
            return encoding.CodePage == 65001 ? Utf8Lenient : encoding;
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            // Names .NET refuses outright ("utf-7" throws NotSupportedException since .NET 5) are unknown, never an error.
            return null;
        }
    }

    private static Encoding? TryGetEncoding(int codePage)
    {
        try
        {
            return Encoding.GetEncoding(codePage);
        }
        catch (ArgumentException)
        {
            return null;
        }
        catch (NotSupportedException)
        {
            return null;
        }
    }
}
