#!/usr/bin/env python3
# Usage: bench/compare_ddb.py NAME=BINARY,... ENDPOINT RUNS PUTGET_ITEMS BATCH_ITEMS
"""The DynamoDB workloads (`ddb-putget`, `ddb-batch`) for several builds of the bench programs
against one server, interleaved: each run goes through every binary (in reverse order on odd
runs), each on a fresh table. Prints the median client CPU and wall of every phase, and the
process as a whole, with all the runs' CPU figures. For comparing two commits of rboto-bench (and
the SDK program) on one machine at one time, where a full `scripts/bench` run would compare a
build with numbers from another day."""
import json, os, statistics, subprocess, sys, time, uuid

import boto3

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run import create_table  # noqa: E402 (the driver's table, beside this file)

binaries = dict(pair.split("=", 1) for pair in sys.argv[1].split(","))
endpoint, runs = sys.argv[2], int(sys.argv[3])
putget_items, batch_items = int(sys.argv[4]), int(sys.argv[5])
env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
env.update(AWS_DEFAULT_REGION="us-east-1", AWS_REGION="us-east-1", AWS_CONFIG_FILE="/dev/null",
           AWS_SHARED_CREDENTIALS_FILE="/dev/null", AWS_EC2_METADATA_DISABLED="true",
           AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing", AWS_ENDPOINT_URL=endpoint)
ddb = boto3.client("dynamodb", endpoint_url=endpoint, region_name="us-east-1",
                   aws_access_key_id="testing", aws_secret_access_key="testing")


def measure(argv):
    """The program's phases as it printed them, and the process's CPU (wait4) and wall."""
    start = time.perf_counter()
    child = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = child.stdout.read(), child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    if os.waitstatus_to_exitcode(status):
        sys.exit(f"{argv} failed: {err.decode()[-800:]}")
    phases = {"process": {"cpu_s": usage.ru_utime + usage.ru_stime,
                          "wall_s": time.perf_counter() - start}}
    for line in out.decode().splitlines():
        if line.startswith("{"):
            record = json.loads(line)
            phases[record["phase"]] = record
    return phases


results = {}
for run in range(runs):
    order = list(binaries.items())
    if run % 2:
        order.reverse()
    for workload, items, range_key in (("ddb-putget", putget_items, False),
                                       ("ddb-batch", batch_items, True)):
        for name, binary in order:
            table = create_table(ddb, range_key)
            phases = measure([binary, workload, table, str(items)])
            ddb.delete_table(TableName=table)
            for phase, figures in phases.items():
                results.setdefault((workload, phase, name), []).append(
                    (figures["cpu_s"], figures["wall_s"]))
    print(f"run {run + 1}/{runs} done", file=sys.stderr, flush=True)

print(f"| workload | phase | binary | CPU s (median of {runs}) | wall s | every run's CPU s |")
print("| --- | --- | --- | ---: | ---: | --- |")
for (workload, phase, name), values in sorted(results.items()):
    cpu = statistics.median(v[0] for v in values)
    wall = statistics.median(v[1] for v in values)
    every = " ".join(f"{v[0]:.3f}" for v in values)
    print(f"| {workload} | {phase} | {name} | {cpu:.3f} | {wall:.3f} | {every} |")
