#!/usr/bin/env python3
"""Regenerates the schema files of this folder from the upstream files named in README.md (python3 with PyYAML).

    update.py kubernetes SWAGGER_JSON            -> kubernetes.json (the API's definitions)
    update.py crd CRD_YAML [CRD_YAML ...]        -> crds/<group>_<plural>.json (each CRD's served versions)

Only what validation reads is kept: descriptions and examples are dropped (they are most of the bytes), nothing else is
changed. tests/Platform.Deploy.Tests turns these into strict JSON Schemas and validates every rendered object.
"""
import json
import os
import sys

import yaml

DROP = {"description", "example", "externalDocs"}


def strip(node, parent_key=None):
    if isinstance(node, dict):
        # A property that is itself named "description" (or "example") must stay: only drop annotation keywords.
        in_properties = parent_key == "properties"
        return {k: strip(v, k) for k, v in node.items() if in_properties or k not in DROP}
    if isinstance(node, list):
        return [strip(v) for v in node]
    return node


def write(path, data):
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f, indent=1, sort_keys=True)
        f.write("\n")


def kubernetes(swagger):
    with open(swagger, encoding="utf-8") as f:
        spec = json.load(f)
    write("kubernetes.json", {"definitions": strip(spec["definitions"])})


def crd(paths):
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for doc in yaml.safe_load_all(f):
                if not doc or doc.get("kind") != "CustomResourceDefinition":
                    continue
                spec = doc["spec"]
                versions = {
                    v["name"]: strip(v["schema"]["openAPIV3Schema"])
                    for v in spec["versions"]
                    if v.get("served", True)
                }
                write(
                    f"crds/{spec['group']}_{spec['names']['plural']}.json",
                    {"group": spec["group"], "kind": spec["names"]["kind"], "versions": versions},
                )


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "kubernetes":
        kubernetes(sys.argv[2])
    elif len(sys.argv) >= 3 and sys.argv[1] == "crd":
        crd(sys.argv[2:])
    else:
        sys.exit(__doc__)
