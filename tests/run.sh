#!/usr/bin/env bash
# The whole test suite, as the README and CI run it: installs and starts the sandbox (Dovecot, Postfix) and Debian's
# Chromium (for the Playwright page test) if needed, runs every test project, then the README's demo command
# (`sandbox/demo.sh --exit-when-done`) and the Docker compose validation as two more checks, and ends with one line
# "N passed, N failed". Exit status is non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."

bash sandbox/mail/install.sh || { echo "sandbox install failed"; echo "0 passed, 1 failed"; exit 1; }
started_here=0
if ! bash sandbox/mail/start.sh --check >/dev/null 2>&1; then
  started_here=1
fi
bash sandbox/mail/start.sh || { echo "sandbox start failed"; echo "0 passed, 1 failed"; exit 1; }
bash tests/browser/install.sh || { echo "chromium install failed"; echo "0 passed, 1 failed"; exit 1; }
bash tests/postgres/install.sh || { echo "postgresql install failed"; echo "0 passed, 1 failed"; exit 1; }
bash tests/alertmanager/install.sh || { echo "alertmanager install failed"; echo "0 passed, 1 failed"; exit 1; }
# Prometheus and promtool (Debian package) for the telemetry tests: a private Prometheus scrapes `ackpoller run`.
bash tests/prometheus/install.sh || { echo "prometheus install failed"; echo "0 passed, 1 failed"; exit 1; }

results=$(mktemp -d)
# The native command-line front-end (packaging/publish-native.sh), compiled once: NativeCliTests compare it with the full
# build, and the packaging check installs it in the .deb.
native=$(mktemp -d)
native_failed=0
if ! bash packaging/publish-native.sh "$native" >"$results/native.log" 2>&1; then
  native_failed=1; echo "native front-end build FAILED"; tail -n 40 "$results/native.log"
fi
export ACKPOLLER_NATIVE_CLI=$native/ackpoller-cli
# Tests that measure something (the chaos run) append their one-line figures here; shown before the summary line.
ACKPOLLER_TEST_REPORT=$(mktemp); export ACKPOLLER_TEST_REPORT
dotnet test AckPoller.sln --nologo --logger "trx" --logger "console;verbosity=minimal" \
  --results-directory "$results" --blame-hang-timeout 5m -- RunConfiguration.TestSessionTimeout=3000000
status=$?

passed=0; failed=0; total=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  t=$(sed -n 's/.*total="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); total=$((total + ${t:-0}))
done

# The README's other quick-start command, as CI must run it, and the compose file people with Docker use.
check() {
  local name=$1; shift
  total=$((total + 1))
  if "$@" >"$results/check.log" 2>&1; then
    passed=$((passed + 1)); echo "check passed: $name"
  else
    failed=$((failed + 1)); echo "check FAILED: $name"; tail -n 40 "$results/check.log"
  fi
}
check "README quick start: bash sandbox/demo.sh --exit-when-done" bash sandbox/demo.sh --exit-when-done
check "docker/docker-compose.yml validates" bash docker/validate.sh
check "packaging: .deb built, installed, verified, purged; dotnet tool installed and run" bash packaging/test.sh --native-dir "$native"
check "deploy/prometheus: promtool check rules" promtool check rules deploy/prometheus/ackpoller-rules.yml
check "deploy/prometheus: promtool test rules" promtool test rules deploy/prometheus/ackpoller-rules.test.yml
rm -rf "$results" "$native"
failed=$((failed + native_failed)); total=$((total + native_failed))

if [ "$started_here" = 1 ] && [ "${KEEP_SANDBOX:-0}" != 1 ]; then
  bash sandbox/mail/stop.sh >/dev/null 2>&1 || true
fi

if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # The build or the test host failed before results were written: count it as a failure, never as a pass.
  failed=1
fi
cat "$ACKPOLLER_TEST_REPORT"; rm -f "$ACKPOLLER_TEST_REPORT"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$total" -gt 0 ]
