"""The asyncio host: an evaluation driven on an event loop, its IO requests answered with awaitables.

The scheduler runs an evaluation until it yields a request that suspends
(`Request.suspends`: file reads, fetches); it then hands back the request
with its explicit stack (`Suspended`) and this module awaits
`request.perform_async(evaluator)` (a download through httpx's asyncio client,
other IO in a worker thread) while other evaluations run on the same thread,
and resumes it with the reply. `Evaluator.evaluate_async` is the face of it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .vm.errors import NixError
from .vm.scheduler import Suspended

if TYPE_CHECKING:
    from .evaluator import Evaluator


async def drive(evaluator: Evaluator, gen: Any) -> Any:
    """Run the generator `gen` on `evaluator`'s scheduler, awaiting the IO it asks for; its result."""
    scheduler = evaluator.scheduler
    step = scheduler.start(gen)
    while step.__class__ is Suspended:
        try:
            reply = await step.request.perform_async(evaluator)
        except NixError as err:
            step = scheduler.resume(step, None, err)
        else:
            step = scheduler.resume(step, reply)
    return step
