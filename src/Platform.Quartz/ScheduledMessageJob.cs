using System.Diagnostics;
using System.Globalization;
using System.Net.Mime;
using System.Text.Json;
using MassTransit;
using MassTransit.Context;
using MassTransit.Serialization;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Platform.Quartz;

/// <summary>Fires a scheduled message: sends the stored body to its destination with the message id, correlation ids,
/// addresses and headers it was scheduled with, plus <c>MT-Scheduling-TokenId</c> so that a saga can tell a current
/// timeout from a stale one. The send continues the trace the message was scheduled in (a span
/// <c>scheduled message fire</c> on the <see cref="SourceName"/> ActivitySource, child of the scheduling send), so a retry
/// or a timeout reads as part of the work that scheduled it.</summary>
public sealed class ScheduledMessageJob(IBus bus, TimeProvider timeProvider, ILogger<ScheduledMessageJob> logger) : IJob
{
    /// <summary>The bridge's ActivitySource.</summary>
    public const string SourceName = "Platform.Quartz";

    static readonly ActivitySource Source = new(SourceName);

    /// <summary>How long one send of a fired message may take before it is tried again.</summary>
    static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(30);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var data = context.MergedJobDataMap;
        var destination = new Uri(data.GetString(ScheduledMessageData.Destination)!);
        try
        {
            var headers = StoredHeaders(data);
            using var span = StartSpan(headers, destination);
            // Bounded: a send caught by a broker node going away can wait for a confirmation that never comes, and a job
            // that never returns holds its trigger as executing for good. After the timeout the send counts as failed
            // and is tried again below; should the first one still arrive, the receiver sees the same message id twice.
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(SendTimeout);
            // WaitAsync as well as the token: the wait for a confirmation does not always watch the token.
            var endpoint = await bus.GetSendEndpoint(destination).WaitAsync(timeout.Token);
            await endpoint.Send(new SerializedMessageBody(), new ForwardPipe(data, headers, destination, timeProvider, context), timeout.Token)
                .WaitAsync(timeout.Token);
            logger.LogDebug("Fired {Trigger} to {Destination} (scheduled {Scheduled:O}, fired {Fired:O})", context.Trigger.Key, destination,
                context.ScheduledFireTimeUtc, context.FireTimeUtc);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Never lose the message: the broker may be unreachable for a while. Retry through a new one-off trigger
            // carrying the same data, backing off up to a minute, for as long as it takes.
            var attempt = data.TryGetString(ScheduledMessageData.SendAttempt, out var text) && int.TryParse(text, out var n) ? n + 1 : 1;
            var delay = TimeSpan.FromSeconds(Math.Min(60, Math.Pow(2, Math.Min(attempt, 6))));
            logger.LogError(exception, "Could not send the scheduled message {Trigger} to {Destination}; attempt {Attempt}, retrying in {Delay}",
                context.Trigger.Key, destination, attempt, delay);
            var retryData = new JobDataMap(data) { [ScheduledMessageData.SendAttempt] = attempt.ToString(CultureInfo.InvariantCulture) };
            var retry = TriggerBuilder.Create()
                .WithIdentity($"{context.Trigger.Key.Name}.retry{attempt}", ScheduledMessageData.OneOffGroup)
                .ForJob(ScheduledMessageTriggers.JobKey)
                .StartAt(timeProvider.GetUtcNow() + delay)
                .WithSimpleSchedule(x => x.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
                .UsingJobData(retryData)
                .Build();
            await context.Scheduler.ScheduleJob(retry, ScheduleJobOptions.Replacing, CancellationToken.None);
        }
    }

    /// <summary>A span continuing the scheduling send's trace (MassTransit's <c>MT-Activity-Id</c> header, stored with the
    /// message), or a new root when none was stored.</summary>
    static Activity? StartSpan(Dictionary<string, object> headers, Uri destination)
    {
        Activity.Current = null;
        var parent = headers.TryGetValue("MT-Activity-Id", out var id) && id?.ToString() is { } text
            && ActivityContext.TryParse(text, null, isRemote: true, out var context) ? context : default;
        var span = Source.StartActivity("scheduled message fire", ActivityKind.Internal, parent);
        span?.SetTag("messaging.destination.name", destination.AbsolutePath.TrimStart('/'));
        return span;
    }

    static Dictionary<string, object> StoredHeaders(JobDataMap data)
    {
        if (!data.TryGetString(ScheduledMessageData.Headers, out var json) || json is null)
            return [];
        var pairs = JsonSerializer.Deserialize<List<KeyValuePair<string, object>>>(json, SystemTextJsonMessageSerializer.Options) ?? [];
        return pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase);
    }

    sealed class ForwardPipe(JobDataMap data, Dictionary<string, object> headers, Uri destination, TimeProvider timeProvider, IJobExecutionContext execution)
        : IPipe<SendContext>
    {
        public Task Send(SendContext context)
        {
            var contentType = new ContentType(data.GetString(ScheduledMessageData.ContentType)!);
            var deserializer = context.Serialization.GetMessageDeserializer(contentType);
            var body = deserializer.GetMessageBody(data.GetString(ScheduledMessageData.Body) ?? "");
            var serializerContext = deserializer.Deserialize(body, new DictionarySendHeaders(headers!), destination);

            if (Guid(ScheduledMessageData.MessageId) is { } messageId)
                context.MessageId = messageId;
            context.CorrelationId = Guid(ScheduledMessageData.CorrelationId);
            context.ConversationId = Guid(ScheduledMessageData.ConversationId);
            context.InitiatorId = Guid(ScheduledMessageData.InitiatorId);
            context.RequestId = Guid(ScheduledMessageData.RequestId);
            context.SourceAddress = Address(ScheduledMessageData.SourceAddress);
            context.ResponseAddress = Address(ScheduledMessageData.ResponseAddress);
            context.FaultAddress = Address(ScheduledMessageData.FaultAddress);

            if (data.TryGetString(ScheduledMessageData.MessageType, out var types) && !string.IsNullOrEmpty(types))
                context.SupportedMessageTypes = types.Split(';');

            if (data.TryGetString(ScheduledMessageData.ExpirationTime, out var expiration) && expiration is not null)
                context.TimeToLive = DateTimeOffset.Parse(expiration, CultureInfo.InvariantCulture) - timeProvider.GetUtcNow();

            // The scheduling send's trace headers are not this send's: the span around it carries the trace on.
            foreach (var header in headers.Where(h => !h.Key.StartsWith("MT-Activity-", StringComparison.OrdinalIgnoreCase)))
                context.Headers.Set(header.Key, header.Value);
            if (Guid(ScheduledMessageData.TokenId) is { } tokenId)
                context.Headers.Set(MessageHeaders.SchedulingTokenId, tokenId.ToString("N"));
            // The same headers MassTransit's Quartz integration sets, so consumers can read them with GetQuartzScheduled() etc.
            context.Headers.Set(MessageHeaders.Quartz.Scheduled, execution.ScheduledFireTimeUtc?.ToString("O", CultureInfo.InvariantCulture));
            context.Headers.Set(MessageHeaders.Quartz.Sent, execution.FireTimeUtc.ToString("O", CultureInfo.InvariantCulture));
            context.Headers.Set(MessageHeaders.Quartz.NextScheduled, execution.NextFireTimeUtc?.ToString("O", CultureInfo.InvariantCulture));
            context.Headers.Set(MessageHeaders.Quartz.PreviousSent, execution.PreviousFireTimeUtc?.ToString("O", CultureInfo.InvariantCulture));
            if (execution.Trigger.Key.Name.StartsWith(SchedulerExtensions.RecurringPrefix, StringComparison.Ordinal))
            {
                context.Headers.Set(MessageHeaders.Quartz.ScheduleId, execution.Trigger.Key.Name[SchedulerExtensions.RecurringPrefix.Length..]);
                context.Headers.Set(MessageHeaders.Quartz.ScheduleGroup, execution.Trigger.Key.Group);
            }

            if (data.TryGetString(ScheduledMessageData.TransportProperties, out var properties) && properties is not null
                && context is TransportSendContext transport)
            {
                var values = JsonSerializer.Deserialize<Dictionary<string, object>>(properties, SystemTextJsonMessageSerializer.Options);
                if (values is not null)
                    transport.ReadPropertiesFrom(values);
            }

            context.Serializer = serializerContext.GetMessageSerializer();
            return Task.CompletedTask;
        }

        public void Probe(ProbeContext context) => context.CreateFilterScope("scheduledMessage");

        Guid? Guid(string key) =>
            data.TryGetString(key, out var text) && System.Guid.TryParse(text, out var value) ? value : null;

        Uri? Address(string key) =>
            data.TryGetString(key, out var text) && !string.IsNullOrEmpty(text) ? new Uri(text) : null;
    }
}
