using System.Text;

namespace Platform.Cli;

/// <summary>One item as <c>label: value</c> lines, the values aligned; fields without a value are left out.</summary>
internal static class Details
{
    public static string Format(IReadOnlyList<(string Label, string? Value)> fields)
    {
        var shown = fields.Where(f => !string.IsNullOrEmpty(f.Value)).ToList();
        var width = shown.Select(f => f.Label.Length).DefaultIfEmpty(0).Max() + 1;
        var text = new StringBuilder();
        foreach (var (label, value) in shown)
            text.Append($"{label}:".PadRight(width + 1)).Append(value!.ReplaceLineEndings("\n" + new string(' ', width + 1))).Append('\n');
        return text.ToString();
    }
}
