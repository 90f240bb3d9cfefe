using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Platform.Scheduler.Persistence;

/// <summary>
/// PostgreSQL stores no U+0000 in text: every string the scheduler writes has it replaced by U+FFFD (the replacement
/// character). Input the scheduler validates (a job's type, owner, tags, trigger, payload, an event's type and key) is
/// rejected with a field error instead; this covers free text it records as given, such as a command's reason or a
/// handler's error message, which would otherwise fail the transaction and park the message in an error queue.
/// </summary>
public sealed class NulFreeText() : ValueConverter<string, string>(value => value.Replace('\0', '\uFFFD'), value => value);
