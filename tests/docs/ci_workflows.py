#!/usr/bin/env python3
"""ci_workflows.py: the GitHub Actions workflow and the GitLab CI job of
docs/ci.md, run as written through a pull request's life in a local git
repository holding a copy of examples/bicycle.

The workflow and the job are taken from the page (the first ```yaml block
after "## GitHub Actions" and after "## GitLab CI") and their steps run in
order, as the runners would: each `run:` (GitHub: bash -eo pipefail) and
each `script:` item (GitLab: the job stops at the first that fails), with
the page's `env:` and `variables:`, `${{ ... }}` expressions and `if:`
conditions evaluated. What only a hosted runner does is stood in for:
actions/checkout (the repository is checked out), actions/cache (a hit: the
pinned takt is on the PATH, so the step that builds it must be skipped),
the installation of run-time libraries (apt-get: installed here), and the
comment of actions/github-script, whose script runs under node against a
stand-in of GitHub's API that records the comments it makes.

The pull request's life, on each system:
  1. a pull request that adds an order and commits its plan: the gate
     passes, the effect on the plan leads with the new order, and it is the
     comment (GitHub) and in the job summary, or the artifact (GitLab);
  2. one that adds an order without its plan: the job fails, with E0652 as
     an annotation naming the order (GitHub), the change log and plan.new
     among the artifacts; the comment says the plan is not current; a
     second run updates that comment instead of adding one;
  3. a typo: the job fails with an annotation on its line (GitHub);
  4. a push (GitHub) and a branch pipeline (GitLab): the gate alone.
An expression, condition, action or step this test does not know fails it,
so the page and the test keep in step.

    ci_workflows.py TAKT REPO_ROOT
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

try:
    import yaml
except ImportError:
    print("SKIP: PyYAML is not available")
    sys.exit(77)

takt, root = os.path.abspath(sys.argv[1]), sys.argv[2]
if not shutil.which("git") or not shutil.which("node"):
    print("SKIP: git or node is not available")
    sys.exit(77)

failures = []


def fail(msg, detail=""):
    failures.append(msg)
    print("FAIL: " + msg)
    if detail:
        print("\n".join("    " + l for l in detail.splitlines()[:40]))


def yaml_block(heading):
    lines = open(os.path.join(root, "docs", "ci.md"), encoding="utf-8").read().split("\n")
    on, grab, out = False, False, []
    for l in lines:
        if l == heading:
            on = True
        elif on and not grab and l == "```yaml":
            grab = True
        elif grab and l == "```":
            return yaml.safe_load("\n".join(out))
        elif grab:
            out.append(l)
    raise SystemExit("FAIL: no yaml block after " + heading)


def block(heading, lang="sh"):
    lines = open(os.path.join(root, "docs", "ci.md"), encoding="utf-8").read().split("\n")
    on, grab, out = False, False, []
    for l in lines:
        if l == heading:
            on = True
        elif on and not grab and l == "```" + lang:
            grab = True
        elif grab and l == "```":
            return "\n".join(out) + "\n"
        elif grab:
            out.append(l)
    raise SystemExit("FAIL: no " + lang + " block after " + heading)


github = yaml_block("## GitHub Actions")
gitlab = yaml_block("## GitLab CI")
gate_script = block("## A plain shell script")

work = tempfile.mkdtemp(prefix="takt-workflows-")
bindir = os.path.join(work, "bin")
os.makedirs(bindir)
os.symlink(takt, os.path.join(bindir, "takt"))
home = os.path.join(work, "home")
os.makedirs(home)
base_env = dict(os.environ)
for k in ("TAKT_FORMAT", "TAKT_PATH", "NO_COLOR", "GITHUB_STEP_SUMMARY", "TAKT_ALLOW_READ"):
    base_env.pop(k, None)
base_env.update({
    "PATH": bindir + os.pathsep + os.environ.get("PATH", ""), "HOME": home, "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "ci", "GIT_AUTHOR_EMAIL": "ci@example.com",
    "GIT_COMMITTER_NAME": "ci", "GIT_COMMITTER_EMAIL": "ci@example.com",
})


def sh(cmd, cwd, env=None, check=True):
    r = subprocess.run(cmd, cwd=cwd, env=env or base_env, shell=isinstance(cmd, str), capture_output=True, text=True)
    if check and r.returncode != 0:
        raise SystemExit("FAIL: %s: %s%s" % (cmd, r.stdout, r.stderr))
    return r


# ---- the repository: the base plan on main, and the pull requests' branches --------------
repo = os.path.join(work, "repo")
for d in ("model", "plans", "ci"):
    os.makedirs(os.path.join(repo, d))
for f in sorted(os.listdir(os.path.join(root, "examples", "bicycle"))):
    if f.endswith(".takt"):
        shutil.copy(os.path.join(root, "examples", "bicycle", f), os.path.join(repo, "model", f))
open(os.path.join(repo, "ci", "takt-gate.sh"), "w").write(gate_script)
open(os.path.join(repo, ".gitattributes"), "w").write("*.takt text eol=lf\n*.plan text eol=lf linguist-generated=true -diff\n")
open(os.path.join(repo, ".gitignore"), "w").write("plan.new\nplan-changes.md\nplan-effect.md\nbase.plan\n")
ITERS = "300"
sh("git init -q -b main . 2>/dev/null || { git init -q . && git checkout -q -b main; }", repo)
sh(["takt", "plan", "-q", "--no-report", "--iterations", ITERS, "model/main.takt", "-o", "plans/current.plan"], repo)
sh("git add -A && git commit -qm base", repo)
sh(["git", "remote", "add", "origin", repo], repo)


def add_order(name, qty, due):
    with open(os.path.join(repo, "model", "orders.takt"), "a") as f:
        f.write('\norder "%s" {\n  city_red %s\n  due      %s\n}\n' % (name, qty, due))


sh("git checkout -q -b pr-add main", repo)
add_order("SO-2001", 6, "2026-12-18")
sh(["takt", "plan", "-q", "--no-report", "--iterations", ITERS, "model/main.takt", "-o", "plans/current.plan"], repo)
sh("git commit -qam SO-2001", repo)
sh("git checkout -q -b pr-stale main", repo)
add_order("SO-2002", 4, "2026-12-20")
sh("git commit -qam 'SO-2002 without its plan'", repo)
sh("git checkout -q -b pr-typo main", repo)
orders = open(os.path.join(repo, "model", "orders.takt")).read()
typo = re.sub(r"city_red( +)40", r"city_rde\g<1>40", orders, count=1)
assert typo != orders
open(os.path.join(repo, "model", "orders.takt"), "w").write(typo)
typo_line = next(i + 1 for i, l in enumerate(typo.split("\n")) if "city_rde" in l)
sh("git commit -qam 'a typo'", repo)
sh("git checkout -q main && git fetch -q origin", repo)


def checkout(branch):
    """A fresh checkout of branch, as a runner's: the gate's outputs of an earlier run gone."""
    sh(["git", "checkout", "-q", "-f", branch], repo)
    sh(["git", "clean", "-qfdx"], repo)


# ---- GitHub Actions --------------------------------------------------------------------------
def gh_expr(text, ctx):
    """${{ ... }} in a string, from ctx."""
    def one(m):
        e = m.group(1).strip()
        if e not in ctx:
            raise SystemExit("FAIL: the test does not know the expression ${{ %s }}" % e)
        return ctx[e]
    return re.sub(r"\$\{\{(.*?)\}\}", one, text)


def gh_if(cond, ctx, failed):
    """An if: condition: always(), ==, !=, && and the values of ctx."""
    if cond is None:
        return not failed
    e = cond.strip()
    if e.startswith("${{") and e.endswith("}}"):
        e = e[3:-2].strip()
    py = e.replace("&&", " and ").replace("||", " or ")
    py = py.replace("always()", "True").replace("success()", str(not failed)).replace("failure()", str(failed))
    for k in sorted(ctx, key=len, reverse=True):
        py = py.replace(k, repr(ctx[k]))
    bare = re.sub(r"'[^']*'", "''", py)
    if not re.fullmatch(r"[\s'()=!]*((True|False|and|or|not)[\s'()=!]*)*", bare):
        raise SystemExit("FAIL: the test does not know the condition " + cond)
    return bool(eval(py, {"__builtins__": {}}))


def github_run(branch, event, comments):
    """Runs the workflow's job on branch: returns the job's outcome, each step's
    output, the comments API's calls, the job summary and the artifacts."""
    checkout(branch)
    job = github["jobs"]["gate"]
    summary = os.path.join(work, "step-summary.md")
    open(summary, "w").close()
    ctx = {"github.event_name": event, "github.base_ref": "main" if event == "pull_request" else "",
           "steps.cache.outputs.cache-hit": "true"}
    for k, v in job.get("env", {}).items():
        ctx["env." + k] = str(v)
    env = dict(base_env)
    env.update({k: str(v) for k, v in job.get("env", {}).items()})
    env.update({"GITHUB_STEP_SUMMARY": summary, "GITHUB_EVENT_NAME": event, "CI": "true"})
    failed, out, calls, artifacts, built = False, {}, None, [], False
    for step in job["steps"]:
        name = step.get("name") or step.get("uses")
        if not gh_if(step.get("if"), ctx, failed):
            continue
        uses = step.get("uses", "")
        if uses.startswith("actions/checkout@") or uses.startswith("actions/cache@"):
            continue
        if uses.startswith("actions/upload-artifact@"):
            artifacts = [p.strip() for p in step["with"]["path"].split("\n") if p.strip()]
            continue
        if uses.startswith("actions/github-script@"):
            calls, ok = github_script(step["with"]["script"], comments)
            if not ok and not step.get("continue-on-error"):
                failed = True
            continue
        if uses:
            raise SystemExit("FAIL: the test does not know the action " + uses)
        run = step["run"]
        if "cmake" in run and "git clone" in run:
            built = True  # the build of the pinned takt: must not run on a cache hit
            continue
        if re.fullmatch(r"\s*apt-get update && apt-get install -y [\w .+-]+\s*", run):
            continue  # the run-time libraries: installed here
        senv = dict(env)
        senv.update({k: gh_expr(str(v), ctx) for k, v in step.get("env", {}).items()})
        r = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", gh_expr(run, ctx)], cwd=repo,
                           env=senv, capture_output=True, text=True)
        out[name] = (r.returncode, r.stdout + r.stderr)
        if r.returncode != 0 and not step.get("continue-on-error"):
            failed = True
    return {"failed": failed, "out": out, "calls": calls, "summary": open(summary).read(),
            "artifacts": artifacts, "built": built}


NODE_WRAPPER = r"""
const calls = [];
const existing = JSON.parse(process.env.TAKT_TEST_COMMENTS);
const github = {
  paginate: async (fn, args) => { calls.push(['list', args]); return existing; },
  rest: { issues: {
    listComments: async () => existing,
    createComment: async (a) => { calls.push(['create', a]); },
    updateComment: async (a) => { calls.push(['update', a]); },
  } },
};
const context = { repo: { owner: 'plant', repo: 'models' }, issue: { number: 7 } };
(async () => {
%s
})().then(() => { console.log(JSON.stringify(calls)); }, (e) => { console.error(e); process.exit(1); });
"""


def github_script(script, comments):
    env = dict(base_env)
    env["TAKT_TEST_COMMENTS"] = json.dumps(comments)
    r = subprocess.run(["node", "-e", NODE_WRAPPER % script], cwd=repo, env=env, capture_output=True, text=True)
    if r.returncode != 0:
        fail("the comment script fails", r.stderr)
        return [], False
    return json.loads(r.stdout.strip().split("\n")[-1]), True


def gate_out(res):
    return "\n".join(o for rc, o in [res["out"].get("Gate", (None, ""))])


marker = "<!-- takt plan effect -->"

# 1. a pull request with its plan
res = github_run("pr-add", "pull_request", [])
if res["failed"]:
    fail("GitHub: the job fails on a pull request with its plan", json.dumps(res["out"], indent=1))
if res["built"]:
    fail("GitHub: takt is built although the cache holds it")
if "Gate" not in res["out"] or "Build the pinned takt (once per release)" in res["out"]:
    fail("GitHub: the gate did not run, or the build did")
creates = [c for c in res["calls"] if c[0] == "create"]
if len(creates) != 1:
    fail("GitHub: not one comment created", json.dumps(res["calls"]))
else:
    body = creates[0][1]["body"]
    if not body.startswith(marker + "\n## Plan changes: base.plan → plans/current.plan"):
        fail("GitHub: the comment is not the effect on the plan", body)
    first = next((l for l in body.split("\n") if l.startswith("###") or l.startswith("|")), "")
    if first != "### Input changes (1 order)" or "- new order **SO-2001**: 6 city_red, due 2026-12-19 00:00" not in body:
        fail("GitHub: the comment does not lead with the new order", body)
    if "not current" in body:
        fail("GitHub: the comment says a current plan is not", body)
if "new order **SO-2001**" not in res["summary"]:
    fail("GitHub: the job summary misses the effect", res["summary"])
for p in ("plan-effect.md", "plan-changes.md"):
    if p not in res["artifacts"] or not os.path.exists(os.path.join(repo, p)):
        fail("GitHub: artifact %s missing" % p)

# 2. a pull request without its plan; then the same run again: the comment updated
res = github_run("pr-stale", "pull_request", [])
g = gate_out(res)
if not res["failed"]:
    fail("GitHub: the job passes a stale plan")
if not re.search(r"^::error file=plans/current\.plan,line=\d+,.*title=E0652::the plan is not current: order 'SO-2002' "
                 r"is in the model but not in the plan", g, re.M):
    fail("GitHub: no E0652 annotation naming the order", g)
creates = [c for c in res["calls"] if c[0] == "create"]
if len(creates) != 1 or "**The committed plan is not current.**" not in creates[0][1]["body"] \
        or "- new order **SO-2002**" not in creates[0][1]["body"]:
    fail("GitHub: the comment does not say the plan is stale, with the change", json.dumps(res["calls"])[:2000])
if not os.path.exists(os.path.join(repo, "plan.new")) or "plan.new" not in res["artifacts"]:
    fail("GitHub: plan.new is not among the artifacts")
old = [{"id": 41, "body": "an unrelated comment"}, {"id": 42, "body": marker + "\nan earlier run"}]
res = github_run("pr-stale", "pull_request", old)
ups = [c for c in res["calls"] if c[0] == "update"]
if [c for c in res["calls"] if c[0] == "create"] or len(ups) != 1 or ups[0][1]["comment_id"] != 42:
    fail("GitHub: a second run does not update its comment", json.dumps(res["calls"])[:2000])

# 3. a typo: an annotation on its line
res = github_run("pr-typo", "pull_request", [])
g = gate_out(res)
if not res["failed"] or not re.search(r"^::error file=model/orders\.takt,line=%d,.*title=E0204::" % typo_line, g, re.M):
    fail("GitHub: a typo is not annotated on its line", g)

# 4. a push: the gate alone, no comment
res = github_run("main", "push", [])
if res["failed"] or res["calls"] is not None or "The pull request's effect on the plan" in res["out"]:
    fail("GitHub: a push runs more than the gate, or fails", json.dumps(res["out"], indent=1)[:2000])


# ---- GitLab CI --------------------------------------------------------------------------------
def gitlab_run(branch, target):
    """Runs the job's script on branch, as a merge request pipeline into
    target (or a branch pipeline): the job's outcome and output."""
    checkout(branch)
    job = gitlab["takt"]
    env = dict(base_env)
    env.update({k: str(v) for k, v in job.get("variables", {}).items()})
    env["CI"] = "true"
    if target:
        env["CI_MERGE_REQUEST_TARGET_BRANCH_NAME"] = target
    # the cache holds the pinned takt: .takt-bin/takt, so the job builds nothing
    os.makedirs(os.path.join(repo, ".takt-bin"), exist_ok=True)
    os.symlink(takt, os.path.join(repo, ".takt-bin", "takt"))
    log, failed = "", False
    for item in job["script"]:
        if re.fullmatch(r"\s*apt-get update && apt-get install -y [\w .+-]+\s*", item):
            continue  # the run-time libraries: installed here
        r = subprocess.run(["bash", "--noprofile", "--norc", "-e", "-c", item], cwd=repo, env=env, capture_output=True,
                           text=True)
        log += r.stdout + r.stderr
        if r.returncode != 0:
            failed = True
            break
    if "git clone" in log or "cmake" in log:
        fail("GitLab: the job builds takt although the cache holds it", log)
    missing = [p for p in job["artifacts"]["paths"] if not os.path.exists(os.path.join(repo, p))]
    return failed, log, missing


failed, log, missing = gitlab_run("pr-add", "main")
if failed:
    fail("GitLab: the job fails on a merge request with its plan", log)
effect = open(os.path.join(repo, "plan-effect.md")).read() if os.path.exists(os.path.join(repo, "plan-effect.md")) else ""
if "### Input changes (1 order)" not in effect or "- new order **SO-2001**" not in effect:
    fail("GitLab: the artifact plan-effect.md does not lead with the new order", effect)
if "plan-changes.md" in missing:
    fail("GitLab: no change log among the artifacts")
failed, log, missing = gitlab_run("pr-stale", "main")
if not failed or "E0652" not in log or "'SO-2002'" not in log:
    fail("GitLab: the job passes a stale plan, or does not say why", log)
if "plan.new" in missing or "plan-changes.md" in missing:
    fail("GitLab: plan.new or the change log missing from the artifacts", " ".join(missing))
failed, log, missing = gitlab_run("main", None)
if failed or os.path.exists(os.path.join(repo, "plan-effect.md")):
    fail("GitLab: a branch pipeline fails, or compares with a target", log)

shutil.rmtree(work, ignore_errors=True)
if failures:
    sys.exit(1)
print("ci workflows: the GitHub workflow and the GitLab job of docs/ci.md pass every case")
