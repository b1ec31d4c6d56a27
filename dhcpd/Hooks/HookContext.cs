using System.Text;
using IPoIBDhcp.Server.Config;
using IPoIBDhcp.Server.Config.Hooks;
using IPoIBDhcp.Server.Leases;
using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Server.Hooks;

/// <summary>
/// What a hook's expressions see: the event's evaluation context (the request, or only the lease for an expiry) and the
/// lease's variables as the statements before have left them, so <c>set a = …; execute(…, a);</c> passes the new value.
/// </summary>
internal sealed class HookContext(IOptionSource inner, IEnumerable<LeaseVariable> variables) : IOptionSource, IVariableSource
{
    public List<LeaseVariable> Variables { get; } = [.. variables];

    public bool IsKnown => inner.IsKnown;

    public ReadOnlyMemory<byte> Packet => inner.Packet;

    public bool IsStatic => inner.IsStatic;

    public string? HostDeclarationName => inner.HostDeclarationName;

    public IPv4Address? LeasedAddress => inner.LeasedAddress;

    public uint? LeaseTime => inner.LeaseTime;

    public bool TryGetOption(byte code, out ReadOnlyMemory<byte> value) => inner.TryGetOption(code, out value);

    public bool TryGetConfigOption(byte code, out ReadOnlyMemory<byte> value) => inner.TryGetConfigOption(code, out value);

    /// <summary>A variable's value as ISC's variable reference reads it: data as its bytes, a number or boolean as its text.</summary>
    public bool TryGetVariable(string name, out ReadOnlyMemory<byte> value)
    {
        foreach (var v in Variables)
        {
            if (v.Name != name) continue;
            value = Encoding.Latin1.GetBytes(v.Value);
            return true;
        }
        value = default;
        return false;
    }

    /// <summary>Sets (replacing, in place) or adds a variable.</summary>
    public void Set(LeaseVariable variable)
    {
        int at = Variables.FindIndex(v => v.Name == variable.Name);
        if (at >= 0) Variables[at] = variable;
        else Variables.Add(variable);
    }

    /// <summary>Removes a variable.</summary>
    public void Unset(string name) => Variables.RemoveAll(v => v.Name == name);
}
