using System.Text.Json.Serialization;
using AckPoller.Core.Alerts;

namespace AckPoller.Core.Reporting;

/// <summary>Serialization code generated at build time for the shapes the natively compiled command-line front-end
/// writes (`ackpoller acks --format json`, `ackpoller alerts --format json`; Cli/NativeCli in the app). A native build
/// has no reflection-based serializer. The names, enum strings and converters still come from
/// <see cref="ReportJson"/>'s options, so both builds write the same JSON; every other type keeps reflection.</summary>
[JsonSerializable(typeof(IReadOnlyList<AckLogEntry>))]
[JsonSerializable(typeof(IReadOnlyList<Alert>))]
internal sealed partial class ReportJsonContext : JsonSerializerContext;
