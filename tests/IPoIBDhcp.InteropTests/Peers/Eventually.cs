using System.Diagnostics;

namespace IPoIBDhcp.InteropTests.Peers;

/// <summary>Bounded polling: every wait in the matrix has a deadline and says what it waited for.</summary>
public static class Eventually
{
    /// <summary>Polls <paramref name="probe"/> every 50 ms until it returns non-null, or fails the test with <paramref name="context"/>.</summary>
    public static async Task<T> WaitAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, string what, Func<Task<string>> context)
        where T : class
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            await Task.Delay(50);
        }

        Assert.Fail($"{what}: not within {timeout.TotalSeconds:0} s\n{await context()}");
        throw new TimeoutException(what);
    }

    /// <summary>The text of <paramref name="path"/> once it contains <paramref name="marker"/>, else null.</summary>
    public static async Task<string?> FileContainingAsync(string path, string marker)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        string text = await File.ReadAllTextAsync(path);
        return text.Contains(marker, StringComparison.Ordinal) ? text : null;
    }
}
