#!/usr/bin/env bash
# Tandem against vdirsyncer on the same work: a Radicale address book of N contacts synced into an
# empty vdir folder (initial), then again with nothing changed (no-change), then after 50 contacts
# were edited on the server (after-edits). Prints both tools' wall times and the ratio.
#
# Needs only the Debian packages radicale, vdirsyncer and python3 (a dependency of both), and the
# built tandem command:
#   apt-get install -y radicale vdirsyncer
#   bench/carddav/run.sh                 # sizes 2000 and 10000
#   bench/carddav/run.sh 500             # one small size
#   TANDEM_CMD="java -jar tandem-app/target/tandem.jar" bench/carddav/run.sh
#   SKIP_TANDEM=1 bench/carddav/run.sh 200   # vdirsyncer only (checks the harness)
#   KEEP=1 ...                               # keep the work folder (logs, configs) for a look
set -euo pipefail

REPO="$(cd "$(dirname "$0")/../.." && pwd)"
SIZES=("${@:-2000 10000}")
read -r -a SIZES <<<"${SIZES[*]}"
EDITS="${EDITS:-50}"
TANDEM_CMD="${TANDEM_CMD:-$REPO/tandem}"

die() { echo "bench/carddav: $*" >&2; exit 1; }
command -v radicale >/dev/null || die "radicale is not installed (apt-get install -y radicale)"
command -v vdirsyncer >/dev/null || die "vdirsyncer is not installed (apt-get install -y vdirsyncer)"
command -v python3 >/dev/null || die "python3 is not installed"
read -r -a TANDEM <<<"$TANDEM_CMD"
[ -n "${SKIP_TANDEM:-}" ] || [ -x "${TANDEM[0]}" ] || command -v "${TANDEM[0]}" >/dev/null \
  || die "no tandem command at '${TANDEM[0]}': build it first, or set TANDEM_CMD (e.g. \"java -jar tandem-app/target/tandem.jar\")"

WORK="$(mktemp -d -t tandem-bench-carddav.XXXXXX)"
RADICALE_PID=""
cleanup() {
  if [ -n "$RADICALE_PID" ]; then kill "$RADICALE_PID" 2>/dev/null || true; wait "$RADICALE_PID" 2>/dev/null || true; fi
  if [ -z "${KEEP:-}" ]; then rm -rf "$WORK"; else echo "kept $WORK" >&2; fi
}
trap cleanup EXIT

# timed OUT ERR CMD...: runs CMD (stdout to OUT, stderr to ERR) and sets WALL and CPU (user + system
# time of the command and its children), so that a busy shared machine can be told from a slow tool.
timed() {
  local out="$1" err="$2"; shift 2
  local t
  t="$(python3 - "$out" "$err" "$@" <<'PY'
import os, resource, subprocess, sys, time
out, err, cmd = sys.argv[1], sys.argv[2], sys.argv[3:]
t0 = time.time()
with open(out, "wb") as o, open(err, "wb") as e:
    rc = subprocess.call(cmd, stdout=o, stderr=e, stdin=subprocess.DEVNULL)
wall = time.time() - t0
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print(f"{rc} {wall:.2f} {ru.ru_utime + ru.ru_stime:.2f}")
PY
)"
  read -r TIMED_RC WALL CPU <<<"$t"
  return "$TIMED_RC"
}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# generate N contacts straight into a Radicale storage folder (user "bench", book "contacts")
generate() {
  local n="$1" storage="$2"
  python3 - "$n" "$storage" <<'PY'
import json, os, random, sys
n, storage = int(sys.argv[1]), sys.argv[2]
book = os.path.join(storage, "collection-root", "bench", "contacts")
os.makedirs(book)
with open(os.path.join(book, ".Radicale.props"), "w") as f:
    json.dump({"D:displayname": "Contacts", "tag": "VADDRESSBOOK"}, f)
rnd = random.Random(42)
first = ["Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken", "Margaret", "Linus"]
last = ["Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen", "Thompson", "Hamilton", "Torvalds"]
for i in range(n):
    fn, ln = rnd.choice(first), rnd.choice(last)
    card = "\r\n".join([
        "BEGIN:VCARD", "VERSION:3.0", f"UID:bench-{i:06d}", f"FN:{fn} {ln} {i}", f"N:{ln} {i};{fn};;;",
        f"EMAIL;TYPE=INTERNET:{fn.lower()}.{ln.lower()}.{i}@example.org",
        f"TEL;TYPE=WORK,VOICE:+1 555 {rnd.randint(1000000, 9999999)}",
        f"ORG:Company {rnd.randint(1, 400)}", f"TITLE:Engineer {rnd.randint(1, 9)}",
        f"NOTE:Generated contact {i}", "X-BENCH-SEED:42", "END:VCARD", ""])
    with open(os.path.join(book, f"bench-{i:06d}.vcf"), "w", newline="") as f:
        f.write(card)
PY
}

start_radicale() {
  local dir="$1"
  PORT="$(free_port)"
  echo "bench:bench" >"$dir/users"
  cat >"$dir/config" <<CFG
[server]
hosts = 127.0.0.1:$PORT
[auth]
type = htpasswd
htpasswd_filename = $dir/users
htpasswd_encryption = plain
delay = 0
[rights]
type = owner_only
[storage]
filesystem_folder = $dir/storage
[web]
type = none
[logging]
level = warning
CFG
  radicale --config "$dir/config" >"$dir/radicale.log" 2>&1 &
  RADICALE_PID=$!
  BOOK="http://127.0.0.1:$PORT/bench/contacts/"
  # wait until it answers, and let it build its item cache before anything is timed
  python3 - "$BOOK" <<'PY' || die "Radicale did not start: $(cat "$dir/radicale.log")"
import base64, sys, time, urllib.request
url, deadline = sys.argv[1], time.time() + 60
auth = "Basic " + base64.b64encode(b"bench:bench").decode()
while True:
    try:
        req = urllib.request.Request(url, method="PROPFIND", headers={"Depth": "1", "Authorization": auth})
        urllib.request.urlopen(req, timeout=300).read()
        break
    except Exception as e:
        if time.time() > deadline:
            print(e, file=sys.stderr); sys.exit(1)
        time.sleep(0.2)
PY
}

stop_radicale() {
  kill "$RADICALE_PID" 2>/dev/null || true
  wait "$RADICALE_PID" 2>/dev/null || true
  RADICALE_PID=""
}

# edit EDITS contacts on the server over HTTP, as another client would
edit_on_server() {
  python3 - "$BOOK" "$EDITS" "$1" <<'PY'
import base64, sys, urllib.request
book, edits, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
auth = "Basic " + base64.b64encode(b"bench:bench").decode()
step = max(1, n // edits)
for k in range(edits):
    url = f"{book}bench-{k * step:06d}.vcf"
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Authorization": auth})) as r:
        etag, text = r.headers["ETag"], r.read().decode()
    text = text.replace("NOTE:Generated contact", "NOTE:Edited on the server, contact")
    req = urllib.request.Request(url, data=text.encode(), method="PUT", headers={
        "Authorization": auth, "If-Match": etag, "Content-Type": "text/vcard; charset=utf-8"})
    urllib.request.urlopen(req).read()
PY
}

count_cards() { find "$1" -maxdepth 1 -name '*.vcf' | wc -l; }
count_edited() { { grep -l "Edited on the server" "$1"/*.vcf 2>/dev/null || true; } | wc -l; }

check() { # folder expected-cards expected-edits label
  local cards edited
  cards="$(count_cards "$1")"; edited="$(count_edited "$1")"
  [ "$cards" -eq "$2" ] || die "$4: expected $2 cards in $1, found $cards"
  [ "$edited" -eq "$3" ] || die "$4: expected $3 edited cards in $1, found $edited"
}

run_vdirsyncer() {
  local n="$1" dir="$WORK/vdirsyncer-$n"
  mkdir -p "$dir/contacts" "$dir/status"
  cp -a "$WORK/seed-$n" "$dir/radicale"
  start_radicale "$dir/radicale"
  cat >"$dir/config" <<CFG
[general]
status_path = "$dir/status/"

[pair bench]
a = "bench_dav"
b = "bench_local"
collections = null
conflict_resolution = "a wins"

[storage bench_dav]
type = "carddav"
url = "$BOOK"
username = "bench"
password = "bench"

[storage bench_local]
type = "filesystem"
path = "$dir/contacts/"
fileext = ".vcf"
CFG
  vdirsyncer -c "$dir/config" discover >"$dir/discover.log" 2>&1 </dev/null || die "vdirsyncer discover failed: $(cat "$dir/discover.log")"
  local t0 t1
  timed "$dir/initial.log" "$dir/initial.err" vdirsyncer -c "$dir/config" sync || die "vdirsyncer initial sync failed: $(tail "$dir/initial.err")"
  V_INITIAL=$WALL; VC_INITIAL=$CPU; check "$dir/contacts" "$n" 0 "vdirsyncer initial"
  timed "$dir/nochange.log" "$dir/nochange.err" vdirsyncer -c "$dir/config" sync || die "vdirsyncer resync failed"
  V_NOCHANGE=$WALL; VC_NOCHANGE=$CPU
  edit_on_server "$n"
  timed "$dir/edits.log" "$dir/edits.err" vdirsyncer -c "$dir/config" sync || die "vdirsyncer sync after edits failed"
  V_EDITS=$WALL; VC_EDITS=$CPU; check "$dir/contacts" "$n" "$EDITS" "vdirsyncer after edits"
  stop_radicale
}

run_tandem() {
  local n="$1" dir="$WORK/tandem-$n"
  mkdir -p "$dir"
  cp -a "$WORK/seed-$n" "$dir/radicale"
  start_radicale "$dir/radicale"
  cat >"$dir/tandem.yaml" <<CFG
store: {type: sqlite, path: "$dir/state.db"}
apps:
  dav: {type: carddav, url: "$BOOK", username: bench, password: bench}
  local: {type: vdir, path: "$dir/contacts", create: true, cache-dir: "$dir/cache"}
connections:
  - name: bench
    a: dav
    b: local
    objects:
      contact: {match: email}
CFG
  timed "$dir/initial.json" "$dir/initial.log" "${TANDEM[@]}" sync --config "$dir/tandem.yaml" --json || die "tandem initial sync failed: $(tail "$dir/initial.log")"
  T_INITIAL=$WALL; TC_INITIAL=$CPU; check "$dir/contacts" "$n" 0 "tandem initial"
  timed "$dir/nochange.json" "$dir/nochange.log" "${TANDEM[@]}" sync --config "$dir/tandem.yaml" --json || die "tandem resync failed: $(tail "$dir/nochange.log")"
  T_NOCHANGE=$WALL; TC_NOCHANGE=$CPU
  edit_on_server "$n"
  timed "$dir/edits.json" "$dir/edits.log" "${TANDEM[@]}" sync --config "$dir/tandem.yaml" --json || die "tandem sync after edits failed: $(tail "$dir/edits.log")"
  T_EDITS=$WALL; TC_EDITS=$CPU; check "$dir/contacts" "$n" "$EDITS" "tandem after edits"
  stop_radicale
}

ratio() { python3 -c "import sys; t, v = map(float, sys.argv[1:]); print(f'{t / v:.2f}' if v > 0 else 'n/a')" "$1" "$2"; }

# The launcher builds the jar when sources changed and trains its class-data archive after that:
# done here, untimed, or the first timed step would include a Maven build.
if [ -z "${SKIP_TANDEM:-}" ]; then
  "${TANDEM[@]}" --version >/dev/null 2>&1 || die "'$TANDEM_CMD --version' failed"
fi

echo "| contacts | step | vdirsyncer (s) | Tandem (s) | Tandem / vdirsyncer | CPU vdirsyncer (s) | CPU Tandem (s) |"
echo "|---:|---|---:|---:|---:|---:|---:|"
for n in "${SIZES[@]}"; do
  generate "$n" "$WORK/seed-$n/storage"
  run_vdirsyncer "$n"
  if [ -n "${SKIP_TANDEM:-}" ]; then
    T_INITIAL=0; T_NOCHANGE=0; T_EDITS=0; TC_INITIAL=0; TC_NOCHANGE=0; TC_EDITS=0
  else
    run_tandem "$n"
  fi
  echo "| $n | initial | $V_INITIAL | $T_INITIAL | $(ratio "$T_INITIAL" "$V_INITIAL") | $VC_INITIAL | $TC_INITIAL |"
  echo "| $n | no-change resync | $V_NOCHANGE | $T_NOCHANGE | $(ratio "$T_NOCHANGE" "$V_NOCHANGE") | $VC_NOCHANGE | $TC_NOCHANGE |"
  echo "| $n | after $EDITS server edits | $V_EDITS | $T_EDITS | $(ratio "$T_EDITS" "$V_EDITS") | $VC_EDITS | $TC_EDITS |"
  # Nothing is deleted until the end (the exit trap): this machine's ext4 has no journal, and
  # there a file created within about 30 s of thousands of deletions can cost the kernel a walk
  # past every recently freed inode — seen in one tool's timed step right after the other's
  # folders were removed (BENCHMARKS.md, address books round 9).
done
