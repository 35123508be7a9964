# Sourced by CI scripts: `launch_steward PORT` runs `pnpm start` on a fresh embedded store in the
# background (server_pid, data_dir, log); `wait_for_steward` waits until it listens and sets url
# and STEWARD_KEY (the key the first start prints); `start_steward PORT` does both;
# `stop_steward` stops it (SIGTERM to its process group) and removes the store.
launch_steward() {
  data_dir="$(mktemp -d)"
  log="$(mktemp)"
  env -u DATABASE_URL STEWARD_DATA_DIR="$data_dir" PORT="$1" setsid pnpm start >"$log" 2>&1 &
  server_pid=$!
}

start_steward() {
  launch_steward "$1"
  wait_for_steward
}

wait_for_steward() {
  for _ in $(seq 1 240); do
    grep -q "Steward is listening on" "$log" && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$log"; echo "pnpm start exited"; return 1; }
    sleep 0.5
  done
  grep -q "Steward is listening on" "$log" || { cat "$log"; echo "pnpm start printed no URL"; return 1; }
  url="$(grep -o 'http://[^ ]*' "$log" | head -1)"
  STEWARD_KEY="$(grep -o 'stw_[A-Za-z0-9_-]*' "$log" | head -1)"
  [ -n "$STEWARD_KEY" ] || { cat "$log"; echo "no key printed on first start"; return 1; }
}

stop_steward() {
  if [ -n "${server_pid:-}" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM -- "-$server_pid"
    wait "$server_pid" || true
  fi
  server_pid=""
  rm -rf "${data_dir:-}" "${log:-}"
}
