namespace IPoIBDhcp.Server.Config;

/// <summary><c>lease-time</c>: the seconds the lease being given runs for; null while it is not known.</summary>
public sealed record LeaseTimeExpression : NumericExpression
{
    /// <inheritdoc/>
    public override ulong? Evaluate(IOptionSource request) => request.LeaseTime;
}
