"""OpenAI Agents SDK peer for `make bench-peers`: one agent, one add(a, b) tool, pointed at the mock.

  python openai_agents_peer.py BASE_URL SCENARIO    (SCENARIO: start, run, concurrent)
"""
import asyncio
import sys

from agents import Agent, OpenAIChatCompletionsModel, Runner, function_tool, set_tracing_disabled
from openai import AsyncOpenAI

base_url, scenario = sys.argv[1], sys.argv[2]
set_tracing_disabled(True)


@function_tool
def add(a: float, b: float) -> float:
    """Add two numbers."""
    return a + b


client = AsyncOpenAI(base_url=base_url, api_key="mock-key")
agent = Agent(
    name="main", instructions="Add the numbers with the add tool until told otherwise.", tools=[add],
    model=OpenAIChatCompletionsModel(model="mock", openai_client=client))


async def main():
    if scenario == "run":
        await Runner.run(agent, "go", max_turns=100_000)
    elif scenario == "concurrent":
        await asyncio.gather(*(Runner.run(agent, "go", max_turns=100_000) for _ in range(100)))


asyncio.run(main())
