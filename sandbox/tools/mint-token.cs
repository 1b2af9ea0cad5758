#:project ../AckPoller.Sandbox/AckPoller.Sandbox.csproj
#:property PublishAot=false
// Prints a sandbox access token for a mailbox: dotnet run sandbox/tools/mint-token.cs -- user@sandbox.test [--minutes N] [--untrusted]
using AckPoller.Sandbox;

if (args.Length == 0 || args[0].StartsWith('-'))
{
    Console.Error.WriteLine("usage: mint-token.cs <user@sandbox.test> [--minutes N] [--untrusted]");
    return 64;
}

var minutes = 60;
var minutesAt = Array.IndexOf(args, "--minutes");
if (minutesAt > 0 && (minutesAt + 1 >= args.Length || !int.TryParse(args[minutesAt + 1], out minutes)))
{
    Console.Error.WriteLine("--minutes takes a whole number (negative for an expired token)");
    return 64;
}

var settings = SandboxSettings.Load();
using var minter = args.Contains("--untrusted") ? JwtMinter.Untrusted(settings) : JwtMinter.Trusted(settings);
Console.WriteLine(minter.Mint(args[0], TimeSpan.FromMinutes(minutes)));
return 0;
