"""The asset graph as text, compared with ``tests/snapshots/asset_graph.txt``: any change to an
asset's key, group, kinds or upstream assets, or to a check (its asset, whether it blocks), shows
up as a diff in review. After an intended change, regenerate it with
``PAPERLAKE_UPDATE_SNAPSHOTS=1 pytest tests/test_asset_graph_snapshot.py`` and commit the file.
"""

import os
from pathlib import Path

from assets.definitions import defs

SNAPSHOT = Path(__file__).parent / "snapshots" / "asset_graph.txt"


def asset_graph_text() -> str:
    graph = defs().resolve_asset_graph()
    lines = []
    for key in sorted(graph.get_all_asset_keys(), key=lambda k: k.to_user_string()):
        node = graph.get(key)
        kinds = ",".join(sorted(node.kinds)) or "-"
        deps = ", ".join(sorted(k.to_user_string() for k in node.parent_keys)) or "-"
        lines.append(f"{key.to_user_string()}  [group {node.group_name}; {kinds}] <- {deps}")
        for check_key in sorted(node.check_keys, key=lambda k: k.name):
            blocking = "blocking" if graph.get_check_spec(check_key).blocking else "warn only"
            lines.append(f"    check {check_key.name} ({blocking})")
    return "\n".join(lines) + "\n"


def test_the_asset_graph_matches_its_snapshot():
    text = asset_graph_text()
    if os.environ.get("PAPERLAKE_UPDATE_SNAPSHOTS"):
        SNAPSHOT.parent.mkdir(exist_ok=True)
        SNAPSHOT.write_text(text, encoding="utf-8")
    assert text == SNAPSHOT.read_text(encoding="utf-8"), (
        "the asset graph changed: review the diff, then regenerate with PAPERLAKE_UPDATE_SNAPSHOTS=1"
    )
