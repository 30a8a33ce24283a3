#!/usr/bin/env python3
"""Prints the module graph of a source folder (which top-level module names which) and its
cycles; with --check, exits 1 when there is a cycle.

    python3 scripts/module-graph.py [--check] FOLDER PREFIX [FOLDER PREFIX ...]

PREFIX is how code in FOLDER names its sibling modules: `crate` for a crate's src/, `crate::emit`
for codegen/src/emit. `super::` paths in the folder's own files count too. Unit tests are left
out (they may use anything)."""

import collections
import os
import re
import sys


def modules(root):
    names = set()
    for entry in os.listdir(root):
        path = os.path.join(root, entry)
        if entry.endswith(".rs") and entry not in ("lib.rs", "main.rs", "mod.rs"):
            names.add(entry[:-3])
        elif os.path.isdir(path):
            names.add(entry)
    return names


def top(root, path):
    first = os.path.relpath(path, root).split(os.sep)[0]
    return first[:-3] if first.endswith(".rs") else first


def references(text, prefix):
    found = set(re.findall(r"\b" + re.escape(prefix) + r"::([a-z_0-9]+)", text))
    for group in re.findall(r"\b" + re.escape(prefix) + r"::\{([^}]*)\}", text):
        found |= {item.strip().split("::")[0] for item in group.split(",")}
    return found


def graph(root, prefix):
    names = modules(root)
    edges = collections.defaultdict(set)
    for folder, _, files in os.walk(root):
        for name in files:
            if not name.endswith(".rs"):
                continue
            path = os.path.join(folder, name)
            module = top(root, path)
            if module in ("lib", "main", "mod"):
                continue
            with open(path, encoding="utf-8") as handle:
                text = re.split(r"#\[cfg\(test\)\]\s*mod tests", handle.read())[0]
            found = references(text, prefix)
            if folder == root:
                found |= references(text, "super")
            edges[module] |= {other for other in found if other != module and other in names}
    return names, edges


def cycles(names, edges):
    index, low, stack, on_stack, found, counter = {}, {}, [], set(), [], [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for other in sorted(edges[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                other = stack.pop()
                on_stack.discard(other)
                component.append(other)
                if other == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(names):
        if node not in index:
            visit(node)
    return found


def main(arguments):
    check = "--check" in arguments
    arguments = [a for a in arguments if a != "--check"]
    if not arguments or len(arguments) % 2:
        sys.exit(__doc__)
    failed = False
    for root, prefix in zip(arguments[::2], arguments[1::2]):
        names, edges = graph(root, prefix)
        print(f"{root}:")
        for name in sorted(names):
            print(f"  {name} -> {', '.join(sorted(edges[name])) or '(none)'}")
        found = cycles(names, edges)
        print(f"  cycles: {found or 'none'}")
        failed |= bool(found)
    if check and failed:
        sys.exit(1)


if __name__ == "__main__":
    main(sys.argv[1:])
