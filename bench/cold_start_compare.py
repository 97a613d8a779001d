#!/usr/bin/env python3
# Usage: bench/cold_start_compare.py ENDPOINT RUNS BINARY...  (rboto-bench builds; moto at ENDPOINT)
"""Cold start: spawn to the `first-response` line (DynamoDB ListTables through the resource
collection), and the whole process wall time, for each binary; median of N interleaved runs."""
import os, statistics, subprocess, sys, time
endpoint, runs, binaries = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
env = dict(os.environ, AWS_ENDPOINT_URL=endpoint, AWS_DEFAULT_REGION="us-east-1",
           AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing")
first = {b: [] for b in binaries}; whole = {b: [] for b in binaries}
for _ in range(runs):
    for b in binaries:
        start = time.perf_counter()
        p = subprocess.Popen([b, "cold-start"], env=env, stdout=subprocess.PIPE, text=True)
        line = p.stdout.readline()
        t1 = time.perf_counter()
        p.communicate(); t2 = time.perf_counter()
        assert line.startswith("first-response") and p.returncode == 0, (line, p.returncode)
        first[b].append((t1 - start) * 1000); whole[b].append(t2 - start)
for b in binaries:
    print(f"{b}: first response median {statistics.median(first[b]):.1f} ms "
          f"(min {min(first[b]):.1f}), process median {statistics.median(whole[b]):.3f} s, {runs} runs")
