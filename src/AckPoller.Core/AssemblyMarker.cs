namespace AckPoller.Core;
internal static class AssemblyMarker { }
