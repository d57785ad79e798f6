#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Measures `motehub demo` (issue 4): the time from starting the process to its "Motehub ready" line, and how fast
# its demo fleet (full Leshan clients over DTLS-PSK, in the same JVM) registers. Loopback only; stops by itself.
# Usage, from the project root after a build: bench/scripts/measure-demo.sh [devices, default 1000]
set -euo pipefail
cd "$(dirname "$0")/../.."
devices=${1:-1000}
jar=leshan-server/target/motehub.jar
[ -f "$jar" ] || { echo "build first: mvn -B -q -DskipTests install" >&2; exit 1; }
data=$(mktemp -d)
log="$data/demo.log"
start=$(date +%s%N)
# the same as `./motehub demo --data-dir $(mktemp -d)`, without the script's staleness check and build, and on free
# ports so that it never collides with another server on this machine
java -jar "$jar" demo --data-dir "$data" --devices "$devices" --host 127.0.0.1 --http-port 0 --coap-port -1 \
    --coaps-port 0 >"$log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$data"' EXIT
deadline=$((start + 180 * 1000000000))
until grep -q "Motehub ready" "$log"; do
  kill -0 "$pid" 2>/dev/null || { echo "motehub demo exited:" >&2; tail -20 "$log" >&2; exit 1; }
  [ "$(date +%s%N)" -lt "$deadline" ] || { echo "not ready within 180 s" >&2; exit 1; }
  sleep 0.02
done
ready=$(date +%s%N)
# a fresh data folder: the registry logs the first registration of each device, which makes it ACTIVE
until [ "$(grep -c 'moved from \[PROVISIONING\] to \[ACTIVE\]' "$log")" -ge "$devices" ]; do
  [ "$(date +%s%N)" -lt "$deadline" ] || { echo "only $(grep -c 'moved from \[PROVISIONING\] to \[ACTIVE\]' "$log") registered in 180 s" >&2; break; }
  sleep 0.2
done
registered=$(grep -c 'moved from \[PROVISIONING\] to \[ACTIVE\]' "$log" || true)
ms() { awk -F'[:. ]' '{ print (($1 * 60 + $2) * 60 + $3) * 1000 + $4 }' <<<"$1"; }
fleet_start=$(ms "$(grep -m1 'starting them' "$log" | cut -c1-12)")
first=$(ms "$(grep -m1 'moved from \[PROVISIONING\] to \[ACTIVE\]' "$log" | cut -c1-12)")
last=$(ms "$(grep 'moved from \[PROVISIONING\] to \[ACTIVE\]' "$log" | tail -1 | cut -c1-12)")
echo "motehub demo, $devices devices: process start to 'Motehub ready' $(((ready - start) / 1000000)) ms" \
  "(the server says: $(grep -o 'ready in [0-9]* ms' "$log"))"
echo "registered: $registered of $devices; from fleet start to last registration $((last - fleet_start)) ms" \
  "= $(awk -v n="$registered" -v t="$((last - fleet_start))" 'BEGIN { printf "%.0f", n * 1000 / t }')/s;" \
  "first to last registration $((last - first)) ms"
