namespace AckPoller.EntraStandIn.Faults;

/// <summary>The active fault rules. The token endpoint asks it once per request; the first matching rule fires
/// and uses up one of its count.</summary>
public sealed class FaultSwitchboard
{
    private readonly Lock _gate = new();
    private readonly List<ActiveRule> _rules = [];
    private long _nextId;

    /// <summary>Arms a rule; returns its id (to remove it alone).</summary>
    public long Add(FaultRule rule)
    {
        if (rule.Count is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(rule), "A fault count must be positive, or null for 'until cleared'.");
        }

        lock (_gate)
        {
            var id = ++_nextId;
            _rules.Add(new ActiveRule(id, rule, rule.Count));
            return id;
        }
    }

    public bool Remove(long id)
    {
        lock (_gate)
        {
            return _rules.RemoveAll(rule => rule.Id == id) > 0;
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _rules.Clear();
        }
    }

    public IReadOnlyList<(long Id, FaultRule Rule, int? Remaining)> Active
    {
        get
        {
            lock (_gate)
            {
                return _rules.Select(rule => (rule.Id, rule.Rule, rule.Remaining)).ToArray();
            }
        }
    }

    /// <summary>The rule that fires for this request, if any, counting it down.</summary>
    public FaultRule? TryFire(string? clientId, string? user)
    {
        lock (_gate)
        {
            for (var i = 0; i < _rules.Count; i++)
            {
                var active = _rules[i];
                if (!active.Rule.Matches(clientId, user))
                {
                    continue;
                }

                if (active.Remaining is { } remaining)
                {
                    if (remaining <= 1)
                    {
                        _rules.RemoveAt(i);
                    }
                    else
                    {
                        _rules[i] = active with { Remaining = remaining - 1 };
                    }
                }

                return active.Rule;
            }

            return null;
        }
    }

    private sealed record ActiveRule(long Id, FaultRule Rule, int? Remaining);
}
