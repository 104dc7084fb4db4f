"""A deterministic, plausible monthly history of criteria met by each commune (sample data).

No real per-commune assessments are available. This generator makes a history that agrees with
what the province published (data/an_giang_2013.yaml, README "Data and licences"):
- at the 2011 baseline, 2 communes at 10 criteria, 36 at 6–9 and 81 at 5 or fewer (average 4,8);
- 13 communes meet every criterion by the end of 2015, including the ones given as `recognised`.
Pilots advance faster; planning and security tend to come early, income, poverty and the
environment late; a few communes slip back for a month or three.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field

from domain.months import Month

# Typical order in which communes reach the criteria (number → mean rank); noise per commune.
EASE = {
    1: 1.0, 18: 3.0, 4: 4.0, 19: 5.0, 8: 5.0, 3: 6.0, 12: 7.5, 13: 8.0, 16: 8.5, 14: 9.0,
    6: 10.5, 15: 11.0, 9: 12.0, 5: 13.0, 7: 13.5, 2: 14.5, 11: 16.0, 10: 17.0, 17: 17.5,
}
# 2011 baseline published by the province: counts of communes per number of criteria met.
BASELINE = {10: 2, 9: 6, 8: 8, 7: 10, 6: 12, 5: 22, 4: 24, 3: 20, 2: 11, 1: 4}
STANDARD_BY_END = 13


@dataclass
class SampleHistory:
    periods: list[str]
    pilot34: list[str]
    pilot17: list[str]
    standard: list[str]
    # (commune code, period) -> numbers of the criteria met
    met: dict[tuple[str, str], frozenset[int]] = field(default_factory=dict)

    def count(self, code: str, period: str) -> int:
        return len(self.met[(code, period)])


def month_range(start: str, end: str) -> list[str]:
    return [str(m) for m in Month.range(Month.parse(start), Month.parse(end))]


def _choose_pilots(rng: random.Random, communes: dict[str, str], preferred: list[str]) -> tuple[list, list]:
    """17 registered pilots from the preferred list first; 34 spread over the districts."""
    preferred = [c for c in dict.fromkeys(preferred) if c in communes]
    pilot17 = preferred[:17]
    rest = [c for c in sorted(communes) if c not in pilot17]
    rng.shuffle(rest)
    while len(pilot17) < 17:
        pilot17.append(rest.pop())
    pilot34 = list(pilot17) + [c for c in preferred[17:] if c not in pilot17][: 34 - len(pilot17)]
    per_district: dict[str, int] = {}
    for code in pilot34:
        per_district[communes[code]] = per_district.get(communes[code], 0) + 1
    candidates = [c for c in rest if c not in pilot34]
    while len(pilot34) < 34:
        # Each district proposes pilots (the 2013 work programme §2.6): pick from the district with fewest so far.
        candidates.sort(key=lambda c: (per_district.get(communes[c], 0), c))
        code = candidates.pop(0)
        pilot34.append(code)
        per_district[communes[code]] = per_district.get(communes[code], 0) + 1
    return sorted(pilot34), sorted(pilot17)


def _baselines(rng: random.Random, codes: list[str], pilot34: set[str], standard: list[str]) -> dict[str, int]:
    """Hand out the published 2011 distribution: standard communes and pilots start higher on
    average (overlapping scores, so not strictly)."""
    values = sorted((n for n, k in BASELINE.items() for _ in range(k)), reverse=True)

    def score(code: str) -> float:
        if code in standard:
            return rng.random()
        if code in pilot34:
            return 0.8 + rng.random() * 1.5
        return 1.5 + rng.random() * 2.0

    order = sorted(codes, key=score)
    return dict(zip(order, values))


def generate(
    communes: dict[str, str],
    *, preferred_pilots: list[str],
    recognised: list[str],
    start: str = "2011-01",
    end: str = "2015-12",
    seed: int = 20130605,
    n_criteria: int = 19,
    later_recognised: tuple[str, ...] = (),
) -> SampleHistory:
    """`communes`: assessed commune code -> district code. `recognised`: codes known to have
    reached the standard by the end of the period (kept among the 13); `later_recognised`: codes
    recognised after the period (pilots, but not at the standard by its end)."""
    rng = random.Random(seed)
    periods = month_range(start, end)
    last = len(periods) - 1
    codes = sorted(communes)
    pilot34, pilot17 = _choose_pilots(rng, communes, preferred_pilots)
    standard = [c for c in recognised if c in communes][:STANDARD_BY_END]
    # The rest of the 13: registered pilots first, then the other pilots; never one recognised later.
    for pool in (pilot17, pilot34):
        candidates = [c for c in pool if c not in standard and c not in later_recognised]
        rng.shuffle(candidates)
        standard += candidates[: STANDARD_BY_END - len(standard)]
    base = _baselines(rng, codes, set(pilot34), standard)

    history = SampleHistory(periods=periods, pilot34=pilot34, pilot17=pilot17, standard=sorted(standard))
    for code in codes:
        order = sorted(range(1, n_criteria + 1), key=lambda n: EASE.get(n, n) + rng.gauss(0, 3.0 if n == 19 else 2.2))
        c0 = base[code]
        if code in standard:
            c_end, reach_by = n_criteria, rng.randint(last - 22, last)
        elif code in pilot34:
            c_end, reach_by = min(n_criteria - 1, c0 + rng.randint(6, 10)), last
            c_end = max(c_end, rng.randint(14, 18))
        else:
            c_end, reach_by = min(16, c0 + rng.randint(3, 9)), last
        # Months at which one more criterion is met; the programme speeds up from 2013 on.
        gains = sorted(1 + int((reach_by - 1) * rng.random() ** 0.7) for _ in range(c_end - c0))
        if code in standard:
            gains[-1] = reach_by  # recognised in that month
        slips = set()
        if code not in standard and rng.random() < 0.25:
            at = rng.randint(6, last - 4)
            slips = set(range(at, at + rng.randint(1, 3)))
        k = c0
        for t, period in enumerate(periods):
            while gains and gains[0] <= t:
                gains.pop(0)
                k += 1
            met = order[:k]
            if t in slips and k > 1:
                met = met[:-1]  # the latest criterion gained is lost for a while
            history.met[(code, period)] = frozenset(met)
    return history
