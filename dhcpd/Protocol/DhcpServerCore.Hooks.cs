using IPoIBDhcp.Server.Allocation;
using IPoIBDhcp.Server.Config;
using IPoIBDhcp.Server.Config.Hooks;
using IPoIBDhcp.Server.Hooks;
using IPoIBDhcp.Server.Planning;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Dhcp;

namespace IPoIBDhcp.Server.Protocol;

public sealed partial class DhcpServerCore
{
    private readonly List<Binding> expiring = [];

    /// <summary>
    /// <c>on commit</c> for an ACK, under the lock while the request is valid: its <c>set</c>s go into the lease about to be
    /// committed, and the binding keeps the release and expiry handlers in force now (as ISC's lease keeps them).
    /// </summary>
    private IReadOnlyList<ProgramRun>? OnCommit(DhcpMessage request, ReplyParameters parameters, HostPlan? host, IPv4Address address, uint leaseTime, Binding? commit)
    {
        var hooks = parameters.Hooks;
        if (commit is not null) commit.Hooks = hooks;
        if (hooks.Commit is not { } onCommit) return null;
        var source = new EvaluationContext(request)
        {
            IsKnown = host is not null,
            IsStatic = commit is null,
            HostDeclarationName = host?.Name,
            LeasedAddress = address,
            LeaseTime = leaseTime,
        };
        var outcome = HookEvaluator.Run(onCommit, "commit", address, source, commit?.Variables ?? [], log);
        if (commit is not null) commit.Variables = outcome.Variables;
        return outcome.Runs;
    }

    /// <summary><c>on release</c> for a released lease, evaluated on the DHCPRELEASE.</summary>
    private IReadOnlyList<ProgramRun>? OnRelease(DhcpMessage request, Binding binding)
    {
        binding.Hooks ??= StoredLeaseHooks.Resolve(plan, binding);
        if (binding.Hooks.Release is not { } onRelease) return null;
        var host = plan.FindHost(binding.Key);
        var source = new EvaluationContext(request) { IsKnown = host is not null, HostDeclarationName = host?.Name, LeasedAddress = binding.Address };
        var outcome = HookEvaluator.Run(onRelease, "release", binding.Address, source, binding.Variables, log);
        binding.Variables = outcome.Variables;
        return outcome.Runs;
    }

    /// <summary>
    /// Expires what is due and runs <c>on expiry</c> for every lease that ran out since the last sweep (here or while
    /// deciding a request); returns the programs to run. The server calls it about once a second, so an expiry hook runs
    /// within a second of the lease's end, as ISC's timer-driven expiry does. The variables it sets stay with the
    /// binding and are written with the lease's next record.
    /// </summary>
    public IReadOnlyList<ProgramRun> SweepExpired(DateTimeOffset now)
    {
        List<ProgramRun>? runs = null;
        lock (gate)
        {
            allocator.ExpireDue(now);
            allocator.DrainExpiredLeases(expiring);
            foreach (var binding in expiring)
            {
                binding.Hooks ??= StoredLeaseHooks.Resolve(plan, binding);
                if (binding.Hooks.Expiry is not { } onExpiry) continue;
                var outcome = HookEvaluator.Run(onExpiry, "expiry", binding.Address, new LeaseEventSource(binding.Address), binding.Variables, log);
                binding.Variables = outcome.Variables;
                if (outcome.Runs is { } r) (runs ??= []).AddRange(r);
            }
            expiring.Clear();
        }
        return runs ?? (IReadOnlyList<ProgramRun>)[];
    }
}
