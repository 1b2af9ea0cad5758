using System.ComponentModel;

// Two namespaces that depend on each other only in ways a signature-level reader misses: Low uses High only inside a
// lambda in an async method (a compiler-generated closure and state machine, a generic instantiation), High uses Low
// only as a typeof() argument of an attribute. NamespaceGraphTests reads this assembly and must see both edges.
namespace AckPoller.Core.Tests.Architecture.Fixture.Low
{
    internal static class BodyOnly
    {
        public static async Task<int> CountAsync()
        {
            await Task.Yield();
            Func<int> count = () => new List<High.Target>().Count;
            return count();
        }
    }

    internal sealed class Converter : TypeConverter;
}

namespace AckPoller.Core.Tests.Architecture.Fixture.High
{
    internal sealed class Target;

    [TypeConverter(typeof(Low.Converter))]
    internal sealed class Marked;
}
