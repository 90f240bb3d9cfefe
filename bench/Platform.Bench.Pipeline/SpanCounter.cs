using System.Diagnostics;
using OpenTelemetry;

namespace Platform.Bench.Pipeline;

/// <summary>Counts the spans recorded with <c>--tracing</c> (what an exporter would receive), exporting nothing.</summary>
internal sealed class SpanCounter : BaseProcessor<Activity>
{
    long _ended;

    public long Ended => Interlocked.Read(ref _ended);

    public override void OnEnd(Activity data) => Interlocked.Increment(ref _ended);
}
