"""Load benchmark of the moderation service: a nation's kiosks syncing, managers polling their
feeds and the public reading, against 1 and 2 ``carekiosk serve`` instances on SQLite and on
PostgreSQL, on loopback, for a bounded time each.

    python bench/service_load.py [--kiosks 15000] [--seconds 30] [--public-rate 20] [--managers 300]
                                 [--configs sqlite-1,sqlite-2,postgresql-1,postgresql-2] [--baseline REF]

Every kiosk syncs every five minutes (15,000 kiosks = 50 syncs a second) and one sync in
``--story-every`` carries a new story (sealed and chained as a kiosk does); a sync is the kiosk's
real exchange: ``POST /v1/stories`` when it has a story, then ``GET /v1/homes/{id}/events?after=``
with its cursor (and once more when that page had events). Managers poll their home's feed every
30 s; the public reads ``GET /v1/public/opinions`` (a page of 20 out of 300 published stories with
responses) at ``--public-rate`` a second. Arrivals are open-loop (a Poisson process at the stated
rates), so a slow service shows as latency and a backlog, not as politely fewer requests. With two
instances each kiosk keeps to one of them and the rest alternate (what a load balancer does).

The load is made by one asyncio process with aiohttp's client (it reports its own CPU and how late
it launched requests: if it lags, the figures are its own); the services run in their own
processes; PostgreSQL is a private cluster (tests/support/postgres.py) configured durably (fsync
on), like the SQLite file (synchronous=FULL). Afterwards the stories are counted: every story a
kiosk sent and had acknowledged is stored exactly once.

``--baseline REF`` runs the SQLite, one-instance configuration once more against the service's code
at git revision REF (e.g. ``main``), so "before" and "after" come from the same run. The machine is
shared: each configuration prints the load average it started under; compare ratios, not absolutes.
Target (2 cores): 50 syncs/s and 20 public reads/s together, p99 < 500 ms, no errors, on
PostgreSQL with two instances.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import inspect
import json
import os
import random
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid as uuidlib
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# the checkout (tests.support is not installed); the set-up step runs with the baseline's code instead
sys.path.insert(0, os.environ.get("CAREKIOSK_LOAD_CODE") or str(REPO))

SYNC_EVERY_S = 300.0
MANAGER_EVERY_S = 30.0
PUBLISHED = 300
TARGET = {"syncs": 50.0, "reads": 20.0, "p99_ms": 500.0}


# -- setting up a database (also run under the baseline's code, so only long-standing APIs) ---------

def setup(target: str, kiosks: int, managers: int, out: Path) -> None:
    """Homes, one kiosk each, managers' keys and 300 published stories; writes what the load needs."""
    from datetime import datetime, timezone

    from sqlalchemy import insert

    from sync.server.db import Database
    from sync.server.domain import auth, lifecycle, submissions
    from sync.server.keys import load_or_create
    from sync.server.models import Submission
    from sync.server.schema import devices, homes, token_homes, tokens
    from tests.support.service import make_submissions

    data_dir = Path(out).parent
    keys = load_or_create(data_dir)
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    kiosk_rows, manager_rows = [], []
    with Database(target) as db:
        with db.transaction() as conn:
            home_rows = [dict(id=f"home_{i:05d}", name=f"Home {i}", manager_phone="+447700900123", roster_json="{}",
                              created_at=now) for i in range(kiosks)]
            conn.execute(insert(homes), home_rows)
            conn.execute(insert(devices), [dict(device_id=f"kiosk-{i:05d}", home_id=f"home_{i:05d}", label=None,
                                                enrolled_at=now) for i in range(kiosks)])
            token_rows, link_rows = [], []
            for i in range(kiosks):
                token = "ckd_" + secrets.token_urlsafe(32)
                token_rows.append(dict(token_hash=auth.hash_secret(token), key_id=f"k_d{i}", role="device",
                                       device_id=f"kiosk-{i:05d}", label=None, created_at=now))
                kiosk_rows.append([f"kiosk-{i:05d}", f"home_{i:05d}", token])
            for m in range(managers):
                token = "ckp_" + secrets.token_urlsafe(32)
                home = f"home_{random.randrange(kiosks):05d}"
                token_rows.append(dict(token_hash=auth.hash_secret(token), key_id=f"k_p{m}", role="provider",
                                       device_id=None, label=None, created_at=now))
                link_rows.append(dict(token_hash=auth.hash_secret(token), home_id=home))
                manager_rows.append([home, token])
            conn.execute(insert(tokens), token_rows)
            if link_rows:
                conn.execute(insert(token_homes), link_rows)
        # published stories for the public to read, from a few of the kiosks (their numbers go on from there)
        first_seq: dict[str, list] = {}
        seed_devices = [f"kiosk-{i:05d}" for i in range(min(30, kiosks))]
        per_device = -(-PUBLISHED // len(seed_devices))
        # Since issue 13 a publication carries the moderator's criticality (a baseline revision's code
        # may predate it).
        critical = {"criticality": 1} if "criticality" in inspect.signature(lifecycle.moderate).parameters else {}
        for device_id in seed_devices:
            home_id = "home_" + device_id.split("-")[1]
            subs = make_submissions(keys.public, device_id, per_device)
            who = auth.Principal(role="device", key_id="bench", device_id=device_id, home_ids=frozenset([home_id]))
            with db.transaction() as conn:
                submissions.process_batch(conn, who, [Submission(**s) for s in subs], private_key=keys.private,
                                          now=datetime.now(timezone.utc))
            for s in subs:
                with db.transaction() as conn:
                    lifecycle.moderate(conn, s["uuid"], "publish", private_key=keys.private,
                                       now=datetime.now(timezone.utc), actor="moderator:bench", **critical)
                    lifecycle.provider_decide(conn, s["uuid"], "go_ahead", now=datetime.now(timezone.utc),
                                              actor="provider:bench")
            first_seq[device_id] = [per_device + 1, subs[-1]["chain_hash"]]
    out.write_text(json.dumps({"kiosks": kiosk_rows, "managers": manager_rows, "public_key": keys.public,
                               "chains": first_seq}))


# -- the services -----------------------------------------------------------------------------

def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_service(code: Path, data_dir: Path, env: dict[str, str], log: Path) -> tuple[subprocess.Popen, str]:
    import httpx

    port = free_port()
    with open(log, "ab") as out:
        proc = subprocess.Popen([sys.executable, "-m", "kiosk.cli", "serve", "--port", str(port), "--data-dir",
                                 str(data_dir), "--log-level", "warning"], cwd=code, env=env, stdout=out,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the service exited: {log.read_text()[-2000:]}")
        try:
            if httpx.get(url + "/v1/health", timeout=1).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError("the service did not start")


def stop_service(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)


# -- the load ---------------------------------------------------------------------------------

@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=lambda: {"sync": [], "public": [], "feed": []})
    errors: dict[str, int] = field(default_factory=dict)
    done: dict[str, int] = field(default_factory=lambda: {"sync": 0, "public": 0, "feed": 0})
    behind: int = 0  # arrivals that found the in-flight limit full (the service had fallen behind)
    lag: list[float] = field(default_factory=list)  # how late the generator launched each arrival
    cpu_s: float = 0.0  # the generator's own CPU time
    sent: set = field(default_factory=set)
    acked: set = field(default_factory=set)

    def error(self, what: str) -> None:
        self.errors[what] = self.errors.get(what, 0) + 1


class Kiosk:
    def __init__(self, device_id: str, home_id: str, token: str, seq: int = 1, prev: str | None = None):
        from sync import chain

        self.device_id, self.home_id = device_id, home_id
        self.headers = {"Authorization": f"Bearer {token}"}
        self.seq, self.prev, self.cursor = seq, prev or chain.GENESIS, 0
        self.pending: list[dict] = []
        self.busy = False

    def new_story(self, public_key: str) -> None:
        from sync import chain, seal

        story_uuid = str(uuidlib.uuid4())
        story = {"text": "The staff were kind and the garden was lovely today.", "author_role": "relative",
                 "title": "", "tags": ["staff"], "feelings": [], "rating": 4, "contact": None, "language": "en",
                 "prompts": {"shown": 0, "accepted": 0, "declined": 0}, "route": "kiosk"}
        sealed = seal.seal(seal.envelope(story, uuid=story_uuid, device_id=self.device_id, seq=self.seq), public_key)
        digest = chain.payload_digest(sealed)
        hour = "2026-12-01T10:00:00+00:00"
        link = chain.link(self.prev, uuid=story_uuid, seq=self.seq, device_id=self.device_id, created_hour=hour,
                          route="kiosk", size=len(sealed), payload_sha256=digest)
        self.pending.append({"uuid": story_uuid, "device_id": self.device_id, "seq": self.seq,
                             "ref": chain.reference_code(story_uuid), "created_hour": hour, "route": "kiosk",
                             "size": len(sealed), "payload_sha256": digest, "prev_hash": self.prev,
                             "chain_hash": link, "sealed": base64.b64encode(sealed).decode("ascii")})
        self.seq, self.prev = self.seq + 1, link


class Http:
    """The load's HTTP client: aiohttp (already installed: twilio needs it), whose client costs a
    fraction of httpx's CPU per request, so the generator does not starve the service it measures
    on a 2-core machine. Answers are (status, parsed JSON or None)."""

    def __init__(self, base_url: str):
        import aiohttp

        self.base_url = base_url
        self.session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=200),
                                             timeout=aiohttp.ClientTimeout(total=30))

    async def request(self, method: str, path: str, *, params=None, headers=None, json_body=None):
        async with self.session.request(method, self.base_url + path, params=params, headers=headers,
                                        json=json_body) as r:
            body = await r.read()
            return r.status, (json.loads(body) if r.status == 200 else None)

    async def close(self) -> None:
        await self.session.close()


async def run_load(urls: list[str], world: dict, *, kiosks: int, seconds: float, public_rate: float,
                   story_every: int, max_in_flight: int = 400) -> Tally:
    import aiohttp

    tally = Tally()
    chains = world["chains"]
    fleet = [Kiosk(d, h, t, *(chains.get(d) or [])) for d, h, t in world["kiosks"][:kiosks]]
    managers = world["managers"]
    clients = [Http(u) for u in urls]
    in_flight = [0]
    tasks: set[asyncio.Task] = set()
    rr = 0

    async def timed(kind: str, coro) -> None:
        started = time.perf_counter()
        try:
            ok = await coro
        except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
            tally.error(f"{kind}: {type(exc).__name__}")
            return
        finally:
            in_flight[0] -= 1
        if ok:
            tally.latencies[kind].append(time.perf_counter() - started)
            tally.done[kind] += 1

    async def sync(kiosk: Kiosk, client: Http) -> bool:
        try:
            if random.randrange(story_every) == 0:
                kiosk.new_story(world["public_key"])
            if kiosk.pending:
                batch = list(kiosk.pending)
                tally.sent.update(s["uuid"] for s in batch)
                status, doc = await client.request("POST", "/v1/stories", json_body={"stories": batch},
                                                   headers=kiosk.headers)
                if status != 200:
                    tally.error(f"sync: POST {status}")
                    return False
                for res in doc["results"]:
                    if res["result"] in ("accepted", "duplicate"):
                        tally.acked.add(res["uuid"])
                        kiosk.pending = [s for s in kiosk.pending if s["uuid"] != res["uuid"]]
                    else:
                        tally.error(f"sync: {res['result']}")
            for _ in range(3):
                status, doc = await client.request("GET", f"/v1/homes/{kiosk.home_id}/events",
                                                   params={"after": kiosk.cursor}, headers=kiosk.headers)
                if status != 200:
                    tally.error(f"sync: GET events {status}")
                    return False
                kiosk.cursor = doc["next_cursor"]
                if not doc["events"]:
                    break
            return True
        finally:
            kiosk.busy = False

    async def public(client: Http) -> bool:
        params = {"take": 20} if random.random() < 0.8 else {"take": 20, "home_id": f"home_{random.randrange(30):05d}"}
        status, _ = await client.request("GET", "/v1/public/opinions", params=params)
        if status != 200:
            tally.error(f"public: {status}")
            return False
        return True

    async def feed(client: Http, home: str, token: str) -> bool:
        status, _ = await client.request("GET", f"/v1/homes/{home}/events", params={"after": 0, "limit": 50},
                                         headers={"Authorization": f"Bearer {token}"})
        if status != 200:
            tally.error(f"feed: {status}")
            return False
        return True

    def launch(kind: str, coro_fn) -> None:
        if in_flight[0] >= max_in_flight:
            tally.behind += 1
            return
        in_flight[0] += 1
        task = asyncio.get_running_loop().create_task(timed(kind, coro_fn()))
        tasks.add(task)
        task.add_done_callback(tasks.discard)

    cpu_started = time.process_time()
    rates = {"sync": kiosks / SYNC_EVERY_S, "public": public_rate, "feed": len(managers) / MANAGER_EVERY_S}
    total = sum(rates.values())
    start = time.perf_counter()
    next_at = start
    while True:
        next_at += random.expovariate(total)
        delay = next_at - time.perf_counter()
        if next_at - start >= seconds:
            break
        if delay > 0:
            await asyncio.sleep(delay)
        tally.lag.append(max(0.0, time.perf_counter() - next_at))
        pick = random.random() * total
        if pick < rates["sync"]:
            index = random.randrange(len(fleet))
            kiosk = fleet[index]
            if kiosk.busy:  # a kiosk never runs two syncs at once
                continue
            kiosk.busy = True
            client = clients[index % len(clients)]
            launch("sync", lambda k=kiosk, c=client: sync(k, c))
        else:
            rr += 1
            client = clients[rr % len(clients)]
            if pick < rates["sync"] + rates["public"]:
                launch("public", lambda c=client: public(c))
            else:
                home, token = random.choice(managers)
                launch("feed", lambda c=client, h=home, t=token: feed(c, h, t))
    tally.elapsed = time.perf_counter() - start  # type: ignore[attr-defined]
    tally.cpu_s = time.process_time() - cpu_started
    if tasks:
        await asyncio.wait(tasks, timeout=60)
    for c in clients:
        await c.close()
    return tally


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] * 1000


def stored_uuids(target: str, code: Path, sent: set) -> list[str]:
    """The uuids stored of those the kiosks sent (once per row), read with ``code``'s own schema."""
    script = ("import json,sys; from sqlalchemy import select; from sync.server.db import Database; "
              "from sync.server.schema import stories; db=Database(sys.argv[1], migrate=False); "
              "c=db.engine.connect(); print(json.dumps([r[0] for r in c.execute(select(stories.c.uuid))]))")
    out = subprocess.run([sys.executable, "-c", script, target], cwd=code, capture_output=True, text=True, check=True)
    return [u for u in json.loads(out.stdout) if u in sent]


# -- one configuration --------------------------------------------------------------------------

def measure(name: str, backend: str, instances: int, args, code: Path, cluster=None) -> dict:
    root = Path(tempfile.mkdtemp(prefix=f"ck-load-{name}-"))
    env = {**os.environ, "PYTHONPATH": str(code), "PYTHONUNBUFFERED": "1", "CAREKIOSK_LOAD_CODE": str(code)}
    env.pop("CAREKIOSK_DATABASE_URL", None)
    try:
        data_dir = root / "service"
        data_dir.mkdir(mode=0o700)
        if backend == "postgresql":
            target = cluster.create_database(f"load_{name.replace('-', '_')}")
            env["CAREKIOSK_DATABASE_URL"] = target
        else:
            target = str(data_dir)
        world_file = data_dir / "load.json"
        started = time.perf_counter()
        subprocess.run([sys.executable, str(REPO / "bench" / "service_load.py"), "--setup-only", target,
                        str(world_file), str(args.kiosks), str(args.managers)], cwd=code, env=env, check=True)
        set_up = time.perf_counter() - started
        world = json.loads(world_file.read_text())
        procs = []
        try:
            for i in range(instances):
                procs.append(start_service(code, data_dir, env, root / f"service-{i}.log"))
            load = os.getloadavg()[0]
            tally = asyncio.run(run_load([url for _, url in procs], world, kiosks=args.kiosks, seconds=args.seconds,
                                         public_rate=args.public_rate, story_every=args.story_every))
        finally:
            for proc, _ in procs:
                stop_service(proc)
        stored = stored_uuids(target, code, tally.sent)
        elapsed = tally.elapsed  # type: ignore[attr-defined]
        logs = "".join((root / f"service-{i}.log").read_text(errors="replace") for i in range(instances))
        return {
            "config": name, "load_avg": round(load, 2), "setup_s": round(set_up, 1), "seconds": round(elapsed, 1),
            "syncs_per_s": tally.done["sync"] / elapsed, "reads_per_s": tally.done["public"] / elapsed,
            "feeds_per_s": tally.done["feed"] / elapsed,
            **{f"{kind}_{p}_ms": percentile(tally.latencies[kind], float(p[1:])) for kind in ("sync", "public", "feed")
               for p in ("p50", "p95", "p99")},
            "errors": sum(tally.errors.values()), "error_kinds": tally.errors, "behind": tally.behind,
            "stories_sent": len(tally.sent), "stories_acked": len(tally.acked), "stories_stored": len(stored),
            "stored_twice": len(stored) - len(set(stored)), "acked_missing": len(tally.acked - set(stored)),
            "tracebacks": logs.count("Traceback"),
            # the generator's own health: if it lags, its figures are its own slowness, not the service's
            "generator_cpu": tally.cpu_s / elapsed, "generator_lag_p99_ms": percentile(tally.lag, 99),
        }
    finally:
        if backend == "postgresql":
            try:
                cluster.drop_database(f"load_{name.replace('-', '_')}")
            except Exception:  # noqa: BLE001
                pass
        shutil.rmtree(root, ignore_errors=True)


def report(results: list[dict], as_json: bool) -> None:
    if as_json:
        print(json.dumps(results, indent=2, default=str))
        return
    head = (f"{'config':<22}{'load':>6}{'syncs/s':>9}{'reads/s':>9}{'feeds/s':>9}  {'sync p50/p95/p99 ms':>22}"
            f"  {'public p50/p95/p99 ms':>22}{'errors':>8}{'behind':>8}  stories sent/acked/stored/twice")
    print(head)
    for r in results:
        print(f"{r['config']:<22}{r['load_avg']:>6.2f}{r['syncs_per_s']:>9.1f}{r['reads_per_s']:>9.1f}"
              f"{r['feeds_per_s']:>9.1f}  {r['sync_p50_ms']:>6.0f}/{r['sync_p95_ms']:>6.0f}/{r['sync_p99_ms']:>6.0f}    "
              f"  {r['public_p50_ms']:>6.0f}/{r['public_p95_ms']:>6.0f}/{r['public_p99_ms']:>6.0f}    "
              f"{r['errors']:>8}{r['behind']:>8}  {r['stories_sent']}/{r['stories_acked']}/{r['stories_stored']}/"
              f"{r['stored_twice']}")
        if r["error_kinds"]:
            print(f"{'':<22}errors: {r['error_kinds']}")
        print(f"{'':<22}(load generator: {100 * r['generator_cpu']:.0f}% of a core, launched arrivals "
              f"{r['generator_lag_p99_ms']:.0f} ms late at p99; setup {r['setup_s']} s)")
    by = {r["config"]: r for r in results}
    peer = by.get("sqlite-1")
    if peer:
        print("\nRatios to sqlite-1 measured in the same run (reads/s, public p99):")
        for r in results:
            if r is not peer:
                print(f"  {r['config']:<20} reads x{r['reads_per_s'] / max(peer['reads_per_s'], 1e-9):.2f}   "
                      f"public p99 x{r['public_p99_ms'] / max(peer['public_p99_ms'], 1e-9):.2f}   "
                      f"sync p99 x{r['sync_p99_ms'] / max(peer['sync_p99_ms'], 1e-9):.2f}")
    goal = by.get("postgresql-2")
    if goal:
        met = (goal["syncs_per_s"] >= TARGET["syncs"] * 0.95 and goal["reads_per_s"] >= TARGET["reads"] * 0.95
               and max(goal["sync_p99_ms"], goal["public_p99_ms"]) < TARGET["p99_ms"] and goal["errors"] == 0)
        print(f"\nTarget (postgresql-2: {TARGET['syncs']:.0f} syncs/s + {TARGET['reads']:.0f} reads/s, p99 < "
              f"{TARGET['p99_ms']:.0f} ms, no errors): {'met' if met else 'NOT met'}")
    for r in results:
        ok = r["stored_twice"] == 0 and r["acked_missing"] == 0
        print(f"exactly once [{r['config']}]: {'yes' if ok else 'NO'} ({r['stories_stored']} stored of "
              f"{r['stories_acked']} acknowledged, {r['stored_twice']} twice)")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--setup-only":
        target, out, kiosks, managers = sys.argv[2:6]
        setup(target, int(kiosks), int(managers), Path(out))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kiosks", type=int, default=15_000)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--public-rate", type=float, default=20.0)
    parser.add_argument("--managers", type=int, default=300)
    parser.add_argument("--story-every", type=int, default=10, help="one sync in this many carries a new story")
    parser.add_argument("--configs", default="sqlite-1,sqlite-2,postgresql-1,postgresql-2")
    parser.add_argument("--baseline", default=None, metavar="REF", help="also run sqlite-1 on the code at this revision")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    configs = [c.strip() for c in args.configs.split(",") if c.strip()]
    results = []
    with ExitStack() as stack:
        cluster = None
        if any(c.startswith("postgresql") for c in configs):
            from tests.support.postgres import private_cluster

            cluster = stack.enter_context(private_cluster(durable=True))
        if args.baseline:
            base = Path(tempfile.mkdtemp(prefix="ck-baseline-"))
            stack.callback(shutil.rmtree, base, True)
            archive = subprocess.run(["git", "-C", str(REPO), "archive", args.baseline], capture_output=True, check=True)
            subprocess.run(["tar", "-x", "-C", str(base)], input=archive.stdout, check=True)
            results.append(measure(f"sqlite-1@{args.baseline}", "sqlite", 1, args, base))
        for config in configs:
            backend, _, n = config.partition("-")
            results.append(measure(config, backend, int(n or 1), args, REPO, cluster))
            print(f"  {config}: done (load {results[-1]['load_avg']})", file=sys.stderr)
    report(results, args.json)


if __name__ == "__main__":
    main()
