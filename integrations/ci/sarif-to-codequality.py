#!/usr/bin/env python3
"""Converts coroguard's SARIF to GitLab's Code Quality report (Code Climate
JSON), so findings show in merge requests: coroguard.sarif -> gl-code-quality.json

  sarif-to-codequality.py coroguard.sarif gl-code-quality.json
"""
import json
import sys

SEVERITY = {"error": "critical", "warning": "major", "note": "info", "none": "info"}


def convert(sarif):
    issues = []
    for run in sarif.get("runs", []):
        for r in run.get("results", []):
            loc = (r.get("locations") or [{}])[0].get("physicalLocation", {})
            path = loc.get("artifactLocation", {}).get("uri", "")
            if path.startswith("file://"):
                path = path[len("file://"):]
            line = loc.get("region", {}).get("startLine", 1)
            fp = r.get("partialFingerprints", {}).get("coroguardFinding/v1", "")
            issues.append({
                "type": "issue",
                "check_name": r.get("ruleId", "coroguard"),
                "description": r.get("message", {}).get("text", ""),
                "categories": ["Bug Risk"],
                "severity": SEVERITY.get(r.get("level", "warning"), "major"),
                # One finding per fingerprint and line, stable across runs.
                "fingerprint": "%s:%s" % (fp, line),
                "location": {"path": path, "lines": {"begin": line}},
            })
    return issues


def main(argv):
    if len(argv) != 3:
        sys.stderr.write(__doc__)
        return 2
    with open(argv[1]) as f:
        issues = convert(json.load(f))
    with open(argv[2], "w") as f:
        json.dump(issues, f, indent=1)
    print("sarif-to-codequality: %d findings -> %s" % (len(issues), argv[2]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
