namespace Platform.Api.ReadModel;

/// <summary>The order of a job listing: a field, ascending or descending (<c>-field</c>). The default, newest created
/// first, pages by keyset; any other order pages by position (a job created meanwhile can shift a page by one).</summary>
public sealed record JobSort(string Field, bool Descending)
{
    public static IReadOnlyList<string> Fields { get; } = ["createdAt", "updatedAt", "nextRunAt", "jobType", "state", "owner"];

    public static JobSort Default { get; } = new("createdAt", Descending: true);

    public bool IsDefault => this == Default;

    /// <summary>Reads <c>field</c> or <c>-field</c> (descending); null when the field is not one of <see cref="Fields"/>.</summary>
    public static JobSort? Parse(string text)
    {
        var descending = text.StartsWith('-');
        var name = descending ? text[1..] : text;
        var field = Fields.FirstOrDefault(f => string.Equals(f, name, StringComparison.OrdinalIgnoreCase));
        return field is null ? null : new JobSort(field, descending);
    }

    public IOrderedQueryable<JobRow> Apply(IQueryable<JobRow> jobs, IQueryable<TriggerRow> triggers)
    {
        var ordered = (Field, Descending) switch
        {
            ("updatedAt", false) => jobs.OrderBy(j => j.UpdatedAt),
            ("updatedAt", true) => jobs.OrderByDescending(j => j.UpdatedAt),
            ("nextRunAt", false) => jobs.OrderBy(j => triggers.Where(t => t.JobId == j.JobId).Select(t => t.NextFireAt).FirstOrDefault()),
            ("nextRunAt", true) => jobs.OrderByDescending(j => triggers.Where(t => t.JobId == j.JobId).Select(t => t.NextFireAt).FirstOrDefault()),
            ("jobType", false) => jobs.OrderBy(j => j.JobType),
            ("jobType", true) => jobs.OrderByDescending(j => j.JobType),
            ("state", false) => jobs.OrderBy(j => j.CurrentState),
            ("state", true) => jobs.OrderByDescending(j => j.CurrentState),
            ("owner", false) => jobs.OrderBy(j => j.Owner),
            ("owner", true) => jobs.OrderByDescending(j => j.Owner),
            ("createdAt", false) => jobs.OrderBy(j => j.CreatedAt),
            _ => jobs.OrderByDescending(j => j.CreatedAt),
        };
        return Descending ? ordered.ThenByDescending(j => j.JobId) : ordered.ThenBy(j => j.JobId);
    }
}
