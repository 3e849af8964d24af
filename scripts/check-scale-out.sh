#!/bin/sh
# Checks the syntax of examples/scale_out (make test runs it): the Kubernetes Job parses as YAML
# with the fields docs/scale-out.md relies on, and the Temporal activity compiles. Neither
# Kubernetes nor Temporal is needed. Uses the tests' venv (.build/venv) when there is one.
set -eu
cd "$(dirname "$0")/.."
python=python3
[ -x .build/venv/bin/python ] && python=.build/venv/bin/python
if ! "$python" -c 'import yaml' 2>/dev/null; then
  echo "check-scale-out: $python cannot import yaml; add pyyaml to Tests/Fixtures/python-requirements.txt and run make venv" >&2
  exit 1
fi
"$python" - <<'PY'
import yaml
with open("examples/scale_out/job.yaml") as f:
    job = yaml.safe_load(f)
spec = job["spec"]
assert job["kind"] == "Job", "job.yaml: kind must be Job"
assert spec["template"]["spec"]["restartPolicy"] == "Never", "job.yaml: podFailurePolicy needs restartPolicy Never"
codes = {c for rule in spec["podFailurePolicy"]["rules"] for c in rule.get("onExitCodes", {}).get("values", [])}
assert codes == {1, 2, 3}, f"job.yaml: FailJob should map exit codes 1, 2, 3, found {sorted(codes)}"
args = spec["template"]["spec"]["containers"][0]["args"]
assert "--journal" in args and "--run-id" in args, "job.yaml: the run needs --journal and --run-id to resume on retry"
PY
PYTHONPYCACHEPREFIX=.build/pycache "$python" -m py_compile examples/scale_out/temporal_activity.py
echo "examples/scale_out: ok"
