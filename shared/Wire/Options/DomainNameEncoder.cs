namespace IPoIBDhcp.Wire.Options;

/// <summary>
/// Writes domain names in RFC 1035 wire form (length-prefixed labels, a zero byte at the end), optionally compressed
/// against the names already written to the same option, as ISC does for <c>domain-list compressed</c> (RFC 3397:
/// pointers are offsets from the start of the option's value).
/// </summary>
public static class DomainNameEncoder
{
    /// <summary>
    /// Appends <paramref name="name"/> (dots between labels, an optional final dot) to <paramref name="output"/>.
    /// When <paramref name="written"/> is given, a suffix already written is replaced by a pointer to it, and the new
    /// name's label offsets are added to the list. False when a label is empty or longer than 63 bytes.
    /// </summary>
    public static bool TryAppend(string name, List<byte> output, List<int>? written)
    {
        string trimmed = name.EndsWith('.') ? name[..^1] : name;
        var labels = trimmed.Length == 0 ? [] : trimmed.Split('.');
        foreach (var label in labels)
            if (label.Length is 0 or > 63) return false;
        for (int i = 0; i < labels.Length; i++)
        {
            if (written is not null && FindSuffix(output, written, labels.AsSpan(i)) is int pointer)
            {
                output.Add((byte)(0xC0 | (pointer >> 8)));
                output.Add((byte)pointer);
                return true;
            }
            if (written is not null && output.Count < 0x4000) written.Add(output.Count);
            output.Add((byte)labels[i].Length);
            foreach (char c in labels[i]) output.Add((byte)c);
        }
        output.Add(0);
        return true;
    }

    // An earlier position where exactly these labels (compared without regard to case) are written.
    private static int? FindSuffix(List<byte> output, List<int> written, ReadOnlySpan<string> labels)
    {
        foreach (int offset in written)
            if (Matches(output, offset, labels)) return offset;
        return null;
    }

    private static bool Matches(List<byte> output, int offset, ReadOnlySpan<string> labels)
    {
        int at = offset;
        foreach (var label in labels)
        {
            at = Follow(output, at);
            if (at < 0 || output[at] != label.Length || at + 1 + label.Length > output.Count) return false;
            for (int k = 0; k < label.Length; k++)
                if (char.ToLowerInvariant((char)output[at + 1 + k]) != char.ToLowerInvariant(label[k])) return false;
            at += 1 + label.Length;
        }
        at = Follow(output, at);
        return at >= 0 && at < output.Count && output[at] == 0;
    }

    // Follows compression pointers (bounded: each must point backwards) to the next label's length byte.
    private static int Follow(List<byte> output, int at)
    {
        for (int hops = 0; at < output.Count && (output[at] & 0xC0) == 0xC0; hops++)
        {
            if (at + 1 >= output.Count || hops > 64) return -1;
            int target = ((output[at] & 0x3F) << 8) | output[at + 1];
            if (target >= at) return -1;
            at = target;
        }
        return at < output.Count ? at : -1;
    }
}
