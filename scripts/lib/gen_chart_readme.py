#!/usr/bin/env python3
"""Rewrites the parameter tables of a chart's README.md from the `## @section` and `## @param`
lines of its values.yaml (between <!-- params:start --> and <!-- params:end -->).
    scripts/lib/gen_chart_readme.py helm/geo-hub
scripts/check-distribution fails when a README table is stale."""
import json
import re
import sys
from pathlib import Path

import yaml


def lookup(values, path):
    node = values
    for part in path.split("."):
        node = node[part]
    return node


def table(values_text):
    values = yaml.safe_load(values_text)
    out, rows = [], []

    def flush():
        if rows:
            out.extend(["| Name | Description | Default |", "|---|---|---|"] + rows + [""])
            rows.clear()

    for line in values_text.splitlines():
        section = re.match(r"^\s*## @section (.+)", line)
        param = re.match(r"^\s*## @param (\S+) (.+)", line)
        if section:
            flush()
            out.append(f"### {section.group(1)}\n")
        elif param:
            name, desc = param.groups()
            default = json.dumps(lookup(values, name), ensure_ascii=False)
            if len(default) > 60:
                default = "see values.yaml"
            default = default.replace("|", "\\|")
            desc = desc.replace("|", "\\|")
            rows.append(f"| `{name}` | {desc} | `{default}` |")
    flush()
    return "\n".join(out).rstrip() + "\n"


def render(chart):
    readme = (chart / "README.md").read_text()
    new = table((chart / "values.yaml").read_text())
    return re.sub(r"(<!-- params:start -->\n).*?(<!-- params:end -->)",
                  lambda m: m.group(1) + "\n" + new + "\n" + m.group(2), readme, flags=re.S)


if __name__ == "__main__":
    chart = Path(sys.argv[1]).resolve()
    text = render(chart)
    if len(sys.argv) > 2 and sys.argv[2] == "--stdout":
        sys.stdout.write(text)
    else:
        (chart / "README.md").write_text(text)
