# Versions the models, the conformance vectors and the test emulator come from.
# Sourced by the other scripts; change a pin here and re-run scripts/import-models.
BOTO_VERSION=1.44.5
MOTO_VERSION=5.2.5
# s3s-fs, the S3 server on a local directory that S3 transfer tests and benchmarks run against;
# 0.14.1 is the newest release that builds on the project's rustc.
S3S_FS_VERSION=0.14.1
