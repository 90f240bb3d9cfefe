using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Platform.Worker.Announcements;

/// <summary>How often a worker process announces itself (<c>WorkerAnnounced</c>). Bound from
/// <c>Platform:Worker:Announcements</c>.</summary>
public sealed class WorkerAnnouncementOptions
{
    public const string Section = "Platform:Worker:Announcements";

    /// <summary>Time between two announcements; operators' tools presume a worker gone after a few missed ones.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>Validates <see cref="WorkerAnnouncementOptions"/> at start-up with code generated at build time: its data annotations, nested
/// options and its own cross-field rules, without reflection.</summary>
[OptionsValidator]
internal sealed partial class WorkerAnnouncementOptionsValidator : IValidateOptions<WorkerAnnouncementOptions>;
