using System.Text;

namespace Allocation.Planning.Network;

/// <summary>Minimal RFC 4180 reader: quoted fields may hold commas, quotes ("") and line breaks.</summary>
internal static class CsvReader
{
    public sealed record Record(int LineNumber, IReadOnlyList<string> Fields);

    public static List<Record> ReadRecords(string text, string fileName, List<string> errors)
    {
        var records = new List<Record>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var quoted = false;
        for (var index = 0; index < text.Length; index++)
        {
            var character = text[index];
            if (quoted)
            {
                if (character == '"' && index + 1 < text.Length && text[index + 1] == '"')
                {
                    field.Append('"');
                    index++;
                }
                else if (character == '"')
                {
                    quoted = false;
                }
                else
                {
                    line += character == '\n' ? 1 : 0;
                    field.Append(character);
                }
            }
            else if (character == '"' && field.Length == 0)
            {
                quoted = true;
            }
            else if (character == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (character is '\n' or '\r')
            {
                if (character == '\r' && index + 1 < text.Length && text[index + 1] == '\n')
                {
                    index++;
                }

                fields.Add(field.ToString());
                field.Clear();
                records.Add(new Record(recordLine, fields));
                fields = [];
                line++;
                recordLine = line;
            }
            else
            {
                field.Append(character);
            }
        }

        if (quoted)
        {
            errors.Add($"{fileName} line {recordLine}: a quoted field is not closed");
        }

        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            records.Add(new Record(recordLine, fields));
        }

        return records;
    }
}
