# Versions the models, the conformance vectors and the test emulator come from.
# Sourced by the other scripts; change a pin here and re-run scripts/import-models.
BOTO_VERSION=1.44.5
MOTO_VERSION=5.2.5
