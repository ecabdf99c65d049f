# Shared by the bench scripts: measure a yocto command (the caller defines y(), which runs yocto with
# its flags and --json) and print the Markdown table of provision, no-change provision, status and
# teardown, repeated $runs times.
measure() {
  local start end out code=0
  start=$(date +%s.%N)
  out=$(y "$@") || code=$?
  end=$(date +%s.%N)
  python3 -c 'import json,sys; s=json.loads(sys.argv[1])["summary"]; print("%.2f s | %.2f s | %d | %d | %d | %s" % (s["seconds"], float(sys.argv[3]) - float(sys.argv[2]), s["awsCalls"], s["mutatingCalls"], s.get("retries", 0), sys.argv[4]))' "$out" "$start" "$end" "$code"
}
table() {
  echo "| run | step | wall (summary) | wall (process) | AWS calls | mutating | SDK retries | exit |"
  echo "|---|---|---|---|---|---|---|---|"
  for i in $(seq 1 "$runs"); do
    echo "| $i | provision (from nothing) | $(measure provision) |"
    echo "| $i | provision (no change) | $(measure provision) |"
    echo "| $i | status | $(measure status) |"
    echo "| $i | teardown --delete-data --skip-final-snapshot | $(measure teardown --yes --delete-data --skip-final-snapshot) |"
  done
}
