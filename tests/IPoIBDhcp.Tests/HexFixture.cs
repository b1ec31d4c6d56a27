namespace IPoIBDhcp.Tests;

/// <summary>Loads hex fixtures: whitespace-separated hex bytes, '#' starts a comment to end of line.</summary>
public static class HexFixture
{
    public static byte[] Load(string name)
    {
        var path = Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", name);
        return Parse(File.ReadAllText(path));
    }

    public static byte[] Parse(string text)
    {
        var bytes = new List<byte>();
        foreach (var line in text.Split('\n'))
        {
            var data = line.Split('#')[0];
            foreach (var token in data.Split([' ', '\t', '\r', ':'], StringSplitOptions.RemoveEmptyEntries))
                bytes.Add(Convert.ToByte(token, 16));
        }
        return bytes.ToArray();
    }
}
