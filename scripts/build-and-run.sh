#!/usr/bin/env bash
# The product end to end, one line per step: builds everything (the client and the command
# regenerate their code from models/ on the way), generates a standalone client from botocore's
# model, starts connect-local in memory on a free port, creates a contact with the `connect`
# command and one with the SDK's example program, reads both back with DescribeContact, imports
# examples/import/contacts.csv with `import-contacts`, and stops the service.
set -euo pipefail
cd "$(dirname "$0")/.."

began=$(date +%s)
step() { printf '[%4ss] %s\n' "$(($(date +%s) - began))" "$*"; }

cargo build --release --quiet -p connect-cli -p connect-local -p connect-codegen
cargo build --release --quiet -p connect-sdk --example create_contact
step "built connect, connect-local, connect-codegen and the connect-sdk example (release)"

scratch=$(mktemp -d)
service=
cleanup() {
    [ -n "$service" ] && kill "$service" 2>/dev/null && wait "$service" 2>/dev/null
    rm -rf "$scratch"
}
trap cleanup EXIT

./target/release/connect-codegen \
    --model upstream/models/connect-2017-08-08.botocore.json \
    --operation CreateContact --operation DescribeContact \
    --tagged-union SegmentAttributeValue \
    --crate-name create-contact-client --out "$scratch/create-contact-client" > /dev/null
step "generated a standalone client crate from botocore's Connect model: $(find "$scratch/create-contact-client" -name '*.rs' | wc -l) source files"

./target/release/connect-local --memory --listen 127.0.0.1:0 > "$scratch/service.log" 2>&1 &
service=$!
endpoint=
for _ in $(seq 1 100); do
    endpoint=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$scratch/service.log" | head -n 1 || true)
    [ -n "$endpoint" ] && break
    kill -0 "$service" 2>/dev/null || break
    sleep 0.1
done
if [ -z "$endpoint" ]; then
    echo "connect-local did not start:" >&2
    cat "$scratch/service.log" >&2
    exit 1
fi
step "connect-local serving in memory at $endpoint"

# The service's published test key pair and its one instance; nothing from ~/.aws is read.
export AWS_ACCESS_KEY_ID=AKIDLOCALCONNECT AWS_SECRET_ACCESS_KEY=local-connect-test-secret
export AWS_REGION=us-east-1 AWS_ENDPOINT_URL="$endpoint"
export AWS_CONFIG_FILE="$scratch/config" AWS_SHARED_CREDENTIALS_FILE="$scratch/credentials"
unset AWS_PROFILE AWS_SESSION_TOKEN AWS_DEFAULT_PROFILE
instance=00000000-0000-4000-8000-000000000001

cli_id=$(./target/release/connect create-contact --instance-id "$instance" \
    --channel TASK --initiation-method API --name "Created by the connect command" \
    --attributes source=demo --query ContactId --output text)
step "connect create-contact: created $cli_id"

sdk_line=$(./target/release/examples/create_contact "$instance" "Created by the SDK example")
sdk_id=$(echo "$sdk_line" | sed -n 's/^created contact \([^,]*\),.*/\1/p')
step "SDK example (create_contact then describe_contact): $sdk_line"

for id in "$cli_id" "$sdk_id"; do
    read_back=$(./target/release/connect describe-contact --instance-id "$instance" \
        --contact-id "$id" --query '[Contact.Id, Contact.Name, Contact.Channel]' --output text)
    step "connect describe-contact: ${read_back//$'\t'/ | }"
done

./target/release/connect import-contacts --instance-id "$instance" \
    --input examples/import/contacts.csv --results "$scratch/results.jsonl" \
    --channel TASK --initiation-method API --initiate-as COMPLETED > "$scratch/import.log" 2>&1
imported=$(grep -c '"ContactId"' "$scratch/results.jsonl" || true)
step "connect import-contacts examples/import/contacts.csv: $imported of $(($(wc -l < examples/import/contacts.csv) - 1)) records created"

kill "$service"
wait "$service" 2>/dev/null || true
service=
step "connect-local stopped; done"
