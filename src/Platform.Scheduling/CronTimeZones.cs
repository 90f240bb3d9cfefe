using System.Diagnostics.CodeAnalysis;

namespace Platform.Scheduling;

/// <summary>Finds IANA time zones by their exact id (the operating system's tz database on Linux); Windows ids are not
/// accepted.</summary>
internal static class CronTimeZones
{
    public static bool TryFind(string? id, [NotNullWhen(true)] out TimeZoneInfo? zone, [NotNullWhen(false)] out string? error)
    {
        zone = null;
        if (id is null)
        {
            zone = TimeZoneInfo.Utc;
            error = null;
            return true;
        }

        if (string.IsNullOrWhiteSpace(id))
        {
            error = "the time zone is empty: give an IANA time zone id such as 'Europe/London' or 'America/New_York', or leave it out for UTC";
            return false;
        }

        try
        {
            // The runtime caches zones case-insensitively, so a lookup in the wrong case would succeed or fail depending on
            // what was loaded before: only the exact id counts.
            var found = TimeZoneInfo.FindSystemTimeZoneById(id);
            if (found.HasIanaId && string.Equals(found.Id, id, StringComparison.Ordinal))
            {
                zone = found;
                error = null;
                return true;
            }
        }
        catch (TimeZoneNotFoundException)
        {
        }
        catch (InvalidTimeZoneException)
        {
        }

        error = $"the time zone '{id}' is unknown: give an IANA time zone id such as 'Europe/London' or 'America/New_York' (case matters), or leave it out for UTC";
        return false;
    }
}
