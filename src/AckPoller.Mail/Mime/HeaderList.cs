using System.Collections;

namespace AckPoller.Mail.Mime;

/// <summary>The header fields of a message or part, in order. Name lookups are case-insensitive.</summary>
public sealed class HeaderList : IReadOnlyList<Header>
{
    private readonly List<Header> headers;

    public HeaderList()
        : this(new List<Header>())
    {
    }

    internal HeaderList(List<Header> headers)
    {
        this.headers = headers;
    }

    public int Count => headers.Count;

    public Header this[int index] => headers[index];

    /// <summary>The decoded value of the first field with this name, or null when there is none.</summary>
    public string? this[string name] => Find(name)?.Value;

    public Header? Find(string name)
    {
        foreach (var header in headers)
        {
            if (string.Equals(header.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return header;
            }
        }

        return null;
    }

    public bool Contains(string name) => Find(name) is not null;

    public IEnumerable<Header> GetAll(string name)
    {
        foreach (var header in headers)
        {
            if (string.Equals(header.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                yield return header;
            }
        }
    }

    public IEnumerator<Header> GetEnumerator() => headers.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
