using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Options;
using NUnit.Framework;
using Platform.Api.Authentication;

namespace Platform.Api.Tests;

/// <summary>The key comparison, and the API refusing to start with keys it cannot use (no servers needed: options are
/// validated before anything connects).</summary>
[TestFixture]
public sealed class When_api_key_settings_are_checked
{
    const string Key = "s3cret-key";

    [Test]
    public void Should_hash_a_key_as_sha256sum_prints_it()
    {
        // printf %s 's3cret-key' | sha256sum
        Assert.That(ApiKeyring.HashOf(Key), Is.EqualTo("817b823905cc7853f381992575a9041fcdb17fc70e776707abfb4d7c59ecbf3f"));
    }

    [Test]
    public void Should_find_the_key_whose_hash_is_configured_in_either_case_and_nothing_else()
    {
        var keyring = new ApiKeyring(
        [
            new ApiKeyOptions { User = "rita", KeyHash = ApiKeyring.HashOf("other"), Role = ApiRole.Reader },
            new ApiKeyOptions { User = "otto", KeyHash = ApiKeyring.HashOf(Key).ToUpperInvariant(), Role = ApiRole.Operator },
        ]);

        Assert.Multiple(() =>
        {
            Assert.That(keyring.Find(Key)?.User, Is.EqualTo("otto"));
            Assert.That(keyring.Find("other")?.User, Is.EqualTo("rita"));
            Assert.That(keyring.Find(Key + " "), Is.Null);
            Assert.That(keyring.Find(""), Is.Null);
            Assert.That(keyring.IsEmpty, Is.False);
            Assert.That(new ApiKeyring([]).IsEmpty, Is.True);
        });
    }

    [TestCase("Platform:Api:Keys:0:KeyHash", "not-hex", "The field PlatformApiOptions.Keys[0].KeyHash must be the SHA-256 of the key as 64 hexadecimal digits")]
    [TestCase("Platform:Api:Keys:0:User", "alice,bob", "The field PlatformApiOptions.Keys[0].User must be one user name")]
    [TestCase("Platform:Api:Keys:0:Role", "", "The PlatformApiOptions.Keys[0].Role field is required")]
    [TestCase("Platform:Api:Keys:1:KeyHash", null, "the users alice, bob have the same KeyHash")]
    [TestCase("Platform:Api:Keys:0:Owners:0", " ", "Keys[0].Owners: ' ' is not an owner")]
    public void Should_refuse_to_start_with_a_key_it_cannot_use(string setting, string? value, string message)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Platform:Api:Keys:0:User"] = "alice",
            ["Platform:Api:Keys:0:KeyHash"] = ApiKeyring.HashOf(Key),
            ["Platform:Api:Keys:0:Role"] = "Operator",
            ["Platform:Api:Keys:1:User"] = "bob",
            ["Platform:Api:Keys:1:KeyHash"] = ApiKeyring.HashOf("bob's"),
            ["Platform:Api:Keys:1:Role"] = "Reader",
        };
        settings[setting] = value ?? ApiKeyring.HashOf(Key);

        var failure = StartFailure(settings);

        Assert.That(failure.Message, Does.Contain(message));
    }

    [Test]
    public void Should_refuse_to_start_when_authentication_is_required_and_no_key_is_configured()
    {
        var failure = StartFailure(new Dictionary<string, string?> { ["Platform:Api:RequireAuthentication"] = "true" });

        Assert.That(failure.Message, Does.Contain("RequireAuthentication is true but no Keys are configured"));
    }

    static OptionsValidationException StartFailure(Dictionary<string, string?> settings)
    {
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            foreach (var (key, value) in settings)
                web.UseSetting(key, value);
        });
        return Assert.Throws<OptionsValidationException>(() => factory.CreateClient().Dispose())!;
    }
}
