#!/usr/bin/env python3
"""The CI integration on examples/ (the demo service, configured with its own
CMake for a compile database, as scripts/demo does):
 - the lint command of integrations/github/coroguard.yml (the same as in the
   GitLab job) runs as written: every file of the database in parallel, a
   [k/N] progress line per file, a per-check summary, SARIF written, and a
   failing exit status because the (missing) baseline makes every finding new;
 - the SARIF validates against the structure of the SARIF 2.1.0 schema (the
   parts coroguard writes, as a JSON schema below) and is consistent: rule
   indexes, rule help from docs/checks, locations inside the files, fixes
   that apply;
 - with the SARIF as baseline nothing is new and the run passes; with one
   finding taken out of the baseline exactly that one is new and it fails;
 - the baseline matches from another directory (SARIF paths are relative to
   the project's git root, not to the current directory);
 - the sharded workflow (integrations/github/coroguard-sharded.yml) run for
   each shard of its matrix: the shards split the files without overlap,
   together find what the single run finds, and each SARIF carries its own
   category (automationDetails.id coroguard/shard-K-of-N/);
 - --export-fixes still writes clang-tidy's YAML; the GitLab Code Quality
   converter reads the SARIF."""
import argparse
import copy
import json
import os
import re
import shutil
import subprocess
import sys

try:
    import jsonschema
    import yaml
except ImportError as e:
    sys.exit("FAIL: %s: install python3-jsonschema and python3-yaml (scripts/bootstrap)" % e)

# The SARIF 2.1.0 schema's definitions for what coroguard writes: required
# properties, types and enumerations as the OASIS schema has them.
MESSAGE = {"type": "object", "required": ["text"],
           "properties": {"text": {"type": "string"}, "markdown": {"type": "string"}}}
REGION = {"type": "object", "properties": {
    "startLine": {"type": "integer", "minimum": 1}, "startColumn": {"type": "integer", "minimum": 1},
    "endLine": {"type": "integer", "minimum": 1}, "endColumn": {"type": "integer", "minimum": 1},
    "charOffset": {"type": "integer", "minimum": -1}, "charLength": {"type": "integer", "minimum": 0}}}
ARTIFACT_LOCATION = {"type": "object", "properties": {
    "uri": {"type": "string", "format": "uri-reference"}, "uriBaseId": {"type": "string"}}}
PHYSICAL = {"type": "object", "anyOf": [{"required": ["address"]}, {"required": ["artifactLocation"]}],
            "properties": {"artifactLocation": ARTIFACT_LOCATION, "region": REGION}}
LOCATION = {"type": "object", "properties": {
    "id": {"type": "integer", "minimum": -1}, "physicalLocation": PHYSICAL, "message": MESSAGE}}
DESCRIPTOR = {"type": "object", "required": ["id"], "properties": {
    "id": {"type": "string"}, "name": {"type": "string"},
    "shortDescription": MESSAGE, "fullDescription": MESSAGE, "help": MESSAGE,
    "helpUri": {"type": "string", "format": "uri"},
    "defaultConfiguration": {"type": "object", "properties": {
        "level": {"enum": ["none", "note", "warning", "error"]}}}}}
REPLACEMENT = {"type": "object", "required": ["deletedRegion"], "properties": {
    "deletedRegion": REGION, "insertedContent": {"type": "object", "properties": {"text": {"type": "string"}}}}}
FIX = {"type": "object", "required": ["artifactChanges"], "properties": {
    "description": MESSAGE,
    "artifactChanges": {"type": "array", "minItems": 1, "items": {
        "type": "object", "required": ["artifactLocation", "replacements"], "properties": {
            "artifactLocation": ARTIFACT_LOCATION,
            "replacements": {"type": "array", "minItems": 1, "items": REPLACEMENT}}}}}}
RESULT = {"type": "object", "required": ["message"], "properties": {
    "ruleId": {"type": "string"}, "ruleIndex": {"type": "integer", "minimum": -1},
    "level": {"enum": ["none", "note", "warning", "error"]},
    "message": MESSAGE,
    "locations": {"type": "array", "items": LOCATION},
    "relatedLocations": {"type": "array", "items": LOCATION},
    "fixes": {"type": "array", "items": FIX},
    "partialFingerprints": {"type": "object", "additionalProperties": {"type": "string"}},
    "baselineState": {"enum": ["new", "unchanged", "updated", "absent"]}}}
SARIF_SCHEMA = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "type": "object", "required": ["version", "runs"],
    "properties": {
        "$schema": {"type": "string", "format": "uri"},
        "version": {"enum": ["2.1.0"]},
        "runs": {"type": "array", "items": {
            "type": "object", "required": ["tool"], "properties": {
                "tool": {"type": "object", "required": ["driver"], "properties": {
                    "driver": {"type": "object", "required": ["name"], "properties": {
                        "name": {"type": "string"}, "version": {"type": "string"},
                        "semanticVersion": {"type": "string"},
                        "informationUri": {"type": "string", "format": "uri"},
                        "rules": {"type": "array", "items": DESCRIPTOR}}}}},
                "originalUriBaseIds": {"type": "object", "additionalProperties": ARTIFACT_LOCATION},
                "columnKind": {"enum": ["utf16CodeUnits", "unicodeCodePoints"]},
                "results": {"type": "array", "items": RESULT}}}}}}


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def lint_command(workflow_text, where):
    """The coroguard command line of a workflow, as its shell runs it."""
    doc = yaml.safe_load(workflow_text)
    commands = []

    def walk(node):
        if isinstance(node, dict):
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)
        elif isinstance(node, str) and node.lstrip().startswith('"$COROGUARD"'):
            commands.append(node.strip())
    walk(doc)
    if len(commands) != 1:
        fail("%s: expected one coroguard command, found %r" % (where, commands))
    return commands[0]


def first_paragraph(md):
    para = []
    for line in md.splitlines():
        line = line.strip()
        if line.startswith("#") and not para:
            continue
        if not line:
            if para:
                break
            continue
        para.append(line)
    return re.sub(r"\*\*|`", "", " ".join(para))


def check_sarif(sarif, root, docs_dir, expect_baseline):
    jsonschema.Draft7Validator(SARIF_SCHEMA).validate(sarif)
    run = sarif["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    for page in sorted(os.listdir(docs_dir)):
        rid = "coroguard-" + page[:-3]
        if rid not in ids:
            fail("no rule for documented check " + rid)
        rule = rules[ids.index(rid)]
        want = first_paragraph(open(os.path.join(docs_dir, page)).read())
        if rule.get("fullDescription", {}).get("text") != want:
            fail("rule %s: fullDescription %r is not the page's first paragraph %r"
                 % (rid, rule.get("fullDescription"), want))
        if not rule.get("helpUri", "").endswith("/docs/checks/" + page):
            fail("rule %s: helpUri %r" % (rid, rule.get("helpUri")))
        if not rule.get("help", {}).get("markdown", "").startswith("# " + rid):
            fail("rule %s: help.markdown is not its page" % rid)
    base = run["originalUriBaseIds"]["SRCROOT"]["uri"]
    if base != "file://" + root.rstrip("/") + "/":
        fail("SRCROOT is %s" % base)
    fixes = 0
    for res in run["results"]:
        if rules[res["ruleIndex"]]["id"] != res["ruleId"]:
            fail("ruleIndex of %s points at %s" % (res["ruleId"], rules[res["ruleIndex"]]["id"]))
        loc = res["locations"][0]["physicalLocation"]
        if loc["artifactLocation"].get("uriBaseId") != "SRCROOT":
            fail("location not relative to SRCROOT: %r" % loc)
        path = os.path.join(root, loc["artifactLocation"]["uri"])
        lines = open(path).read().splitlines(keepends=True)
        if not 1 <= loc["region"]["startLine"] <= len(lines):
            fail("line %d outside %s" % (loc["region"]["startLine"], path))
        if expect_baseline is not None and res.get("baselineState") is None:
            fail("no baselineState with --baseline")
        for fix in res.get("fixes", []):
            for change in fix["artifactChanges"]:
                fpath = os.path.join(root, change["artifactLocation"]["uri"])
                text = open(fpath).read().splitlines(keepends=True)
                for rep in sorted(change["replacements"], reverse=True,
                                  key=lambda r: (r["deletedRegion"]["startLine"],
                                                 r["deletedRegion"]["startColumn"])):
                    reg = rep["deletedRegion"]
                    if reg.get("endLine", reg["startLine"]) != reg["startLine"]:
                        continue
                    line = text[reg["startLine"] - 1]
                    a, b = reg["startColumn"] - 1, reg.get("endColumn", reg["startColumn"]) - 1
                    text[reg["startLine"] - 1] = line[:a] + rep["insertedContent"]["text"] + line[b:]
                    print("  fix of %s: %s" % (res["ruleId"], text[reg["startLine"] - 1].strip()))
                    fixes += 1
    return fixes


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--coroguard", required=True)
    ap.add_argument("--source-dir", required=True)
    ap.add_argument("--cxx", required=True)
    ap.add_argument("--workdir", required=True)
    args = ap.parse_args()
    src = os.path.realpath(args.source_dir)
    work = args.workdir
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    exbuild = os.path.join(work, "examples-build")
    subprocess.run(["cmake", "-S", os.path.join(src, "examples"), "-B", exbuild, "-G", "Ninja",
                    "-DCMAKE_CXX_COMPILER=" + args.cxx], check=True,
                   stdout=subprocess.DEVNULL)
    nfiles = len(json.load(open(os.path.join(exbuild, "compile_commands.json"))))

    gh = open(os.path.join(src, "integrations/github/coroguard.yml")).read()
    gl = open(os.path.join(src, "integrations/gitlab/coroguard.gitlab-ci.yml")).read()
    cmd = lint_command(gh, "GitHub workflow")
    if lint_command(gl, "GitLab job") != cmd:
        fail("the GitLab job lints with another command than the GitHub workflow")
    sarif_path = os.path.join(work, "coroguard.sarif")
    env = dict(os.environ, COROGUARD=args.coroguard, BUILD_DIR=exbuild, SARIF=sarif_path,
               BASELINE=os.path.join(work, "no-baseline-yet.sarif"))
    print("$ " + cmd)
    out = subprocess.run(["sh", "-c", cmd], cwd=src, env=env, capture_output=True, text=True,
                         timeout=600)
    print(out.stdout + out.stderr)
    progress = re.findall(r"^\[(\d+)/(\d+)\] (\S+)", out.stdout, re.M)
    if len(progress) != nfiles or any(int(n) != nfiles for _, n, _ in progress):
        fail("expected %d progress lines [k/%d], got %r" % (nfiles, nfiles, progress))
    sarif = json.load(open(sarif_path))
    results = sarif["runs"][0]["results"]
    m = re.search(r"^coroguard: %d files linted in [0-9.]+ s with \d+ jobs?: (\d+) findings?$"
                  % nfiles, out.stdout, re.M)
    if not m or int(m.group(1)) != len(results):
        fail("no summary line matching the %d SARIF results" % len(results))
    for rid in {r["ruleId"] for r in results}:
        n = sum(r["ruleId"] == rid for r in results)
        if not re.search(r"^  %s\s+%d$" % (re.escape(rid), n), out.stdout, re.M):
            fail("the summary has no line '%s %d'" % (rid, n))
    if not results:
        fail("no findings in examples/ (each example marks a misuse)")
    if out.returncode != 1 or "coroguard: %d new findings" % len(results) not in out.stdout:
        fail("without a baseline every finding is new and the run fails (exit %d)" % out.returncode)
    fixes = check_sarif(sarif, src, os.path.join(src, "docs/checks"), None)
    print("SARIF: %d results, %d rules, %d fix replacements applied; schema and consistency OK"
          % (len(results), len(sarif["runs"][0]["tool"]["driver"]["rules"]), fixes))

    # Baselines, on the one file with the most findings.
    counts = {}
    for r in results:
        uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        counts[uri] = counts.get(uri, 0) + 1
    one = max(counts, key=counts.get)
    fixes_yaml = os.path.join(work, "fixes.yaml")
    sarif2 = os.path.join(work, "again.sarif")
    base = [args.coroguard, "-p", exbuild, one, "--sarif=" + sarif2]
    out = subprocess.run(base + ["--baseline", sarif_path, "--export-fixes", fixes_yaml],
                         cwd=src, capture_output=True, text=True)
    print(out.stdout[-600:] + out.stderr[-600:])
    if out.returncode != 0 or "coroguard: 0 new findings" not in out.stdout:
        fail("with the SARIF as baseline, %s has new findings (exit %d)" % (one, out.returncode))
    again = json.load(open(sarif2))
    check_sarif(again, src, os.path.join(src, "docs/checks"), True)
    states = {r["baselineState"] for r in again["runs"][0]["results"]}
    if states != {"unchanged"}:
        fail("baseline states %r" % states)
    fx = yaml.safe_load(open(fixes_yaml))
    if len(fx["Diagnostics"]) != counts[one]:
        fail("--export-fixes has %d diagnostics, expected %d" % (len(fx["Diagnostics"]), counts[one]))

    reduced = copy.deepcopy(sarif)
    rs = reduced["runs"][0]["results"]
    dropped = next(r for r in rs
                   if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == one)
    rs.remove(dropped)
    reduced_path = os.path.join(work, "reduced-baseline.sarif")
    json.dump(reduced, open(reduced_path, "w"))
    out = subprocess.run(base + ["--baseline=" + reduced_path], cwd=src, capture_output=True,
                         text=True)
    if out.returncode != 1 or "coroguard: 1 new finding " not in out.stdout:
        print(out.stdout + out.stderr)
        fail("one finding missing from the baseline should be new and fail the run")
    new = [r for r in json.load(open(sarif2))["runs"][0]["results"] if r["baselineState"] == "new"]
    if len(new) != 1 or new[0]["partialFingerprints"] != dropped["partialFingerprints"]:
        fail("the new finding is not the one taken out of the baseline: %r" % new)
    print("baseline: 0 new with the full baseline, 1 new (%s) with one taken out"
          % dropped["ruleId"])

    # From another directory (the build directory), the same paths: the
    # baseline still matches every finding.
    out = subprocess.run([args.coroguard, "-p", exbuild, os.path.join(src, one),
                          "--sarif=" + sarif2, "--baseline=" + sarif_path],
                         cwd=exbuild, capture_output=True, text=True)
    if out.returncode != 0 or "coroguard: 0 new findings" not in out.stdout:
        print(out.stdout + out.stderr)
        fail("run from the build directory, the baseline no longer matches")
    check_sarif(json.load(open(sarif2)), src, os.path.join(src, "docs/checks"), True)
    print("baseline: 0 new from the build directory too")

    # The sharded workflow, one run per matrix entry.
    sharded = open(os.path.join(src, "integrations/github/coroguard-sharded.yml")).read()
    scmd = lint_command(sharded, "sharded GitHub workflow")
    job = yaml.safe_load(sharded)["jobs"]["coroguard"]
    shards = job["strategy"]["matrix"]["shard"]
    nshards = int(job["env"]["SHARDS"])
    if sorted(shards) != list(range(1, nshards + 1)):
        fail("matrix shards %r do not match SHARDS=%d" % (shards, nshards))
    all_files = {os.path.realpath(e["file"] if os.path.isabs(e["file"])
                                  else os.path.join(e["directory"], e["file"]))
                 for e in json.load(open(os.path.join(exbuild, "compile_commands.json")))}
    seen_files, seen_prints = [], set()
    for k in shards:
        spath = os.path.join(work, "shard-%d.sarif" % k)
        env = dict(os.environ, COROGUARD=args.coroguard, BUILD_DIR=exbuild, SARIF=spath,
                   BASELINE=sarif_path, SHARD=str(k), SHARDS=str(nshards))
        out = subprocess.run(["sh", "-c", scmd], cwd=src, env=env, capture_output=True,
                             text=True, timeout=600)
        files = [os.path.realpath(f) for f in re.findall(r"^\[\d+/\d+\] (\S+)", out.stdout, re.M)]
        print("shard %d/%d: %d files" % (k, nshards, len(files)))
        if out.returncode != 0 or "coroguard: 0 new findings" not in out.stdout:
            print(out.stdout + out.stderr)
            fail("shard %d/%d: findings not in the full run's baseline" % (k, nshards))
        ssarif = json.load(open(spath))
        check_sarif(ssarif, src, os.path.join(src, "docs/checks"), True)
        cat = ssarif["runs"][0].get("automationDetails", {}).get("id")
        if cat != "coroguard/shard-%d-of-%d/" % (k, nshards):
            fail("shard %d/%d: SARIF category %r" % (k, nshards, cat))
        seen_files += files
        seen_prints |= {r["partialFingerprints"]["coroguardFinding/v1"]
                        for r in ssarif["runs"][0]["results"]}
    if sorted(seen_files) != sorted(all_files):
        fail("the shards lint %r, not each file of the database once" % seen_files)
    full_prints = {r["partialFingerprints"]["coroguardFinding/v1"] for r in results}
    if seen_prints != full_prints:
        fail("the shards find %d distinct findings, the single run %d"
             % (len(seen_prints), len(full_prints)))
    print("shards: %d files split over %d shards, %d findings as in the single run"
          % (len(seen_files), nshards, len(seen_prints)))

    cq = os.path.join(work, "gl-code-quality.json")
    subprocess.run([sys.executable, os.path.join(src, "integrations/ci/sarif-to-codequality.py"),
                    sarif_path, cq], check=True)
    issues = json.load(open(cq))
    if len(issues) != len(results) or not all(i["location"]["path"] and i["check_name"]
                                              for i in issues):
        fail("Code Quality report: %r" % issues[:2])
    print("PASS")


if __name__ == "__main__":
    main()
