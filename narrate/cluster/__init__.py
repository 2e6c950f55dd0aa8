"""narrate on a Dask cluster: `narrate build --cluster tcp://host:8786` (or `local:N`).

The client (client.py) is another caller of narrate.api; the workers (worker.py) run the same
pipeline, one task per article, with clips, mastering memo and editions on shared storage
(a shared folder or an `s3://` URL, narrate.storage). Needs `pip install "narrate-audio[cluster]"`.

Also a Dask preload: `dask worker --preload narrate.cluster` loads narrate's default voice
when the worker starts (`dask_setup`), before any task asks for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from narrate.cluster.client import ClusterOptions, connect, editions

if TYPE_CHECKING:
    from distributed import Worker

__all__ = ["ClusterOptions", "connect", "editions", "dask_setup"]


async def dask_setup(worker: Worker) -> None:
    """Dask's preload hook: the voice plugin on this worker as it starts (a client's plugin,
    which names the run's voice, replaces it)."""
    from narrate.cluster.worker import VoicePlugin

    await worker.plugin_add(VoicePlugin())
