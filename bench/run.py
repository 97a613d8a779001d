"""The benchmark driver scripts/bench runs: builds the rboto and SDK programs (clean release
builds, timed), runs every workload for rboto, boto3 and the AWS SDK for Rust against the same
loopback servers, and writes BENCHMARKS.md.

Each workload runs as its own process. Around every process this driver measures wall time,
user+sys CPU and max RSS of that child alone (os.wait4); inside, each program reports its
measured phases as JSON lines. Medians over the runs go into the tables.
"""

import argparse
import hashlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid

import boto3
from botocore.config import Config

CLIENTS = ("rboto", "boto3", "sdk")
MIB = 1024 * 1024


def log(message):
    print(f"bench: {message}", file=sys.stderr, flush=True)


class Outcome:
    """One child process: its phases, whole-process figures and marked moments."""

    def __init__(self):
        self.phases = {}
        self.wall = 0.0
        self.cpu = 0.0
        self.max_rss_mib = 0.0
        self.marks = {}
        self.error = None


GNU_TIME = "/usr/bin/time"


def run_process(argv, env):
    """Runs argv, timestamps stdout lines, returns an Outcome measured with wait4.

    Linux carries the spawning process's resident size into a child's max RSS across exec, so
    the child is started through GNU time (small), whose `%M` is the child's own peak; its
    CPU and wall time come from wait4 and the clock here (time adds about a millisecond)."""
    outcome = Outcome()
    with tempfile.TemporaryFile() as stderr, tempfile.NamedTemporaryFile("r") as peak:
        program = shutil.which(argv[0]) or argv[0]
        command = [os.path.abspath(program), *map(str, argv[1:])]
        if os.access(GNU_TIME, os.X_OK):
            command = [GNU_TIME, "-f", "%M", "-o", peak.name, *command]
        start = time.perf_counter()
        try:
            child = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=stderr)
        except OSError as e:
            outcome.error = f"cannot start {argv[0]}: {e.strerror}"
            return outcome
        for raw in child.stdout:
            now = time.perf_counter() - start
            line = raw.decode("utf-8", "replace").strip()
            if line.startswith("{"):
                record = json.loads(line)
                outcome.phases[record["phase"]] = record
            elif line:
                outcome.marks[line.split()[0]] = now
        _, status, usage = os.wait4(child.pid, 0)
        outcome.wall = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        outcome.cpu = usage.ru_utime + usage.ru_stime
        outcome.max_rss_mib = usage.ru_maxrss / 1024
        reported = peak.read().split()
        if reported and reported[-1].isdigit():
            outcome.max_rss_mib = int(reported[-1]) / 1024
        if child.returncode != 0:
            stderr.seek(0)
            text = stderr.read().decode("utf-8", "replace").strip()
            lines = [l for l in text.splitlines() if not l.startswith("Command exited")]
            outcome.error = lines[-1] if lines else f"exit {child.returncode}"
    return outcome


class Bench:
    def __init__(self, args):
        self.args = args
        self.repo = os.path.abspath(args.repo)
        self.runs = args.runs
        self.heavy_runs = min(args.runs, args.heavy_runs)
        self.work = tempfile.mkdtemp(prefix="rboto-bench-", dir=args.workdir)
        self.results = {}
        self.notes = []
        base = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith("AWS_") and not k.startswith("RBOTO_")
        }
        base.update(
            AWS_DEFAULT_REGION="us-east-1",
            AWS_REGION="us-east-1",
            AWS_CONFIG_FILE="/dev/null",
            AWS_SHARED_CREDENTIALS_FILE="/dev/null",
            AWS_EC2_METADATA_DISABLED="true",
        )
        self.moto_env = dict(
            base,
            AWS_ENDPOINT_URL=args.moto,
            AWS_ACCESS_KEY_ID="testing",
            AWS_SECRET_ACCESS_KEY="testing",
        )
        self.s3_env = dict(
            base,
            AWS_ENDPOINT_URL=args.s3,
            AWS_ACCESS_KEY_ID=args.s3_access_key,
            AWS_SECRET_ACCESS_KEY=args.s3_secret_key,
        )
        self.ddb = boto3.client(
            "dynamodb",
            endpoint_url=args.moto,
            region_name="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )
        self.s3 = boto3.client(
            "s3",
            endpoint_url=args.s3,
            region_name="us-east-1",
            aws_access_key_id=args.s3_access_key,
            aws_secret_access_key=args.s3_secret_key,
            config=Config(s3={"addressing_style": "path"}),
        )

    # ---- programs -------------------------------------------------------------------------

    def argv(self, client, workload, *args):
        if client == "rboto":
            return [self.rboto_bin, workload, *map(str, args)]
        if client == "sdk":
            return [self.sdk_bin, workload, *map(str, args)]
        return [self.args.python, os.path.join(self.repo, "bench/python/bench.py"), workload, *map(str, args)]

    def build(self):
        """Clean release builds, timed, each in its own fresh target dir, 2 jobs."""
        self.builds = {}
        # The SDK program's lock pins the peer; rboto's follows the workspace it builds from.
        for client, package, binary, locked in (
            ("rboto", "bench/rboto", "rboto-bench", []),
            ("sdk", "bench/sdk", "sdk-bench", ["--locked"]),
        ):
            manifest = os.path.join(self.repo, package, "Cargo.toml")
            target = os.path.join(self.args.target_root, f"bench-{client}")
            env = dict(os.environ, CARGO_TARGET_DIR=target, CARGO_BUILD_JOBS="2")
            subprocess.run(
                ["cargo", "fetch", *locked, "--manifest-path", manifest], env=env, check=True
            )
            path = os.path.join(target, "release", binary)
            setattr(self, f"{client}_bin", path)
            if self.args.no_build:
                self.builds[client] = None
                continue
            clean = not self.args.reuse_builds
            if clean and os.path.isdir(target):
                shutil.rmtree(target)
            log(f"building {package} ({'clean' if clean else 'incremental'} release build)")
            start = time.perf_counter()
            cargo = subprocess.Popen(
                ["cargo", "build", "--release", *locked, "--manifest-path", manifest], env=env
            )
            _, status, usage = os.wait4(cargo.pid, 0)
            cargo.returncode = os.waitstatus_to_exitcode(status)
            seconds = time.perf_counter() - start
            if cargo.returncode != 0:
                raise SystemExit(f"building {package} failed")
            stripped = os.path.join(self.work, f"{binary}.stripped")
            shutil.copy(path, stripped)
            subprocess.run(["strip", stripped], check=True)
            self.builds[client] = {
                "seconds": seconds,
                "cpu_seconds": usage.ru_utime + usage.ru_stime,
                "clean": clean,
                "stripped_mib": os.path.getsize(stripped) / MIB,
                "unstripped_mib": os.path.getsize(path) / MIB,
            }
            log(f"built {package} in {seconds:.0f} s")

    # ---- state ----------------------------------------------------------------------------

    def create_table(self, range_key):
        return create_table(self.ddb, range_key)

    def drop_table(self, name):
        self.ddb.delete_table(TableName=name)

    def create_bucket(self):
        name = f"bench-{uuid.uuid4().hex[:12]}"
        self.s3.create_bucket(Bucket=name)
        return name

    # ---- measuring ------------------------------------------------------------------------

    def record(self, workload, client, outcome, **extra):
        runs = self.results.setdefault(workload, {}).setdefault(client, [])
        if outcome.error:
            log(f"{workload} {client} failed: {outcome.error}")
        runs.append((outcome, extra))
        return outcome

    def repeat(self, workload, runs, body):
        for run in range(runs):
            for client in CLIENTS:
                log(f"{workload}: {client} run {run + 1}/{runs}")
                try:
                    body(client, run)
                except Exception as e:  # the servers' state calls: recorded, the run goes on
                    failed = Outcome()
                    failed.error = f"setup failed: {type(e).__name__}: {e}"
                    self.record(workload, client, failed)

    def cold_start(self):
        # moto loads each service's backend on its first request: one unmeasured pass first.
        run_process(self.argv("boto3", "cold-start"), self.moto_env)

        def body(client, _run):
            self.record("cold-start", client, run_process(self.argv(client, "cold-start"), self.moto_env))

        self.repeat("cold-start", self.runs, body)

    def ddb_put_get(self):
        n = self.args.ddb_items

        def body(client, _run):
            table = self.create_table(range_key=False)
            self.record(
                "ddb-putget", client, run_process(self.argv(client, "ddb-putget", table, n), self.moto_env)
            )
            self.drop_table(table)

        self.repeat("ddb-putget", self.heavy_runs, body)

    def ddb_batch(self):
        for n, runs in ((self.args.batch_items, self.heavy_runs), (self.args.batch_items // 5, self.heavy_runs)):
            workload = f"ddb-batch-{n}"

            def body(client, _run, n=n, workload=workload):
                table = self.create_table(range_key=True)
                self.record(
                    workload, client, run_process(self.argv(client, "ddb-batch", table, n), self.moto_env)
                )
                self.drop_table(table)

            self.repeat(workload, runs, body)

    def s3_put(self):
        n = self.args.s3_objects

        def body(client, _run):
            bucket = self.create_bucket()
            self.record("s3-put", client, run_process(self.argv(client, "s3-put", bucket, n), self.s3_env))

        self.repeat("s3-put", self.heavy_runs, body)

    def s3_list(self):
        n = self.args.list_objects
        bucket = f"bench-{uuid.uuid4().hex[:12]}"
        seeded = run_process([self.rboto_bin, "s3-seed", bucket, str(n)], self.s3_env)
        if seeded.error:
            log(f"seeding {n} objects failed: {seeded.error}")
            self.record("s3-list", "rboto", seeded)
            return

        def body(client, _run):
            self.record("s3-list", client, run_process(self.argv(client, "s3-list", bucket, n), self.s3_env))

        self.repeat("s3-list", self.runs, body)

    def transfer(self):
        size = self.args.transfer_mib * MIB
        source = os.path.join(self.work, "source.bin")
        log(f"writing a {self.args.transfer_mib} MiB file of random bytes")
        digest = hashlib.sha256()
        with open(source, "wb") as out:
            left = size
            while left:
                chunk = os.urandom(min(left, 8 * MIB))
                digest.update(chunk)
                out.write(chunk)
                left -= len(chunk)
        expected = digest.hexdigest()
        bucket = self.create_bucket()
        target = os.path.join(self.work, "download.bin")

        def verify(path):
            digest = hashlib.sha256()
            with open(path, "rb") as f:
                while chunk := f.read(8 * MIB):
                    digest.update(chunk)
            return digest.hexdigest() == expected

        def body(client, run):
            key = f"big/{client}-{run}"
            up = self.record(
                "s3-upload", client, run_process(self.argv(client, "s3-upload", source, bucket, key), self.s3_env)
            )
            if up.error:
                return
            head = self.s3.head_object(Bucket=bucket, Key=key)
            if head["ContentLength"] != size:
                up.error = f"uploaded object has {head['ContentLength']} bytes, expected {size}"
            down = self.record(
                "s3-download",
                client,
                run_process(self.argv(client, "s3-download", bucket, key, target), self.s3_env),
            )
            if not down.error and run == 0 and not verify(target):
                down.error = "downloaded file differs from the uploaded one"
            self.s3.delete_object(Bucket=bucket, Key=key)
            if os.path.exists(target):
                os.remove(target)

        self.repeat("s3-transfer", self.heavy_runs, body)
        self.ceiling(source, bucket, target, size)
        os.remove(source)

    def ceiling(self, source, bucket, target, size):
        """What s3s-fs itself absorbs and serves: curl streaming one PUT and one GET."""
        url = f"{self.args.s3.rstrip('/')}/{bucket}/ceiling"
        auth = [
            "--aws-sigv4",
            "aws:amz:us-east-1:s3",
            "--user",
            f"{self.args.s3_access_key}:{self.args.s3_secret_key}",
            "-H",
            "x-amz-content-sha256: UNSIGNED-PAYLOAD",
            "--fail",
            "--silent",
            "--show-error",
        ]
        for run in range(self.heavy_runs):
            log(f"server ceiling: curl run {run + 1}/{self.heavy_runs}")
            up = self.record(
                "s3-upload", "curl", run_process(["curl", *auth, "-T", source, url], self.s3_env)
            )
            up.phases["upload"] = {"wall_s": up.wall, "cpu_s": up.cpu, "bytes": size}
            down = self.record(
                "s3-download", "curl", run_process(["curl", *auth, "-o", target, url], self.s3_env)
            )
            down.phases["download"] = {"wall_s": down.wall, "cpu_s": down.cpu, "bytes": size}
            if os.path.exists(target):
                if os.path.getsize(target) != size:
                    down.error = f"curl downloaded {os.path.getsize(target)} bytes, expected {size}"
                os.remove(target)
        self.s3.delete_object(Bucket=bucket, Key="ceiling")

    def cleanup(self):
        shutil.rmtree(self.work, ignore_errors=True)


# ---- report -------------------------------------------------------------------------------


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def fmt(value, digits=2):
    if value is None:
        return "—"
    if value >= 100:
        return f"{value:.0f}"
    return f"{value:.{digits}f}"


def ratio(a, b):
    if a is None or b is None or b == 0:
        return "—"
    return f"{a / b:.2f}"


def summarize(runs, phase=None):
    """Medians of one client's runs, or None when any run failed or it never ran."""
    if not runs:
        return None
    failed = [o.error for o, _ in runs if o.error]
    if failed:
        return {"error": failed[0]}
    summary = {
        "wall": median([o.wall for o, _ in runs]),
        "cpu": median([o.cpu for o, _ in runs]),
        "rss": median([o.max_rss_mib for o, _ in runs]),
        "runs": len(runs),
    }
    if phase:
        summary["phase_wall"] = median([o.phases.get(phase, {}).get("wall_s") for o, _ in runs])
        summary["phase_cpu"] = median([o.phases.get(phase, {}).get("cpu_s") for o, _ in runs])
        byte_counts = [o.phases.get(phase, {}).get("bytes") for o, _ in runs]
        walls = [o.phases.get(phase, {}).get("wall_s") for o, _ in runs]
        summary["mb_s"] = median(
            [b / MIB / w if b and w else None for b, w in zip(byte_counts, walls)]
        )
    marks = [o.marks.get("first-response") for o, _ in runs]
    summary["first"] = median(marks)
    return summary


def machine():
    cpu = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        total = int(f.readline().split()[1]) / 1024 / 1024
    return cpu, os.cpu_count(), total


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def lock_version(lock, name):
    with open(lock) as f:
        lines = f.read().split("\n")
    for i, line in enumerate(lines):
        if line == f'name = "{name}"':
            return lines[i + 1].split('"')[1]
    return "?"


class Report:
    def __init__(self, bench, command, load_start, started):
        self.b = bench
        self.lines = []
        self.command = command
        self.load_start = load_start
        self.started = started
        self.verdicts = []

    def out(self, line=""):
        self.lines.append(line)

    def carried_sections(self):
        """The sections of the current BENCHMARKS.md measured by other commands (each shows
        its own), between `<!-- measured apart -->` and `<!-- /measured apart -->`: a run of
        this driver keeps them rather than dropping what it did not measure."""
        try:
            with open(os.path.join(self.b.repo, "BENCHMARKS.md")) as f:
                text = f.read()
        except FileNotFoundError:
            return []
        return re.findall(r"<!-- measured apart -->\n.*?<!-- /measured apart -->", text, re.S)

    def get(self, workload, client, phase=None):
        return summarize(self.b.results.get(workload, {}).get(client, []), phase)

    def cell_missing(self, s, client):
        if s is None:
            return "not yet built" if client == "rboto" else "not run"
        return f"failed: {s['error']}"

    def table(self, workload, phases, title, note):
        self.out(f"### {title}")
        self.out()
        self.out(note)
        self.out()
        header = "| client | runs |"
        rule = "| --- | ---: |"
        for phase in phases:
            header += f" {phase} wall s | {phase} CPU s |"
            rule += " ---: | ---: |"
        header += " process wall s | process CPU s | max RSS MiB |"
        rule += " ---: | ---: | ---: |"
        self.out(header)
        self.out(rule)
        sums = {}
        for client in CLIENTS:
            sums[client] = {p: self.get(workload, client, p) for p in phases} or {
                None: self.get(workload, client)
            }
            first = self.get(workload, client, phases[0] if phases else None)
            if first is None or "error" in first:
                self.out(f"| {client} | — | {self.cell_missing(first, client)} |")
                continue
            row = f"| {client} | {first['runs']} |"
            for phase in phases:
                s = sums[client][phase]
                row += f" {fmt(s['phase_wall'])} | {fmt(s['phase_cpu'])} |"
            row += f" {fmt(first['wall'])} | {fmt(first['cpu'])} | {fmt(first['rss'], 1)} |"
            self.out(row)
        self.ratio_rows(workload, phases)
        self.out()

    def ratio_rows(self, workload, phases):
        r = self.get(workload, "rboto", phases[0] if phases else None)
        for peer in ("boto3", "sdk"):
            p = self.get(workload, peer, phases[0] if phases else None)
            if not r or not p or "error" in r or "error" in p:
                continue
            row = f"| rboto/{peer} | |"
            for phase in phases:
                rs = self.get(workload, "rboto", phase)
                ps = self.get(workload, peer, phase)
                row += f" {ratio(rs['phase_wall'], ps['phase_wall'])} | {ratio(rs['phase_cpu'], ps['phase_cpu'])} |"
            row += f" {ratio(r['wall'], p['wall'])} | {ratio(r['cpu'], p['cpu'])} | {ratio(r['rss'], p['rss'])} |"
            self.out(row)

    def verdict(self, issue, text, met):
        mark = "—" if met is None else ("met" if met else "**not met**")
        self.verdicts.append(f"| {issue} | {text} | {mark} |")

    def render(self):
        b = self.b
        args = b.args
        cpu, cores, ram = machine()
        lock_sdk = os.path.join(b.repo, "bench/sdk/Cargo.lock")
        rustc = subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip()
        curl = subprocess.run(["curl", "--version"], capture_output=True, text=True).stdout.split("\n")[0]
        self.out("# Benchmarks")
        self.out()
        self.out(
            "rboto side by side with boto3 (resource API) and the AWS SDK for Rust, on the same "
            "loopback servers in one run of `scripts/bench`. Written by `bench/run.py`; do not edit "
            "by hand, except the sections marked as measured apart, which it keeps. The programs: `bench/rboto/src/main.rs`, `bench/python/bench.py`, "
            "`bench/sdk/src/main.rs` (see `bench/README.md`)."
        )
        self.out()
        self.out("## Run")
        self.out()
        self.out(f"- command: `{self.command}`")
        self.out(f"- started {self.started} UTC, took {(time.time() - b.t0) / 60:.1f} min")
        self.out(f"- machine: {cpu}, {cores} cores (nproc), {ram:.1f} GiB RAM, {platform.system()} {platform.release()}")
        self.out(
            f"- load average at start {self.load_start}, at end {loadavg()} — the machine was "
            "shared with other builds, so absolute numbers are noisy; runs of the three clients are "
            "interleaved so they share the noise."
        )
        self.out(
            f"- versions: {rustc}; boto3 {boto3.__version__} (botocore {__import__('botocore').__version__}, "
            f"s3transfer {__import__('s3transfer').__version__}) on Python {platform.python_version()}; "
            f"aws-sdk-s3 {lock_version(lock_sdk, 'aws-sdk-s3')}, aws-sdk-dynamodb "
            f"{lock_version(lock_sdk, 'aws-sdk-dynamodb')}, aws-config {lock_version(lock_sdk, 'aws-config')}, "
            f"serde_dynamo {lock_version(lock_sdk, 'serde_dynamo')}; moto {__import__('moto').__version__ if _has('moto') else args.moto_version}; "
            f"s3s-fs {args.s3s_version}; {curl.split(' (')[0]}"
        )
        self.out(
            f"- runs per workload: {b.runs} for cold start and listing (median reported); "
            f"{b.heavy_runs} for the moto workloads (PutItem/GetItem, batch), the small PutObjects "
            f"and the 1 GiB transfers, to keep the whole run near 25 minutes on 2 cores "
            "(moto and s3s-fs spend 20-40 ms a request when the machine is loaded)"
        )
        self.out(
            "- figures: *process* = the child process as a whole, measured by the driver (wall from "
            "spawn to exit, user+sys CPU from `wait4`, max RSS from GNU time's `%M`, since Linux "
            "would carry the spawner's size into a child's `ru_maxrss`); *phase* = the workload "
            "itself, timed inside the program (wall clock and getrusage CPU around the loop), "
            "so interpreter start-up and setup are out of it. Ratios below 1 favour rboto "
            "(except MiB/s)."
        )
        self.out()
        self.render_tables()
        for section in self.carried_sections():
            self.out(section)
            self.out()
        self.out("## Targets from the issues")
        self.out()
        self.out("| issue | target | verdict |")
        self.out("| --- | --- | --- |")
        self.lines.extend(self.verdicts)
        self.out()
        if b.notes:
            self.out("## Notes")
            self.out()
            for note in b.notes:
                self.out(f"- {note}")
        return "\n".join(self.lines) + "\n"

    def render_tables(self):
        b = self.b
        args = b.args
        self.out("## Results")
        self.out()
        # 6. cold start first: it is about the process as a whole.
        self.out("### Cold start (moto)")
        self.out()
        self.out(
            "Process start to first response: DynamoDB ListTables (rboto and boto3 through the "
            "`tables` collection, the SDK through `list_tables`), timed by the driver from spawn "
            "to the line the program prints on the response. Then each program lists something on "
            "every service it carries (rboto and boto3: all nine services; the SDK program: "
            "DynamoDB and S3), which the process wall time includes."
        )
        self.out()
        self.out("| client | runs | first response ms | process wall s | process CPU s | max RSS MiB |")
        self.out("| --- | ---: | ---: | ---: | ---: | ---: |")
        for client in CLIENTS:
            s = self.get("cold-start", client)
            if s is None or "error" in s:
                self.out(f"| {client} | — | {self.cell_missing(s, client)} |")
                continue
            first = s["first"] * 1000 if s["first"] is not None else None
            self.out(
                f"| {client} | {s['runs']} | {fmt(first, 0)} | {fmt(s['wall'])} | {fmt(s['cpu'])} | {fmt(s['rss'], 1)} |"
            )
        r = self.get("cold-start", "rboto")
        for peer in ("boto3", "sdk"):
            p = self.get("cold-start", peer)
            if r and p and "error" not in r and "error" not in p:
                self.out(
                    f"| rboto/{peer} | | {ratio(r['first'], p['first'])} | {ratio(r['wall'], p['wall'])} | "
                    f"{ratio(r['cpu'], p['cpu'])} | {ratio(r['rss'], p['rss'])} |"
                )
        self.out()

        self.table(
            "ddb-putget",
            ["put", "get"],
            f"DynamoDB PutItem ×{args.ddb_items} then GetItem ×{args.ddb_items} (moto)",
            "One request at a time through the `Table` resource (`table.put_item()` / "
            "`table.get_item()` in rboto and boto3; `put_item()` / `get_item()` in the SDK). Items "
            "of three attributes (string key, number, 100-byte string); each read is checked. A "
            "fresh table per run. moto's own time per request dominates the wall clock; the CPU "
            "columns are the client's.",
        )
        n = args.batch_items
        self.table(
            f"ddb-batch-{n}",
            ["batch-write", "query"],
            f"DynamoDB {n:,} typed puts through the batch writer, then a query stream (moto)",
            "rboto: `Table::batch_writer()` and `query::<T>().stream()`; boto3: "
            "`Table.batch_writer()` and `Table.query` with `LastEvaluatedKey` pagination; the SDK: "
            "`batch_write_item` with 25 items a request (unprocessed items resent) and the query "
            "paginator, items converted with serde_dynamo. Items of five attributes in one "
            "partition, pages of 2,000 (moto's query time grows with pages × items), every item read back and compared. A fresh table per run.",
        )
        self.memory_flat()
        self.table(
            "s3-put",
            ["put"],
            f"S3 PutObject ×{args.s3_objects} objects of 1 KiB (s3s-fs)",
            "One request at a time: rboto `bucket.object(key).put().body(..)`, boto3 "
            "`bucket.put_object(Key=.., Body=..)`, the SDK `put_object()`. A fresh bucket per run. "
            "Every client sends its default checksum.",
        )
        self.table(
            "s3-list",
            ["list"],
            f"Listing {args.list_objects:,} objects (s3s-fs)",
            "rboto's `bucket.objects().stream()`, boto3's `bucket.objects.all()`, the SDK's "
            "ListObjectsV2 paginator; pages of 1,000 (the default); the count is checked and every "
            "object's size read.",
        )
        self.transfer_table()
        self.build_table()
        self.targets()

    def memory_flat(self):
        n = self.b.args.batch_items
        small = n // 5
        self.out(f"Memory flat in the number of items: max RSS (MiB) at {small:,} and at {n:,} items.")
        self.out()
        self.out(f"| client | {small:,} items | {n:,} items | growth |")
        self.out("| --- | ---: | ---: | ---: |")
        for client in CLIENTS:
            a = self.get(f"ddb-batch-{small}", client)
            z = self.get(f"ddb-batch-{n}", client)
            if not a or not z or "error" in a or "error" in z:
                self.out(f"| {client} | {self.cell_missing(a if not a or 'error' in a else z, client)} | | |")
                continue
            self.out(f"| {client} | {fmt(a['rss'], 1)} | {fmt(z['rss'], 1)} | {ratio(z['rss'], a['rss'])}× |")
        self.out()

    def transfer_table(self):
        args = self.b.args
        self.out(f"### {args.transfer_mib} MiB upload and download (s3s-fs, file on disk)")
        self.out()
        self.out(
            f"One file of {args.transfer_mib} MiB of random bytes, uploaded from disk and downloaded "
            "back to disk (the first download of each client compared by SHA-256). "
            + self.b.transfer_note
            + " boto3: `bucket.upload_file` / `bucket.download_file` with the default "
            "TransferConfig (8 MiB parts, 10 threads). The SDK: one streamed `put_object` from "
            "`ByteStream::from_path` and one `get_object` streamed to the file. Server ceiling: "
            "curl streaming one PUT (`curl --aws-sigv4 aws:amz:us-east-1:s3 --user AK:SK -H "
            "'x-amz-content-sha256: UNSIGNED-PAYLOAD' -T file URL`) and one GET (`-o file`), so "
            "no client-side hashing: the most s3s-fs absorbs and serves on this machine."
        )
        self.out()
        self.out("| client | runs | upload MiB/s | upload CPU s | upload max RSS MiB | download MiB/s | download CPU s | download max RSS MiB |")
        self.out("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for client in CLIENTS + ("curl",):
            up = self.get("s3-upload", client, "upload")
            down = self.get("s3-download", client, "download")
            label = "server ceiling (curl)" if client == "curl" else client
            if not up or "error" in up or not down or "error" in down:
                bad = up if not up or "error" in up else down
                self.out(f"| {label} | — | {self.cell_missing(bad, client)} | | | | | |")
                continue
            self.out(
                f"| {label} | {up['runs']} | {fmt(up['mb_s'], 0)} | {fmt(up['cpu'])} | {fmt(up['rss'], 1)} | "
                f"{fmt(down['mb_s'], 0)} | {fmt(down['cpu'])} | {fmt(down['rss'], 1)} |"
            )
        r_up, r_down = self.get("s3-upload", "rboto", "upload"), self.get("s3-download", "rboto", "download")
        for peer in ("boto3", "sdk", "curl"):
            p_up, p_down = self.get("s3-upload", peer, "upload"), self.get("s3-download", peer, "download")
            if all(s and "error" not in s for s in (r_up, r_down, p_up, p_down)):
                self.out(
                    f"| rboto/{peer} | | {ratio(r_up['mb_s'], p_up['mb_s'])} | {ratio(r_up['cpu'], p_up['cpu'])} | "
                    f"{ratio(r_up['rss'], p_up['rss'])} | {ratio(r_down['mb_s'], p_down['mb_s'])} | "
                    f"{ratio(r_down['cpu'], p_down['cpu'])} | {ratio(r_down['rss'], p_down['rss'])} |"
                )
        self.out()
        self.out("MiB/s is mebibytes per second of the measured phase (inside the program; curl: the process).")
        self.out()

    def build_table(self):
        builds = self.b.builds
        if not all(builds.values()):
            return
        self.out("### Clean release build and binary size")
        self.out()
        self.out(
            "`cargo build --release` of `bench/rboto` (rboto with all nine services, "
            "resources generated by the proc macro, models embedded) and of `bench/sdk` "
            "(aws-sdk-s3 + aws-sdk-dynamodb + aws-config + serde_dynamo + tokio, `--locked`), each in a fresh "
            "target directory with `CARGO_BUILD_JOBS=2`, sources already fetched. Size after "
            "`strip`."
        )
        self.out()
        self.out("| program | build wall s | build CPU s (user+sys, all rustc) | stripped MiB | unstripped MiB |")
        self.out("| --- | ---: | ---: | ---: | ---: |")
        for client in ("rboto", "sdk"):
            s = builds[client]
            note = "" if s["clean"] else " (incremental, not clean)"
            self.out(
                f"| {client}{note} | {fmt(s['seconds'], 0)} | {fmt(s['cpu_seconds'], 0)} | "
                f"{fmt(s['stripped_mib'], 1)} | {fmt(s['unstripped_mib'], 1)} |"
            )
        r, p = builds["rboto"], builds["sdk"]
        self.out(
            f"| rboto/sdk | {ratio(r['seconds'], p['seconds'])} | {ratio(r['cpu_seconds'], p['cpu_seconds'])} | "
            f"{ratio(r['stripped_mib'], p['stripped_mib'])} | "
            f"{ratio(r['unstripped_mib'], p['unstripped_mib'])} |"
        )
        self.out()

    def targets(self):
        b = self.b
        builds = b.builds
        if all(builds.values()):
            self.build_verdict(builds)
        else:
            self.verdict("4", "clean release build under half of the SDK program's (not built in this run)", None)
        self.rest_verdicts()

    def build_verdict(self, builds):
        clean = builds["rboto"]["clean"] and builds["sdk"]["clean"]
        self.verdict(
            "4",
            f"clean release build of the nine-service program under half of the SDK program's "
            f"({fmt(builds['rboto']['seconds'], 0)} s vs {fmt(builds['sdk']['seconds'], 0)} s)",
            builds["rboto"]["seconds"] < 0.5 * builds["sdk"]["seconds"] if clean else None,
        )

    def rest_verdicts(self):
        b = self.b
        self.cpu_targets("4", "s3-list", "listing 10,000 objects")
        self.cpu_targets("5", f"ddb-batch-{b.args.batch_items}", "10,000 batch puts + query")
        small = self.get(f"ddb-batch-{b.args.batch_items // 5}", "rboto")
        large = self.get(f"ddb-batch-{b.args.batch_items}", "rboto")
        if small and large and "error" not in small and "error" not in large:
            self.verdict(
                "5",
                f"memory flat: max RSS at 10,000 items within 20% of 2,000 "
                f"({fmt(large['rss'], 1)} vs {fmt(small['rss'], 1)} MiB)",
                large["rss"] <= 1.2 * small["rss"],
            )
        else:
            self.verdict("5", "memory flat in the number of items", None)
        for direction, phase in (("s3-upload", "upload"), ("s3-download", "download")):
            r = self.get(direction, "rboto", phase)
            ok = r and "error" not in r
            for peer, factor, text in (("boto3", 1.5, "≥ 1.5× boto3"), ("sdk", 1.0, "≥ the SDK"), ("curl", 0.8, "≥ 80% of the server ceiling")):
                p = self.get(direction, peer, phase)
                if ok and p and "error" not in p:
                    self.verdict(
                        "6",
                        f"{phase} throughput {text} ({fmt(r['mb_s'], 0)} vs {fmt(p['mb_s'], 0)} MiB/s)",
                        r["mb_s"] >= factor * p["mb_s"],
                    )
                else:
                    self.verdict("6", f"{phase} throughput {text}", None)
            limit = 2 * 10 * 8
            if ok:
                self.verdict(
                    "6",
                    f"{phase} peak memory under 2 × concurrency × part size = {limit} MiB "
                    f"({fmt(r['rss'], 1)} MiB max RSS)",
                    r["rss"] < limit,
                )
            else:
                self.verdict("6", f"{phase} peak memory under {limit} MiB", None)

    def cpu_targets(self, issue, workload, text):
        r = self.get(workload, "rboto")
        for peer, factor, bound in (("sdk", 1.0, "≤ the SDK's"), ("boto3", 0.1, "≤ 1/10 of boto3's")):
            p = self.get(workload, peer)
            if r and p and "error" not in r and "error" not in p:
                self.verdict(
                    issue,
                    f"{text}: client CPU (process) {bound} ({fmt(r['cpu'])} vs {fmt(p['cpu'])} s)",
                    r["cpu"] <= factor * p["cpu"],
                )
            else:
                self.verdict(issue, f"{text}: client CPU {bound}", None)


def _has(module):
    try:
        __import__(module)
        return True
    except ImportError:
        return False


def create_table(ddb, range_key):
    """A fresh on-demand table, key `pk` (S) and with `range_key` also `sk` (N), once it exists:
    the table the DynamoDB workloads write to."""
    name = f"bench-{uuid.uuid4().hex[:12]}"
    keys = [{"AttributeName": "pk", "KeyType": "HASH"}]
    attributes = [{"AttributeName": "pk", "AttributeType": "S"}]
    if range_key:
        keys.append({"AttributeName": "sk", "KeyType": "RANGE"})
        attributes.append({"AttributeName": "sk", "AttributeType": "N"})
    ddb.create_table(
        TableName=name,
        KeySchema=keys,
        AttributeDefinitions=attributes,
        BillingMode="PAY_PER_REQUEST",
    )
    ddb.get_waiter("table_exists").wait(TableName=name)
    return name


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repo", required=True)
    parser.add_argument("--python", required=True, help="interpreter with boto3 for bench.py")
    parser.add_argument("--moto", required=True, help="moto's URL")
    parser.add_argument("--s3", required=True, help="s3s-fs's URL")
    parser.add_argument("--s3-access-key", required=True)
    parser.add_argument("--s3-secret-key", required=True)
    parser.add_argument("--s3s-version", default="?")
    parser.add_argument("--moto-version", default="?")
    parser.add_argument("--target-root", required=True, help="where the fresh target dirs go")
    parser.add_argument("--workdir", default=None, help="where the big file goes")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--heavy-runs",
        type=int,
        default=3,
        help="runs of the moto workloads, the small PutObjects and the transfers (at most --runs)",
    )
    parser.add_argument("--ddb-items", type=int, default=1000)
    parser.add_argument("--batch-items", type=int, default=10000)
    parser.add_argument("--s3-objects", type=int, default=1000)
    parser.add_argument("--list-objects", type=int, default=10000)
    parser.add_argument("--transfer-mib", type=int, default=1024)
    parser.add_argument("--reuse-builds", action="store_true", help="incremental builds (not clean)")
    parser.add_argument("--no-build", action="store_true", help="use the binaries already built")
    parser.add_argument("--only", default="", help="comma-separated workloads to run (for trials)")
    parser.add_argument("--note", action="append", default=[], help="a line for the notes")
    parser.add_argument("--out", required=True)
    parser.add_argument("--command", default="scripts/bench")
    args = parser.parse_args()

    started = time.strftime("%Y-%m-%d %H:%M", time.gmtime())
    load_start = loadavg()
    bench = Bench(args)
    bench.t0 = time.time()
    bench.notes.extend(args.note)
    bench.transfer_note = (
        "rboto: the managed transfer on the low-level client (`client.transfer_manager()"
        ".upload_file(..)` / `.download_file(..)`) with its default TransferConfig (boto3's: "
        "multipart from 8 MiB, 8 MiB parts, 10 at once, CRC32 part checksums)."
    )
    only = set(filter(None, args.only.split(",")))
    try:
        bench.build()
        steps = [
            ("cold-start", bench.cold_start),
            ("ddb-putget", bench.ddb_put_get),
            ("ddb-batch", bench.ddb_batch),
            ("s3-put", bench.s3_put),
            ("s3-list", bench.s3_list),
            ("s3-transfer", bench.transfer),
        ]
        for name, step in steps:
            if not only or name in only:
                step()
        report = Report(bench, args.command, load_start, started).render()
        with open(args.out, "w") as f:
            f.write(report)
        log(f"wrote {args.out}")
    finally:
        bench.cleanup()


if __name__ == "__main__":
    main()
