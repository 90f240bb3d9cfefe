using System.Text;

namespace Platform.Cli;

/// <summary>
/// A table in fixed columns: a header row, then one row per item, each column as wide as its widest cell (at most
/// <see cref="MaxCellWidth"/>, longer cells cut with an ellipsis), two spaces apart, no trailing spaces. Line breaks and tabs
/// (in an error) become spaces, so a row is always one line; an empty cell shows as <c>-</c>.
/// </summary>
internal static class Table
{
    public const int MaxCellWidth = 60;
    public const string Empty = "-";

    public static string Format(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string?>> rows)
    {
        var cells = rows.Select(r => r.Select(Clean).ToArray()).ToList();
        var widths = headers.Select((h, i) => cells.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        var text = new StringBuilder();
        foreach (var row in cells.Prepend(headers.ToArray()))
        {
            var line = string.Join("  ", row.Select((cell, i) => i == row.Length - 1 ? cell : cell.PadRight(widths[i])));
            text.Append(line.TrimEnd()).Append('\n');
        }

        return text.ToString();
    }

    static string Clean(string? cell)
    {
        if (string.IsNullOrWhiteSpace(cell))
            return Empty;
        var oneLine = string.Join(' ', cell.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return oneLine.Length <= MaxCellWidth ? oneLine : string.Concat(oneLine.AsSpan(0, MaxCellWidth - 1), "…");
    }
}
