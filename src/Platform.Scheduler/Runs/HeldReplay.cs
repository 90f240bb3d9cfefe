using System.Text.Json;
using MassTransit;
using Platform.Contracts;

namespace Platform.Scheduler.Runs;

/// <summary>A <see cref="ReplayJobRun"/> that reached a run still on its way (a replay sent the moment the worker
/// reported the dead letter can arrive before that report), kept on the run (<see cref="RunState.HeldReplay"/>) with
/// who sent it: carried out when the run gives up, dropped and rejected when it ends otherwise.</summary>
public sealed record HeldReplay(ReplayJobRun Command, string? Sender, Guid? MessageId)
{
    static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static HeldReplay Of(ConsumeContext<ReplayJobRun> context) => new(context.Message, context.Sender(), context.MessageId);

    public string ToJson() => JsonSerializer.Serialize(this, Options);

    public static HeldReplay FromJson(string json) =>
        JsonSerializer.Deserialize<HeldReplay>(json, Options) ?? throw new InvalidOperationException("Stored held replay is empty");
}
