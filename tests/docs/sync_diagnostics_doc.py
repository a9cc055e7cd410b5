#!/usr/bin/env python3
"""sync_diagnostics_doc.py: refreshes the example outputs in docs/diagnostics.md
from the golden files. Each `## CODE` section's console block that runs
`$ takt check NAME.takt` is rewritten with the diagnostics of that code (and
their notes) from tests/golden/check/NAME.diag. Run after regenerating the
golden files, then review `git diff docs/diagnostics.md` by eye.

    python3 tests/docs/sync_diagnostics_doc.py [REPO_ROOT]
"""
import re
import sys
from pathlib import Path

root = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
doc = root / "docs" / "diagnostics.md"
golden = root / "tests" / "golden" / "check"

HEAD = re.compile(r"^(\S+\.takt:\d+:\d+|takt): (error|warning|note)(\[([EW]\d{4})\])?: ")


def blocks(text):
    """Splits a .diag into diagnostic blocks: a head line and what follows,
    notes included in the block they belong to."""
    out, cur = [], None
    for line in text.splitlines():
        m = HEAD.match(line)
        if m and m.group(2) != "note":
            cur = [m.group(4), [line]]
            out.append(cur)
        elif line.startswith("exit: ") or re.match(r"^takt: \d+ errors?, ", line) or " ok — " in line:
            cur = None
        elif cur is not None:
            cur[1].append(line)
    return out


lines = doc.read_text().splitlines()
code = None
result = []
i = 0
while i < len(lines):
    line = lines[i]
    m = re.match(r"^## ([EW]\d{4}) ", line)
    if m:
        code = m.group(1)
    m = re.match(r"^\$ takt check ((?:[ew]\d{4}-|multi-|ok-)[\w.-]*)\.takt$", line)
    if m and code:
        name = m.group(1)
        result.append(line)
        j = i + 1
        while j < len(lines) and not lines[j].startswith("```"):
            j += 1
        diag = golden / (name + ".diag")
        # keep the diagnostics the section shows (by position), refreshed
        old = [re.match(r"^(\S+:\d+:\d+):", l) for l in lines[i + 1:j]]
        wanted = {o.group(1) for o in old if o}
        ours = [(c, body) for c, body in blocks(diag.read_text()) if c == code]
        picked = [body for c, body in ours if body[0].split(": ")[0] in wanted] or [b for c, b in ours[:1]]
        shown = [l for body in picked for l in body]
        if shown:
            result.extend(shown)
        else:
            result.extend(lines[i + 1:j])
            print(f"warning: {name} has no {code} diagnostic", file=sys.stderr)
        i = j
        continue
    result.append(line)
    i += 1
doc.write_text("\n".join(result) + "\n")
