namespace Platform.Api.Dashboard;

/// <summary>Who the caller is to the API (<c>GET /api/me</c>), and the dashboard's settings.</summary>
/// <param name="User">The API key's user; with no keys configured, the <c>X-Platform-User</c> header, or null.</param>
/// <param name="Role">Reader or Operator; Operator for everyone while no key is configured.</param>
/// <param name="KeysRequired">Whether the API requires a key (false: the open local demo).</param>
/// <param name="CanOperate">Whether the caller may send commands (the dashboard shows its buttons only then).</param>
/// <param name="TraceUrl">The template of a run's trace link (<see cref="DashboardOptions.TraceUrl"/>), or null.</param>
/// <param name="RefreshSeconds">How often the dashboard refreshes its pages.</param>
/// <param name="Owners">The owners whose jobs the caller's key is limited to, or null for every job.</param>
public sealed record SessionInfo(string? User, string Role, bool KeysRequired, bool CanOperate, string? TraceUrl, double RefreshSeconds,
    IReadOnlyList<string>? Owners = null);
