using System.Text.Json;
using Platform.Contracts;

namespace Platform.Scheduler.Jobs;

internal static class JsonSerializerText
{
    public static string Errors(IReadOnlyList<FieldError> errors) => JsonSerializer.Serialize(errors, JsonSerializerOptions.Web);
}
