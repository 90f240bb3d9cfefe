using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using MassTransit;

namespace Platform.Messaging;

/// <summary>
/// Transport headers of a plain-JSON message, with a message id when the publisher set none (no AMQP
/// <c>message_id</c>): derived from the exchange and the body, so a redelivery of the same message keeps its id and the
/// inbox recognises it. Two identical bodies published apart are then one message, which for the platform's commands is
/// what they mean (a ScheduleJob is idempotent by jobId, an ExternalEvent carries its own time).
/// </summary>
internal sealed class DerivedMessageIdHeaders : Headers
{
    readonly Headers _inner;
    readonly Guid? _derived;

    public DerivedMessageIdHeaders(Headers inner, ReadOnlySpan<byte> body, string? exchange)
    {
        _inner = inner;
        if (inner.TryGetHeader(MessageHeaders.MessageId, out var existing) && existing is not null && Guid.TryParse(existing.ToString(), out _))
            return;
        Span<byte> hash = stackalloc byte[32];
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(System.Text.Encoding.UTF8.GetBytes(exchange ?? ""));
        sha.AppendData(body);
        sha.GetHashAndReset(hash);
        _derived = new Guid(hash[..16]);
    }

    public IEnumerable<KeyValuePair<string, object>> GetAll() =>
        _derived is { } id ? _inner.GetAll().Append(new KeyValuePair<string, object>(MessageHeaders.MessageId, id.ToString())) : _inner.GetAll();

    public bool TryGetHeader(string key, [NotNullWhen(true)] out object? value)
    {
        if (_derived is { } id && string.Equals(key, MessageHeaders.MessageId, StringComparison.OrdinalIgnoreCase))
        {
            value = id.ToString();
            return true;
        }

        return _inner.TryGetHeader(key, out value);
    }

    public T? Get<T>(string key, T? defaultValue = default)
        where T : class =>
        TryGetHeader(key, out var value) && value is T typed ? typed : _inner.Get(key, defaultValue);

    public T? Get<T>(string key, T? defaultValue = default)
        where T : struct
    {
        if (_derived is { } id && string.Equals(key, MessageHeaders.MessageId, StringComparison.OrdinalIgnoreCase) && typeof(T) == typeof(Guid))
            return (T)(object)id;
        return _inner.Get(key, defaultValue);
    }

    public IEnumerator<HeaderValue> GetEnumerator() => GetAll().Select(h => new HeaderValue(h.Key, h.Value)).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
