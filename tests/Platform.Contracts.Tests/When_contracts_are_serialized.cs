using System.Text.Json;
using MassTransit.Serialization;
using NUnit.Framework;
using PublicApiGenerator;

namespace Platform.Contracts.Tests;

/// <summary>The wire format cannot drift by accident: every contract is compared with a checked-in JSON example, and the
/// public API of the contracts assembly with a checked-in snapshot. Run with <c>UPDATE_SNAPSHOTS=1</c> to accept a
/// deliberate change (then review the diff).</summary>
[TestFixture]
public sealed class When_contracts_are_serialized
{
    static readonly bool Update = Environment.GetEnvironmentVariable("UPDATE_SNAPSHOTS") == "1";
    static readonly JsonSerializerOptions Wire = new(SystemTextJsonMessageSerializer.Options) { WriteIndented = true };

    static IEnumerable<string> Examples => ContractExamples.All.Keys;

    [TestCaseSource(nameof(Examples))]
    public void Should_match_the_checked_in_json_example(string name)
    {
        var message = ContractExamples.All[name];
        var json = JsonSerializer.Serialize(message, message.GetType(), Wire).ReplaceLineEndings("\n") + "\n";
        var path = Path.Combine(SourceDirectory(), "Examples", $"{name}.json");
        if (Update)
            File.WriteAllText(path, json);

        Assert.That(File.Exists(path), Is.True, $"no example {path}; run with UPDATE_SNAPSHOTS=1 to create it");
        Assert.That(json, Is.EqualTo(File.ReadAllText(path)), $"the JSON of {name} differs from {path}");
    }

    [TestCaseSource(nameof(Examples))]
    public void Should_read_the_checked_in_json_example_back(string name)
    {
        var message = ContractExamples.All[name];
        var path = Path.Combine(SourceDirectory(), "Examples", $"{name}.json");
        var read = JsonSerializer.Deserialize(File.ReadAllText(path), message.GetType(), Wire);
        Assert.That(JsonSerializer.Serialize(read, message.GetType(), Wire), Is.EqualTo(JsonSerializer.Serialize(message, message.GetType(), Wire)));
    }

    [Test]
    public void Should_write_timespans_instants_and_enums_as_documented()
    {
        var json = JsonSerializer.Serialize(ContractExamples.All["ScheduleJob.Interval"], Wire);
        Assert.Multiple(() =>
        {
            Assert.That(json, Does.Contain("\"every\": \"1.12:00:00\""), "TimeSpan as [d.]hh:mm:ss");
            Assert.That(json, Does.Contain("\"startAt\": \"2030-03-10T09:00:00-04:00\""), "instants as ISO 8601 with offset");
            Assert.That(json, Does.Contain("\"kind\": \"Interval\""), "enums as names");
            Assert.That(json, Does.Contain("\"misfire\": \"FireOnce\""), "defaults written out");
        });
    }

    [Test]
    public void Should_keep_the_public_api_of_the_contracts()
    {
        var api = typeof(ScheduleJob).Assembly.GeneratePublicApi(new ApiGeneratorOptions { IncludeAssemblyAttributes = false })
            .ReplaceLineEndings("\n");
        var path = Path.Combine(SourceDirectory(), "Platform.Contracts.approved.txt");
        if (Update)
            File.WriteAllText(path, api);
        Assert.That(api, Is.EqualTo(File.ReadAllText(path)), $"the public API of Platform.Contracts differs from {path}");
    }

    static string SourceDirectory([System.Runtime.CompilerServices.CallerFilePath] string file = "") => Path.GetDirectoryName(file)!;
}
