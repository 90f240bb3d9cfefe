using Microsoft.Playwright;
using NUnit.Framework;

namespace Platform.Dashboard.Tests;

public sealed class Spike
{
    [Test]
    public async Task Should_launch()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var page = await browser.NewPageAsync();
        await page.SetContentAsync("<h1>hello</h1>");
        Assert.That(await page.InnerTextAsync("h1"), Is.EqualTo("hello"));
    }
}
