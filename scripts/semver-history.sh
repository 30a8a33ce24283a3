#!/usr/bin/env bash
# Checks the model diff's semver verdicts against cargo-semver-checks on real history: for each
# botocore release given (oldest first; by default the ten consecutive releases from 1.42.45 that
# changed Connect's model, and 1.44.18), it takes Connect's model from the wheel on PyPI, generates
# the client the settings describe, and for each consecutive pair prints our verdict beside what
# cargo-semver-checks says of the two generated crates. Needs the network (PyPI) and installs
# cargo-semver-checks when it is missing. Not part of the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."

versions=("$@")
[ ${#versions[@]} -gt 0 ] || versions=(1.42.45 1.42.46 1.42.49 1.42.52 1.42.59 1.42.61 1.42.63 1.42.68 1.43.0 1.43.7 1.43.10 1.44.18)
work=${SEMVER_HISTORY_DIR:-target/semver-history}
mkdir -p "$work/wheels" "$work/models" "$work/crates"
command -v cargo-semver-checks > /dev/null || cargo install cargo-semver-checks --locked
cargo build --quiet -p connect-codegen
codegen=target/debug/connect-codegen
settings=generated/model/create-contact.settings.json

for version in "${versions[@]}"; do
    model="$work/models/connect-$version.json"
    if [ ! -f "$model" ]; then
        python3 -m pip download --quiet --no-deps --dest "$work/wheels" "botocore==$version"
        python3 - "$work/wheels/botocore-$version-py3-none-any.whl" "$model" <<'PY'
import gzip, sys, zipfile
wheel, out = sys.argv[1], sys.argv[2]
archive = zipfile.ZipFile(wheel)
name = next(n for n in archive.namelist() if n.startswith("botocore/data/connect/2017-08-08/service-2.json"))
data = archive.read(name)
open(out, "wb").write(gzip.decompress(data) if name.endswith(".gz") else data)
PY
    fi
    "$codegen" --model "$model" --settings "$settings" --crate-name connect-sdk-history \
        --runtime-path runtime --out "$work/crates/$version" > /dev/null
done

printf '%-20s %-48s %s\n' "pair" "ours" "cargo-semver-checks"
previous=
for version in "${versions[@]}"; do
    if [ -n "$previous" ]; then
        ours=$("$codegen" diff --old "$work/models/connect-$previous.json" --new "$work/models/connect-$version.json" \
            --settings "$settings" | sed -n 's/^Changes: //p; s/^Verdict: \([a-z]*\).*/\1/p' | paste -sd ' ')
        theirs=$(CARGO_TARGET_DIR="$work/target" cargo semver-checks --manifest-path "$work/crates/$version/Cargo.toml" \
            --baseline-root "$work/crates/$previous" 2>&1 | grep -E "Summary|Warning produced" | sed 's/^ *//' | paste -sd ';' || true)
        printf '%-20s %-48s %s\n' "$previous -> $version" "$ours" "$theirs"
    fi
    previous=$version
done
