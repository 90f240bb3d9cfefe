using System.Text.Json;
using MassTransit;
using Platform.Contracts;

namespace Platform.Client;

/// <summary>Builds a <see cref="ScheduleJob"/> with a typed payload; set the other fields with <c>with</c>, for example
/// <c>JobDefinitions.Create("reports.build", payload, trigger) with { Priority = 7, Owner = "reports" }</c>.</summary>
public static class JobDefinitions
{
    /// <summary>A new job (a new, time-ordered job id) of <paramref name="jobType"/> whose payload is
    /// <paramref name="payload"/> as camelCase JSON, the way handlers read it.</summary>
    public static ScheduleJob Create<TPayload>(string jobType, TPayload payload, JobTrigger trigger) =>
        Create(jobType, trigger) with { Payload = Payloads.ToJson(payload) };

    /// <summary>A new job (a new, time-ordered job id) of <paramref name="jobType"/> without a payload.</summary>
    public static ScheduleJob Create(string jobType, JobTrigger trigger) => new()
    {
        JobId = NewId.NextGuid(),
        JobType = jobType,
        Trigger = trigger,
    };
}

/// <summary>Payloads on the wire: camelCase JSON, as <c>JobRunContext.PayloadAs&lt;T&gt;()</c> reads them.</summary>
internal static class Payloads
{
    public static JsonElement? ToJson<TPayload>(TPayload payload) =>
        payload is null ? null : JsonSerializer.SerializeToElement(payload, JsonSerializerOptions.Web);
}
