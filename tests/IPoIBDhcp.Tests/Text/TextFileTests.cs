using System.Text;
using IPoIBDhcp.Text;
using NUnit.Framework;

namespace IPoIBDhcp.Tests.Text;

/// <summary>The fast file read gives the same text as File.ReadAllText for every encoding an admin's file may have.</summary>
public sealed class TextFileTests
{
    private string path = "";

    [SetUp]
    public void CreatePath() => path = Path.Combine(Path.GetTempPath(), $"textfile-{Guid.NewGuid():N}.conf");

    [TearDown]
    public void RemovePath() => File.Delete(path);

    private static IEnumerable<byte[]> Files()
    {
        const string text = "host n\u00e9 { fixed-address 198.18.0.1; } # caf\u00e9\n";
        yield return Encoding.UTF8.GetBytes(text);
        yield return [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text)];
        yield return [0xFF, 0xFE, .. Encoding.Unicode.GetBytes(text)];
        yield return [0xFE, 0xFF, .. Encoding.BigEndianUnicode.GetBytes(text)];
        yield return [(byte)'a', 0xC3, (byte)'b', 0xFF, (byte)'\n']; // bytes that are not UTF-8
        yield return [];
    }

    [TestCaseSource(nameof(Files))]
    public void ReadsWhatReadAllTextReads(byte[] bytes)
    {
        File.WriteAllBytes(path, bytes);
        Assert.That(TextFile.Read(path), Is.EqualTo(File.ReadAllText(path)));
    }

    [Test]
    public void LargeFilesWithSequencesAcrossChunkBoundariesReadAsReadAllTextReadsThem()
    {
        // 400 KB: several of the reader's 64 KiB chunks, with multi-byte characters, undecodable bytes and a character
        // outside the BMP at every offset a chunk boundary may cut.
        var random = new Random(4390);
        var bytes = new List<byte>();
        byte[][] pieces = [Encoding.UTF8.GetBytes("host a { }\n"), Encoding.UTF8.GetBytes("\u00e9"), Encoding.UTF8.GetBytes("\u20ac"), Encoding.UTF8.GetBytes("\ud83d\ude00"), [0xC3], [0xFF], [0xE2, 0x82]];
        while (bytes.Count < 400_000) bytes.AddRange(pieces[random.Next(pieces.Length)]);
        foreach (byte[] file in new[] { bytes.ToArray(), [0xEF, 0xBB, 0xBF, .. bytes] })
        {
            File.WriteAllBytes(path, file);
            Assert.That(TextFile.Read(path), Is.EqualTo(File.ReadAllText(path)));
        }
    }
}
