namespace IPoIBDhcp.Server.Config.Hooks;

/// <summary>An evaluation context that also holds lease variables (a hook's), for <see cref="VariableReferenceExpression"/>.</summary>
public interface IVariableSource
{
    /// <summary>The value of variable <paramref name="name"/> as bytes; false when it is not set.</summary>
    bool TryGetVariable(string name, out ReadOnlyMemory<byte> value);
}
