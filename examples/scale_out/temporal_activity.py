"""One llmdo run as a Temporal activity, and a workflow that waits for approvals as signals.

docs/scale-out.md explains it. The run id is `{workflowId}-{activityId}`, stable across the
activity's retries, and the journal folder is shared storage, so a retried attempt resumes the
run: completed model requests are not sent again and completed tool calls do not run again.
llmdo's progress lines (-v, on stderr) become heartbeats. Exit code 3 (approval pending) is not a
failure: the workflow waits for a `decide` signal per pending call, then runs the activity again
with the decisions, which continues the run from exactly there.
"""

import asyncio
import json
from dataclasses import dataclass, field
from datetime import timedelta

from temporalio import activity, workflow
from temporalio.common import RetryPolicy
from temporalio.exceptions import ApplicationError

EXIT_OK = 0
EXIT_APPROVAL_PENDING = 3
# 1 run failure, 2 usage or project error: retrying the same run does not help.
NOT_RETRYABLE = {1, 2}


@dataclass
class LlmdoRun:
    project: str
    input: dict
    journal_dir: str
    # ["--approve", "c1.2", "--deny", "c1.3=too expensive"], from the workflow's signals.
    decisions: list = field(default_factory=list)


@activity.defn
async def run_llmdo(run: LlmdoRun) -> dict:
    info = activity.info()
    run_id = f"{info.workflow_id}-{info.activity_id}"
    process = await asyncio.create_subprocess_exec(
        "llmdo", run.project, "--json", "-v",
        "--run-id", run_id, "--journal", run.journal_dir,
        "--approvals", "deferred", "--input-json", json.dumps(run.input),
        *run.decisions,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )

    async def heartbeat_from_progress() -> None:
        assert process.stderr is not None
        async for line in process.stderr:
            activity.heartbeat(line.decode(errors="replace").rstrip())

    heartbeats = asyncio.create_task(heartbeat_from_progress())
    try:
        stdout, _ = await process.communicate()
    except asyncio.CancelledError:
        process.terminate()  # SIGTERM: llmdo flushes its journal and exits 143
        await process.wait()
        raise
    finally:
        await heartbeats
    result = json.loads(stdout or b"{}")
    if process.returncode in (EXIT_OK, EXIT_APPROVAL_PENDING):
        return result
    raise ApplicationError(
        f"llmdo exited {process.returncode}: {result.get('error', '')}",
        type=f"llmdo_exit_{process.returncode}",
        non_retryable=process.returncode in NOT_RETRYABLE,
    )


@workflow.defn
class LlmdoWorkflow:
    def __init__(self) -> None:
        self.decisions: dict = {}

    @workflow.signal
    def decide(self, call_id: str, approve: bool, reason: str = "") -> None:
        self.decisions[call_id] = (approve, reason)

    def decision_flags(self) -> list:
        flags = []
        for call_id, (approve, reason) in sorted(self.decisions.items()):
            if approve:
                flags += ["--approve", call_id]
            else:
                flags += ["--deny", f"{call_id}={reason}" if reason else call_id]
        return flags

    @workflow.run
    async def run(self, project: str, input: dict, journal_dir: str) -> dict:
        while True:
            result = await workflow.execute_activity(
                run_llmdo,
                LlmdoRun(project, input, journal_dir, self.decision_flags()),
                start_to_close_timeout=timedelta(hours=2),
                heartbeat_timeout=timedelta(minutes=5),
                retry_policy=RetryPolicy(maximum_attempts=10, backoff_coefficient=2.0),
            )
            if result.get("status") != "approval_pending":
                return result
            waiting = {request["call_id"] for request in result.get("pending", [])}
            await workflow.wait_condition(lambda: waiting <= self.decisions.keys())
