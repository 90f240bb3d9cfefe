using System.Text.Json;

namespace Platform.Cli;

/// <summary>A successful answer of the API: the body as sent (for <c>--json</c>) and parsed.</summary>
internal sealed record ApiAnswer(string Text, JsonElement Body);
