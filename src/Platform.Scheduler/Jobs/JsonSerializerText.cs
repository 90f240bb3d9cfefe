using System.Text.Json;
using Platform.Contracts;

namespace Platform.Scheduler.Jobs;

internal static class JsonSerializerText
{
    /// <summary>The errors as JSON for a jsonb column, which refuses an escaped U+0000: one in a field or message (an error
    /// may quote the input) becomes U+FFFD.</summary>
    public static string Errors(IReadOnlyList<FieldError> errors) => JsonSerializer.Serialize(
        errors.Select(e => new FieldError { Field = e.Field.Replace('\0', '\uFFFD'), Message = e.Message.Replace('\0', '\uFFFD') }),
        JsonSerializerOptions.Web);
}
