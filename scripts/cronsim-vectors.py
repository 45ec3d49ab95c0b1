#!/usr/bin/env python3
"""Generate the differential-test vectors for the `Cron` library.

Writes `Tests/CronTests/Vectors/cronsim-vectors.tsv`: random valid cron expressions,
each evaluated in a few IANA zones from random start instants (many of them close to a
daylight-saving transition), with

* the fire times `cronsim` (the reference reproduction of Debian cron) computes, and
* the fire times the scheduler rules of DESIGN.md ("Scheduler semantics") prescribe,
  computed here by a deliberately naive oracle that expands the fields as Debian cron
  does and walks local calendar days, resolving each named wall time with zoneinfo.

Where the two disagree, the case is tagged with the documented reason (see DIFFERENCES);
an unexplained disagreement aborts the generation. The Swift test checks that
`CronExpression` reproduces the DESIGN.md column exactly and that every tagged
cronsim difference really is of its documented kind.

Usage (from the repository root; needs `pip install cronsim==2.8`):

    python3 scripts/cronsim-vectors.py            # rewrite the vectors file
    python3 scripts/cronsim-vectors.py --check    # regenerate in memory and compare

The output is deterministic for a given cronsim version and tzdata release.
"""
from __future__ import annotations

import argparse
import random
import sys
from datetime import date, datetime, time, timedelta, timezone
from importlib.metadata import version
from pathlib import Path
from zoneinfo import ZoneInfo

from cronsim import CronSim, CronSimError

UTC = timezone.utc
SEED = 20270328
EXPRESSIONS = 3000
ZONES_PER_EXPRESSION = 2
FIRES = 6
OUTPUT = Path(__file__).resolve().parent.parent / "Tests/CronTests/Vectors/cronsim-vectors.tsv"

# Zones chosen for their transitions: 1 h at 02:00/03:00 (Paris, Sydney), 1 h at 02:00
# local on both sides (New York), 30 min (Lord Howe), at midnight (Havana), at 02:45
# with a 45-minute offset (Chatham), and two zones without DST.
ZONES = [
    "Europe/Paris",
    "America/New_York",
    "Australia/Lord_Howe",
    "Australia/Sydney",
    "America/Havana",
    "Pacific/Chatham",
    "Asia/Kolkata",
    "UTC",
]

# Hand-picked expressions evaluated from fixed offsets around every 2027 transition of
# every zone, so that each gap and fold meets fixed-time, wildcard and step jobs.
FOCUS_EXPRESSIONS = [
    "0 2 * * *", "30 2 * * *", "0 3 * * *", "45 1 * * *", "0 0 * * *", "15 0 * * *",
    "0,30 1-3 * * *", "0 */2 * * *", "30 * * * *", "*/15 * * * *", "* * * * *",
    "*/30 0 * * *", "0 6 * * 1", "@midnight",
]
FOCUS_OFFSETS = [-3 * 3600, -1800, -1, 0, 1, 20 * 60, 50 * 60, 90 * 60]

# Documented reasons why cronsim's answer differs from DESIGN.md. Keep in sync with
# `CronDifferentialTests.swift`.
DIFFERENCES = {
    # A range whose ends are equal, with a step (`40-40/4`, `jan-1/3`, `mon-mon/2`): Debian
    # loops from 40 to 40 and selects 40 alone; cronsim treats any one-value base like
    # Debian's `40/4` (40 to the maximum) and also selects 44, 48, 52 and 56.
    "cronsim-widens-single-value-range",
    # A fixed-time job asked from a start in the second pass of a repeated hour: cronsim
    # works on naive local time, forgets which pass the start was in and returns the
    # first-pass slot, which lies before the start. DESIGN.md: never in the past.
    "cronsim-fires-before-start",
    # A wildcard job in a zone whose transitions are not a whole hour (Lord Howe, 30 min;
    # Chatham, at 02:45) near a transition: cronsim jumps by whole hours or by "minutes
    # to the target minute" in elapsed time, overshoots by the odd half hour and misses
    # wall times that exist and match (`36 * * * *` at 01:36 of the second pass,
    # `* 3 * * *` at 03:45-03:59 right after Chatham's gap). DESIGN.md: a wildcard job
    # fires at every existing instant whose wall time matches.
    "cronsim-skips-existing-slot",
}

MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()
DAYS = "sun mon tue wed thu fri sat".split()


# --------------------------------------------------------------------------- expressions

def random_case(rng: random.Random, word: str) -> str:
    style = rng.randrange(3)
    if style == 0:
        return word
    if style == 1:
        return word.upper()
    return word.capitalize()


def value(rng, low, high, names=None):
    v = rng.randint(low, high)
    if names is not None and rng.random() < 0.4:
        index = v - low if names is MONTHS else v % 7
        return v, random_case(rng, names[index])
    return v, str(v)


def term(rng, low, high, names=None, hot=None):
    kind = rng.random()
    if kind < 0.35:
        if hot and rng.random() < 0.6:
            v = rng.choice(hot)
            return str(v)
        return value(rng, low, high, names)[1]
    if kind < 0.55:
        a, ta = value(rng, low, high, names)
        b, tb = value(rng, a, high, names)
        return f"{ta}-{tb}"
    if kind < 0.75:
        a, ta = value(rng, low, high, names)
        b, tb = value(rng, a, high, names)
        return f"{ta}-{tb}/{rng.randint(1, max(1, (high - low) // 2))}"
    if kind < 0.85:
        return f"{value(rng, low, high, names)[1]}/{rng.randint(1, max(1, (high - low) // 2))}"
    return f"*/{rng.randint(1, max(1, (high - low) // 2))}"


def field(rng, low, high, star_weight, names=None, hot=None):
    if rng.random() < star_weight:
        return "*"
    count = 1 if rng.random() < 0.7 else rng.randint(2, 3)
    return ",".join(term(rng, low, high, names, hot) for _ in range(count))


def random_expression(rng: random.Random) -> str:
    fixed = rng.random() < 0.45
    if fixed:
        minute = field(rng, 0, 59, 0.0, hot=[0, 0, 15, 30, 45, 59])
        hour = field(rng, 0, 23, 0.0, hot=[0, 1, 2, 3, 23])
        while minute.startswith("*"):
            minute = field(rng, 0, 59, 0.0, hot=[0, 30])
        while hour.startswith("*"):
            hour = field(rng, 0, 23, 0.0, hot=[0, 1, 2, 3])
    else:
        minute = field(rng, 0, 59, 0.4, hot=[0, 15, 30, 45])
        hour = field(rng, 0, 23, 0.5, hot=[0, 1, 2, 3])
        if not minute.startswith("*") and not hour.startswith("*"):
            minute = rng.choice(["*", "*/5", "*/15", "*/7", "*/20", "*/30"])
    dom = field(rng, 1, 31, 0.75)
    month = field(rng, 1, 12, 0.75, names=MONTHS)
    dow = field(rng, 0, 7, 0.7, names=DAYS)
    return " ".join([minute, hour, dom, month, dow])


# --------------------------------------------------------------------------- start instants

def transitions(zone: ZoneInfo, year: int) -> list[datetime]:
    """UTC instants in `year` at which the zone's offset changes (hourly scan + bisection)."""
    found = []
    t = datetime(year, 1, 1, tzinfo=UTC)
    end = datetime(year + 1, 1, 1, tzinfo=UTC)
    step = timedelta(hours=1)
    while t < end:
        u = t + step
        if t.astimezone(zone).utcoffset() != u.astimezone(zone).utcoffset():
            lo, hi = t, u
            while hi - lo > timedelta(seconds=1):
                mid = lo + (hi - lo) / 2
                if mid.astimezone(zone).utcoffset() == lo.astimezone(zone).utcoffset():
                    lo = mid
                else:
                    hi = mid
            found.append(hi.replace(microsecond=0))
        t = u
    return found


def random_start(rng: random.Random, zone: ZoneInfo, cache: dict) -> int:
    r = rng.random()
    if r < 0.65:
        year = rng.choice([2026, 2027, 2027, 2028])
        key = (str(zone), year)
        if key not in cache:
            cache[key] = transitions(zone, year)
        if cache[key]:
            anchor = rng.choice(cache[key])
            # Anywhere from two days before to two days after, with a strong bias to
            # the few hours around the transition (inside the repeated hour, too).
            if rng.random() < 0.6:
                delta = rng.randint(-3 * 3600, 3 * 3600)
            else:
                delta = rng.randint(-2 * 86400, 2 * 86400)
            if rng.random() < 0.3:
                delta -= delta % 60  # exactly on a minute
            return int(anchor.timestamp()) + delta
    if r < 0.93:
        low = int(datetime(2025, 1, 1, tzinfo=UTC).timestamp())
        high = int(datetime(2031, 1, 1, tzinfo=UTC).timestamp())
    else:
        low = int(datetime(2097, 1, 1, tzinfo=UTC).timestamp())
        high = int(datetime(2101, 1, 1, tzinfo=UTC).timestamp())
    return rng.randint(low, high)


# --------------------------------------------------------------------------- the oracle

class Fields:
    """The five fields as Debian cron expands them (vixie cron's get_range loop)."""

    LIMITS = [(0, 59, None), (0, 23, None), (1, 31, None), (1, 12, MONTHS), (0, 7, DAYS)]

    def __init__(self, five: str):
        parts = five.split()
        sets = [self.expand(text, *limits) for text, limits in zip(parts, self.LIMITS)]
        self.minutes, self.hours, self.days, self.months, weekdays = sets
        self.weekdays = {d % 7 for d in weekdays}
        self.day_and = parts[2].startswith("*") or parts[4].startswith("*")
        self.fixed = not parts[0].startswith("*") and not parts[1].startswith("*")

    @staticmethod
    def expand(text: str, low: int, high: int, names) -> set[int]:
        def value(word: str) -> int:
            if word.isdigit():
                return int(word)
            index = names.index(word.lower())
            return index + 1 if names is MONTHS else index

        values: set[int] = set()
        for element in text.split(","):
            base, slash, step_text = element.partition("/")
            step = int(step_text) if slash else 1
            if base == "*":
                first, last = low, high
            elif "-" in base:
                first, last = (value(word) for word in base.split("-", 1))
            else:
                first = value(base)
                last = high if slash else first  # Debian: `a/n` means `a-max/n`
            values.update(range(first, last + 1, step))
        return values

    @classmethod
    def has_single_value_range_step(cls, five: str) -> bool:
        """Whether a field holds an element `a-b/n` with `a` and `b` the same value."""
        for text, (low, high, names) in zip(five.split(), cls.LIMITS):
            for element in text.split(","):
                base, slash, _ = element.partition("/")
                if slash and "-" in base:
                    a, b = base.split("-", 1)
                    if cls.expand(a, low, high, names) == cls.expand(b, low, high, names):
                        return True
        return False

    def matches_cronsim(self, sim: CronSim) -> bool:
        return (self.minutes, self.hours, self.days, self.months) == (sim.minutes, sim.hours, sim.days, sim.months) \
            and self.weekdays == {d % 7 for d in sim.weekdays}


def wall(dt: datetime) -> str:
    return dt.strftime("%Y-%m-%dT%H:%M")


def instants_of(nominal: datetime, zone: ZoneInfo) -> list[int]:
    """Every instant whose local wall time in `zone` is `nominal` (0, 1 or 2 of them)."""
    found = set()
    for fold in (0, 1):
        aware = nominal.replace(tzinfo=zone, fold=fold)
        t = int(aware.timestamp())
        if datetime.fromtimestamp(t, zone).replace(tzinfo=None) == nominal:
            found.add(t)
    return sorted(found)


def gap_end(nominal: datetime, zone: ZoneInfo) -> int:
    """The first valid instant after the gap that swallows `nominal`: the transition."""
    before = int(nominal.replace(tzinfo=zone, fold=0).timestamp())
    after = int(nominal.replace(tzinfo=zone, fold=1).timestamp())
    lo, hi = min(before, after), max(before, after)
    offset = datetime.fromtimestamp(lo, zone).utcoffset()
    while hi - lo > 1:  # bisect to the second at which the offset changes
        mid = (lo + hi) // 2
        if datetime.fromtimestamp(mid, zone).utcoffset() == offset:
            lo = mid
        else:
            hi = mid
    return hi


def oracle(sim: Fields, zone: ZoneInfo, start: int, count: int) -> list[tuple[int, str]]:
    """DESIGN.md's fire times, by walking local days and resolving each named wall time."""
    fixed = sim.fixed

    def day_matches(d: date) -> bool:
        dom = d.day in sim.days
        dow = (d.isoweekday() % 7) in sim.weekdays
        return (dom and dow) if sim.day_and else (dom or dow)

    emitted: list[tuple[int, datetime]] = []
    day = datetime.fromtimestamp(start, zone).date() - timedelta(days=1)
    last_needed_day = None
    limit = day + timedelta(days=366 * 60)
    while day < limit:
        if last_needed_day is not None and day > last_needed_day:
            break
        if day.month in sim.months and day_matches(day):
            for h in sorted(sim.hours):
                for m in sorted(sim.minutes):
                    nominal = datetime.combine(day, time(h, m))
                    found = instants_of(nominal, zone)
                    if fixed:
                        emitted.append((found[0] if found else gap_end(nominal, zone), nominal))
                    else:
                        emitted.extend((t, nominal) for t in found)
            later = sorted({t for t, _ in emitted if t > start})
            if len(later) >= count and last_needed_day is None:
                last_needed_day = day + timedelta(days=1)
        day += timedelta(days=1)
    emitted.sort(key=lambda pair: pair[0])  # stable: nominal order within one instant
    fires: list[tuple[int, str]] = []
    for t, nominal in emitted:
        if t > start and (not fires or fires[-1][0] != t):
            fires.append((t, wall(nominal)))
    return fires[:count]


# --------------------------------------------------------------------------- cronsim

def run_cronsim(expr: str, zone: ZoneInfo, start: int, count: int) -> list[tuple[int, str]]:
    it = CronSim(expr, datetime.fromtimestamp(start, zone))
    out = []
    for _ in range(count):
        try:
            dt = next(it)
        except StopIteration:
            break
        out.append((int(dt.timestamp()), wall(dt)))
    return out


def classify(expr, zone, start, fixed, expected, actual) -> str | None:
    if [t for t, _ in expected] == [t for t, _ in actual]:
        return None
    previous = start
    for (e, _), (c, _) in zip(expected, actual):
        if e == c:
            previous = c
            continue
        if fixed and c <= previous:
            return "cronsim-fires-before-start"
        if not fixed and c > e and e not in {t for t, _ in actual}:
            return "cronsim-skips-existing-slot"
        break
    raise SystemExit(f"unexplained difference: {expr!r} in {zone} after {start}\n"
                     f"  DESIGN.md: {expected}\n  cronsim:   {actual}")


# --------------------------------------------------------------------------- main

MACROS = {"@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *",
          "@weekly": "0 0 * * 0", "@daily": "0 0 * * *", "@midnight": "0 0 * * *",
          "@hourly": "0 * * * *"}


def add_case(lines: list[str], expr: str, zone_name: str, start: int) -> None:
    """Evaluate one (expression, zone, start) with cronsim and the oracle; append a line."""
    zone = ZoneInfo(zone_name)
    five = MACROS.get(expr, expr)  # cronsim has no macros: give it their expansion
    fields = Fields(five)
    expected = oracle(fields, zone, start, FIRES)
    actual = run_cronsim(five, zone, start, FIRES)
    if [t for t, _ in expected] != [t for t, _ in actual] \
            and not fields.matches_cronsim(CronSim(five, datetime(2027, 1, 1))):
        if not Fields.has_single_value_range_step(five):
            raise SystemExit(f"cronsim expands {expr!r} differently, and not by the known quirk")
        reason = "cronsim-widens-single-value-range"
    else:
        reason = classify(expr, zone, start, fields.fixed, expected, actual)

    def render(fires, tag):
        items = []
        for t, w in fires:
            real = wall(datetime.fromtimestamp(t, zone))
            items.append(f"{t}{tag}{w}" if w != real else str(t))
        return " ".join(items)

    assert reason is None or reason in DIFFERENCES, reason
    cronsim_text = "=" if reason is None else render(actual, "@")
    lines.append("\t".join([zone_name, str(start), expr, render(expected, "="), cronsim_text, reason or "-"]))


def tzdata_version() -> str:
    for root in ("/usr/share/zoneinfo", "/usr/lib/zoneinfo"):
        path = Path(root) / "tzdata.zi"
        if path.exists():
            return path.read_text().split("\n", 1)[0].removeprefix("# version ").strip()
    return "unknown"


def generate() -> str:
    rng = random.Random(SEED)
    cache: dict = {}
    lines = [
        f"# Generated by scripts/cronsim-vectors.py (cronsim {version('cronsim')}, tzdata {tzdata_version()}, seed {SEED}); do not edit.",
        "# zone <TAB> start (Unix s) <TAB> expression <TAB> DESIGN.md fires <TAB> cronsim fires <TAB> difference",
        "# A fire is `unix` or `unix=nominal` when its nominal wall time is not its local time (gap shift).",
        "# The cronsim column is `=` when it equals the DESIGN.md column; `unix@wall` when cronsim named another wall time.",
    ]
    seen = set()
    made = 0
    while made < EXPRESSIONS:
        expr = random_expression(rng)
        if expr in seen:
            continue
        try:
            CronSim(expr, datetime(2027, 1, 1))
        except CronSimError:
            continue
        seen.add(expr)
        made += 1
        for zone_name in rng.sample(ZONES, ZONES_PER_EXPRESSION):
            add_case(lines, expr, zone_name, random_start(rng, ZoneInfo(zone_name), cache))
    for zone_name in ZONES:
        zone = ZoneInfo(zone_name)
        for anchor in transitions(zone, 2027):
            for expr in FOCUS_EXPRESSIONS:
                for delta in FOCUS_OFFSETS:
                    add_case(lines, expr, zone_name, int(anchor.timestamp()) + delta)
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed file")
    args = parser.parse_args()
    if version("cronsim") != "2.8":
        print(f"warning: vectors were made with cronsim 2.8, this is {version('cronsim')}", file=sys.stderr)
    text = generate()
    if args.check:
        if OUTPUT.read_text() != text:
            sys.exit(f"{OUTPUT} is out of date: rerun scripts/cronsim-vectors.py")
        print("vectors up to date")
        return
    OUTPUT.write_text(text)
    body = [line for line in text.splitlines() if not line.startswith("#")]
    tags = {}
    for line in body:
        tag = line.split("\t")[5]
        tags[tag] = tags.get(tag, 0) + 1
    print(f"wrote {len(body)} cases to {OUTPUT}: {tags}")


if __name__ == "__main__":
    main()
