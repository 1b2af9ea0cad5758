using System.Text;
using Spectre.Console;

namespace AckPoller.Cli;

/// <summary>A Spectre.Console for a command's output writer. On a terminal it uses the terminal's width and colours; when
/// the output is redirected (a pipe, a file, a test's StringWriter) it writes plain text, no ANSI codes, and a width wide
/// enough that rows are not wrapped, so `ackpoller acks | grep` works.</summary>
internal static class CliConsole
{
    /// <summary>Width used when the output is not a terminal.</summary>
    public const int RedirectedWidth = 400;

    public static IAnsiConsole For(TextWriter output)
    {
        var terminal = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        if (!terminal)
        {
            console.Profile.Width = RedirectedWidth;
            console.Profile.Capabilities.Unicode = output.Encoding is UTF8Encoding or UnicodeEncoding;
        }

        return console;
    }

    /// <summary>A table cell for text from the outside world (mail subjects, comments): shown literally (no markup), with
    /// control characters (ANSI escapes a sender could put in a comment) replaced, on one line.</summary>
    public static Text Cell(string? value) => new(string.IsNullOrEmpty(value) ? "-" : Clean(value));

    /// <summary>Text from the outside world on one line, its control characters (CR, LF, ESC…) replaced by spaces.</summary>
    public static string Clean(string value)
    {
        if (!value.AsSpan().ContainsAnyInRange('\0', '\u001f') && !value.Contains('\u007f', StringComparison.Ordinal) && !value.AsSpan().ContainsAnyInRange('\u0080', '\u009f'))
        {
            return value;
        }

        var clean = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            clean.Append(char.IsControl(c) ? ' ' : c);
        }

        return clean.ToString();
    }
}
