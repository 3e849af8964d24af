"""PydanticAI peer for `make bench-peers`: one agent, one add(a, b) tool, pointed at the mock.

  python pydantic_ai_peer.py BASE_URL SCENARIO    (SCENARIO: start, run, concurrent)
"""
import asyncio
import sys

from pydantic_ai import Agent
from pydantic_ai.models.openai import OpenAIChatModel
from pydantic_ai.providers.openai import OpenAIProvider
from pydantic_ai.usage import UsageLimits

base_url, scenario = sys.argv[1], sys.argv[2]
model = OpenAIChatModel("mock", provider=OpenAIProvider(base_url=base_url, api_key="mock-key"))
agent = Agent(model, instructions="Add the numbers with the add tool until told otherwise.")


@agent.tool_plain
def add(a: float, b: float) -> float:
    """Add two numbers."""
    return a + b


limits = UsageLimits(request_limit=100_000, tool_calls_limit=100_000)


async def main():
    if scenario == "run":
        await agent.run("go", usage_limits=limits)
    elif scenario == "concurrent":
        await asyncio.gather(*(agent.run("go", usage_limits=limits) for _ in range(100)))


asyncio.run(main())
