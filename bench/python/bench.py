"""The benchmark workloads written with boto3's resource API, the same subcommands as bench/rboto.

Every workload prints one JSON line per measured phase on stdout
({"phase":..,"wall_s":..,"cpu_s":..,"ops":..,"bytes":..}), timed inside the process; bench/run.py
adds the whole-process figures around it. Endpoint, keys and region come from the standard AWS_*
environment variables; S3 uses path-style addressing (s3s-fs serves no virtual hosts).
Transfers use boto3's default TransferConfig.
"""

import json
import resource
import sys
import time

import boto3
from boto3.dynamodb.conditions import Key
from botocore.config import Config

CONFIG = Config(s3={"addressing_style": "path"})


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class Phase:
    def __init__(self, name):
        self.name = name
        self.wall = time.perf_counter()
        self.cpu = cpu_seconds()

    def end(self, ops, nbytes=0):
        print(
            json.dumps(
                {
                    "phase": self.name,
                    "wall_s": time.perf_counter() - self.wall,
                    "cpu_s": cpu_seconds() - self.cpu,
                    "ops": ops,
                    "bytes": nbytes,
                }
            ),
            flush=True,
        )


def cold_start():
    """Process start to first response (DynamoDB ListTables through tables.all()), then one
    listing on each of the other eight services with a resource API."""
    dynamodb = boto3.resource("dynamodb")
    tables = list(dynamodb.tables.all())
    print(f"first-response tables={len(tables)}", flush=True)
    counts = {
        "buckets": len(list(boto3.resource("s3", config=CONFIG).buckets.all())),
        "queues": len(list(boto3.resource("sqs").queues.all())),
        "topics": len(list(boto3.resource("sns").topics.all())),
        "users": len(list(boto3.resource("iam").users.all())),
        "vpcs": len(list(boto3.resource("ec2").vpcs.all())),
        "alarms": len(list(boto3.resource("cloudwatch").alarms.all())),
        "stacks": len(list(boto3.resource("cloudformation").stacks.all())),
        "vaults": len(list(boto3.resource("glacier").vaults.all())),
    }
    print("nine-services " + " ".join(f"{k}={v}" for k, v in counts.items()))


def ddb_put_get(table_name, n):
    table = boto3.resource("dynamodb").Table(table_name)
    payload = "x" * 100
    phase = Phase("put")
    for i in range(n):
        table.put_item(Item={"pk": f"item-{i}", "n": i, "payload": payload})
    phase.end(n)
    phase = Phase("get")
    for i in range(n):
        item = table.get_item(Key={"pk": f"item-{i}"}).get("Item")
        if item is None or item["n"] != i:
            raise SystemExit(f"item-{i}: read back {item!r}")
    phase.end(n)


def reading(i):
    """The item of the batch workload; the same shape in every client."""
    return {
        "pk": "bench",
        "sk": i,
        "device": f"device-{i % 97}",
        "celsius_milli": (i * 37) % 40000 - 10000,
        "tags": ["bench", f"shard-{i % 8}"],
    }


def ddb_batch(table_name, n):
    table = boto3.resource("dynamodb").Table(table_name)
    phase = Phase("batch-write")
    with table.batch_writer() as writer:
        for i in range(n):
            writer.put_item(Item=reading(i))
    phase.end(n)
    phase = Phase("query")
    count = 0
    kwargs = {"KeyConditionExpression": Key("pk").eq("bench"), "Limit": 2000}
    while True:
        page = table.query(**kwargs)
        for item in page["Items"]:
            if item != reading(count):
                raise SystemExit(f"item {count} read back as {item!r}")
            count += 1
        if "LastEvaluatedKey" not in page:
            break
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]
    phase.end(count)
    if count != n:
        raise SystemExit(f"query returned {count} items, expected {n}")


def s3_put(bucket_name, n):
    bucket = boto3.resource("s3", config=CONFIG).Bucket(bucket_name)
    body = b"p" * 1024
    phase = Phase("put")
    for i in range(n):
        bucket.put_object(Key=f"small/{i:05}", Body=body)
    phase.end(n, n * len(body))


def s3_list(bucket_name, expected):
    bucket = boto3.resource("s3", config=CONFIG).Bucket(bucket_name)
    phase = Phase("list")
    count = 0
    nbytes = 0
    for summary in bucket.objects.all():
        count += 1
        nbytes += summary.size
    phase.end(count, nbytes)
    if count != expected:
        raise SystemExit(f"listed {count} objects, expected {expected}")


def s3_upload(path, bucket_name, key):
    import os

    bucket = boto3.resource("s3", config=CONFIG).Bucket(bucket_name)
    phase = Phase("upload")
    bucket.upload_file(path, key)
    phase.end(1, os.path.getsize(path))


def s3_download(bucket_name, key, path):
    import os

    bucket = boto3.resource("s3", config=CONFIG).Bucket(bucket_name)
    phase = Phase("download")
    bucket.download_file(key, path)
    phase.end(1, os.path.getsize(path))


def main(argv):
    if not argv:
        raise SystemExit("usage: bench.py WORKLOAD ARGS...: see bench/README.md")
    workload, args = argv[0], argv[1:]
    if workload == "cold-start":
        cold_start()
    elif workload == "ddb-putget":
        ddb_put_get(args[0], int(args[1]))
    elif workload == "ddb-batch":
        ddb_batch(args[0], int(args[1]))
    elif workload == "s3-put":
        s3_put(args[0], int(args[1]))
    elif workload == "s3-list":
        s3_list(args[0], int(args[1]))
    elif workload == "s3-upload":
        s3_upload(args[0], args[1], args[2])
    elif workload == "s3-download":
        s3_download(args[0], args[1], args[2])
    else:
        raise SystemExit(f"unknown workload {workload!r}: see bench/README.md")


if __name__ == "__main__":
    main(sys.argv[1:])
