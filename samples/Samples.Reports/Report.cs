namespace Samples.Reports;

/// <summary>A report the job built.</summary>
public sealed record Report(Guid JobId, Guid RunId, string Region, int Orders, decimal Total, DateTimeOffset BuiltAt);
