#!/usr/bin/env python3
"""validate.py: checks that a document takt printed is what docs/diagnostics.md
("JSON and SARIF") says it is. Reads standard input; the kind is the first
argument: sarif (a SARIF 2.1.0 log: the properties the standard requires,
and those GitHub code scanning reads), diagnostics (takt-diagnostics
version 1, its counts agreeing with its list), or any (a takt JSON
document: a versioned object, each kind checked as its own).
Prints 'valid KIND' or the problems found, one a line; exit 1 if any."""
import json
import re
import sys

problems = []


def need(cond, what):
    if not cond:
        problems.append(what)
    return cond


def is_int(v, lo=None):
    return isinstance(v, int) and not isinstance(v, bool) and (lo is None or v >= lo)


def check_region(r, where):
    if not need(isinstance(r, dict), where + ": region is not an object"):
        return
    for k in ("startLine", "startColumn", "endLine", "endColumn"):
        need(is_int(r.get(k), 1), "%s: region.%s is not an integer >= 1" % (where, k))
    if all(is_int(r.get(k), 1) for k in ("startLine", "startColumn", "endLine", "endColumn")):
        need((r["endLine"], r["endColumn"]) > (r["startLine"], r["startColumn"]),
             where + ": region ends before it starts (endColumn is exclusive)")


def check_location(loc, where):
    if not need(isinstance(loc, dict), where + " is not an object"):
        return
    pl = loc.get("physicalLocation")
    if not need(isinstance(pl, dict), where + ": no physicalLocation"):
        return
    al = pl.get("artifactLocation")
    if need(isinstance(al, dict), where + ": no artifactLocation"):
        uri = al.get("uri")
        if need(isinstance(uri, str) and uri, where + ": artifactLocation.uri is not a string"):
            need(not re.search(r"[\x00-\x20\x7f]", uri), where + ": uri with a space or control character")
            need(re.fullmatch(r"[A-Za-z0-9\-._~/%:]*", uri) is not None, where + ": uri not percent-encoded: " + uri)
            if uri.startswith("file://"):
                need("uriBaseId" not in al, where + ": an absolute uri with a uriBaseId")
            else:
                need(not uri.startswith("/"), where + ": uri neither relative nor a file: URI")
                need(al.get("uriBaseId") == "%SRCROOT%", where + ": a relative uri without uriBaseId %SRCROOT%")
    check_region(pl.get("region"), where)


def check_sarif(d):
    need(d.get("version") == "2.1.0", "version is not \"2.1.0\"")
    need(isinstance(d.get("$schema"), str) and "sarif-2.1.0" in d["$schema"], "$schema does not name SARIF 2.1.0")
    runs = d.get("runs")
    if not need(isinstance(runs, list) and len(runs) == 1, "runs is not a list of one run"):
        return
    run = runs[0]
    tool = run.get("tool")
    if not need(isinstance(tool, dict) and isinstance(tool.get("driver"), dict), "run without tool.driver"):
        return
    drv = tool["driver"]
    need(drv.get("name") == "takt", "tool.driver.name is not takt")
    need(isinstance(drv.get("version"), str) and drv["version"], "tool.driver.version is not a string")
    rules = drv.get("rules")
    if not need(isinstance(rules, list), "tool.driver.rules is not a list"):
        rules = []
    ids = []
    for i, r in enumerate(rules):
        w = "rules[%d]" % i
        if not need(isinstance(r, dict), w + " is not an object"):
            continue
        need(isinstance(r.get("id"), str) and re.fullmatch(r"[EW]\d{4}", r["id"]) is not None, w + ": id is not a code")
        ids.append(r.get("id"))
        need(isinstance(r.get("name"), str) and re.fullmatch(r"[A-Z][A-Za-z0-9]*", r["name"] or "") is not None,
             w + ": name is not an identifier")
        sd = r.get("shortDescription")
        need(isinstance(sd, dict) and isinstance(sd.get("text"), str) and sd["text"], w + ": no shortDescription.text")
        dc = r.get("defaultConfiguration", {})
        need(dc.get("level") == ("warning" if str(r.get("id")).startswith("W") else "error"),
             w + ": defaultConfiguration.level does not follow the code")
    need(len(set(ids)) == len(ids), "a rule given twice")
    need(run.get("columnKind") in (None, "unicodeCodePoints", "utf16CodeUnits"), "columnKind not a SARIF value")
    results = run.get("results")
    if not need(isinstance(results, list), "run.results is not a list"):
        return
    used = set()
    for i, res in enumerate(results):
        w = "results[%d]" % i
        if not need(isinstance(res, dict), w + " is not an object"):
            continue
        rid = res.get("ruleId")
        need(rid in ids, w + ": ruleId %r is not one of the rules" % rid)
        used.add(rid)
        ri = res.get("ruleIndex")
        if "ruleIndex" in res:
            need(is_int(ri, 0) and ri < len(rules) and rules[ri].get("id") == rid, w + ": ruleIndex does not name ruleId")
        need(res.get("level") in ("error", "warning", "note", "none"), w + ": level not a SARIF level")
        msg = res.get("message")
        need(isinstance(msg, dict) and isinstance(msg.get("text"), str) and msg["text"], w + ": no message.text")
        for k, loc in enumerate(res.get("locations", [])):
            check_location(loc, "%s.locations[%d]" % (w, k))
        for k, loc in enumerate(res.get("relatedLocations", [])):
            check_location(loc, "%s.relatedLocations[%d]" % (w, k))
            need(is_int(loc.get("id"), 0), "%s.relatedLocations[%d]: id is not an integer" % (w, k))
            need(isinstance(loc.get("message", {}).get("text"), str), "%s.relatedLocations[%d]: no message.text" % (w, k))
    need(used == set(ids), "rules that no result names: " + ", ".join(sorted(set(ids) - used)))


def check_diagnostics(d):
    need(d.get("format") == "takt-diagnostics", "format is not takt-diagnostics")
    need(d.get("version") == 1, "version is not 1")
    diags = d.get("diagnostics")
    if not need(isinstance(diags, list), "diagnostics is not a list"):
        return
    for k in ("errors", "warnings", "suppressed"):
        need(is_int(d.get(k), 0), k + " is not a count")
    sev = [g.get("severity") for g in diags if isinstance(g, dict)]
    need(len(sev) == len(diags), "a diagnostic that is not an object")
    if not d.get("suppressed"):
        need(d.get("errors") == sev.count("error"), "errors does not count the errors listed")
        need(d.get("warnings") == sev.count("warning"), "warnings does not count the warnings listed")
    for i, g in enumerate(diags):
        w = "diagnostics[%d]" % i
        if not isinstance(g, dict):
            continue
        need(g.get("severity") in ("error", "warning", "note"), w + ": severity")
        need(isinstance(g.get("code"), str) and re.fullmatch(r"[EW]\d{4}", g["code"]) is not None, w + ": code")
        need(isinstance(g.get("message"), str) and g["message"], w + ": message")
        need(isinstance(g.get("file"), str), w + ": file")
        for k in ("line", "column", "end_line", "end_column"):
            need(is_int(g.get(k), 0), w + ": " + k)
        need(isinstance(g.get("hints"), list) and isinstance(g.get("notes"), list), w + ": hints, notes")


def main():
    kind = sys.argv[1] if len(sys.argv) > 1 else "any"
    text = sys.stdin.read()
    try:
        d = json.loads(text)
    except ValueError as e:
        print("not JSON: %s" % e)
        return 1
    if not isinstance(d, dict):
        print("not an object at the top")
        return 1
    if kind == "any":
        kind = "sarif" if "runs" in d else d.get("format", "?")
        need(kind == "sarif" or (isinstance(kind, str) and kind.startswith("takt-")), "no format at the top")
        need(kind == "sarif" or is_int(d.get("version"), 1), "no version at the top")
        if kind == "takt-diagnostics":
            kind = "diagnostics"
        elif kind == "takt-report" and "diagnostics" in d:
            check_diagnostics(d["diagnostics"])
    if kind == "sarif":
        check_sarif(d)
    elif kind == "diagnostics":
        check_diagnostics(d)
    for p in problems:
        print(p)
    if not problems:
        print("valid " + kind)
    return 1 if problems else 0


sys.exit(main())
