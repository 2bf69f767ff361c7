"""Print the README's quickstart commands, one a line: the command lines of the first ``bash`` block
under the "## Quickstart" heading (comments and blank lines left out).

``.ci/run`` runs exactly these lines, so CI installs the way the README says; ``tests/test_docs.py``
checks what they contain.
"""

from __future__ import annotations

import sys
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


def quickstart_commands(readme: str) -> list[str]:
    """The commands of the first bash block after the ``## Quickstart`` heading."""
    lines = readme.splitlines()
    try:
        start = lines.index("## Quickstart")
    except ValueError:
        return []
    commands: list[str] = []
    inside = False
    for line in lines[start + 1:]:
        if not inside:
            if line.startswith("## "):
                break
            inside = line.strip() == "```bash"
            continue
        if line.strip().startswith("```"):
            break
        if line.strip() and not line.lstrip().startswith("#"):
            commands.append(line.strip())
    return commands


def main() -> int:
    for command in quickstart_commands(README.read_text(encoding="utf-8")):
        sys.stdout.write(command + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
