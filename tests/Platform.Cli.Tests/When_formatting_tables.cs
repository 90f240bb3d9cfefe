using NUnit.Framework;

namespace Platform.Cli.Tests;

[TestFixture]
public sealed class When_formatting_tables
{
    [Test]
    public void Should_align_fixed_columns_without_trailing_spaces()
    {
        var text = Table.Format(["ID", "STATE", "OWNER"], [["1", "Active", "billing"], ["22", "Cancelled", null]]);

        Assert.That(text, Is.EqualTo(
            "ID  STATE      OWNER\n" +
            "1   Active     billing\n" +
            "22  Cancelled  -\n"));
    }

    [Test]
    public void Should_keep_a_multi_line_cell_on_one_row_and_cut_a_long_one()
    {
        var lines = CliRunner.Lines(Table.Format(["ERROR", "X"], [["boom\n   at Worker.Run()\tline 3", "x"], [new string('e', 100), "y"]]));

        Assert.Multiple(() =>
        {
            Assert.That(lines, Has.Length.EqualTo(3));
            Assert.That(lines[1], Does.StartWith("boom at Worker.Run() line 3 "));
            Assert.That(lines[2], Does.StartWith(new string('e', Table.MaxCellWidth - 1) + "…  y"));
        });
    }

    [TestCase("2030-06-01T13:00:00+01:00", "2030-06-01T12:00:00Z")]
    [TestCase("2030-03-30T20:30:00-05:00", "2030-03-31T01:30:00Z")]
    public void Should_show_instants_in_utc_iso_8601(string instant, string shown) =>
        Assert.That(Json.Instant(instant), Is.EqualTo(shown));

    [Test]
    public void Should_leave_out_detail_fields_without_a_value_and_align_the_rest()
    {
        var text = Details.Format([("State", "Active"), ("Owner", null), ("Last outcome", "Succeeded")]);

        Assert.That(text, Is.EqualTo(
            "State:        Active\n" +
            "Last outcome: Succeeded\n"));
    }
}
