"""The environment of a child Python narrate starts (`python -m narrate.engine_worker`,
`python -m narrate.readers.document_worker`): this one, with the folder narrate was imported
from first on PYTHONPATH, so the child finds this narrate even when the caller put it on
sys.path by hand; not a site-packages folder, which every interpreter has and whose place
before the standard library could shadow it."""

from __future__ import annotations

import os
import site
from pathlib import Path

ROOT = str(Path(__file__).resolve().parents[1])  # the folder holding the narrate package


def child_env() -> dict[str, str]:
    """This process's environment, with narrate's folder first on PYTHONPATH (see above)."""
    installed = {str(Path(p).resolve()) for p in [*site.getsitepackages(),
                                                   site.getusersitepackages()]}  # fmt: skip
    if ROOT in installed:
        return dict(os.environ)
    given = os.environ.get("PYTHONPATH")
    return {**os.environ, "PYTHONPATH": os.pathsep.join([ROOT, given] if given else [ROOT])}
