namespace AckPoller.Sandbox;
internal static class AssemblyMarker { }
