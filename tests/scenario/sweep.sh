#!/bin/sh
# sweep.sh: a sweep of a dozen scenarios of the press shop (docs/scenarios.md)
#
#  - takt sweep runs them itself, two at a time;
#  - the job list takt sweep --emit parallel writes, run by GNU parallel,
#    gives the same files, byte for byte;
#  - every plan verifies against the scenario it names;
#  - takt compare reads the folder (text, JSON that parses, a page);
#  - the Slurm script passes bash -n and the Kubernetes manifest is YAML
#    describing an Indexed Job of one completion per scenario.
#
#   sweep.sh TAKT SOURCE_DIR
set -u
takt=$1
src=$2
work=$(mktemp -d "${TMPDIR:-/tmp}/takt-sweep-XXXXXX")
fail() { echo "FAIL: $*"; echo "(kept in $work)"; exit 1; }
cp "$src/tests/golden/scenario/press-shop.takt" "$work/" || fail "no model"
cd "$work" || exit 2
grid="--vary demand=1..1.3/0.1 --vary base,saturday,second_laser --iterations 50 --seed 7"

# the grid: 4 demand levels x 3 = 12 jobs, numbered in order
# shellcheck disable=SC2086
"$takt" sweep press-shop.takt $grid -o own --list > jobs.txt || fail "takt sweep --list"
[ "$(wc -l < jobs.txt)" -eq 12 ] || fail "expected 12 jobs, got: $(cat jobs.txt)"
grep -q "^0	base$" jobs.txt || fail "job 0 is not the base: $(head -1 jobs.txt)"
grep -q "^11	demand=1.3+second_laser$" jobs.txt || fail "job 11: $(tail -1 jobs.txt)"

# takt runs them
# shellcheck disable=SC2086
"$takt" sweep press-shop.takt $grid -o own -j 2 2> own.log || fail "takt sweep: $(cat own.log)"
[ "$(ls own/*.plan | wc -l)" -eq 12 ] || fail "expected 12 plans in own/"
[ "$(ls own/*.json | wc -l)" -eq 12 ] || fail "expected 12 reports in own/"

# GNU parallel runs the emitted job list
command -v parallel >/dev/null 2>&1 || fail "GNU parallel is not installed (the README's first command installs it)"
# shellcheck disable=SC2086
"$takt" sweep press-shop.takt $grid -o par --emit parallel > par.jobs || fail "--emit parallel"
[ "$(wc -l < par.jobs)" -eq 12 ] || fail "expected 12 lines in the job list"
parallel --will-cite -j 2 < par.jobs 2> par.log || fail "GNU parallel: $(cat par.log)"
for f in own/*; do
    cmp "$f" "par/$(basename "$f")" || fail "$(basename "$f") differs between takt sweep and GNU parallel"
done
[ "$(ls par | wc -l)" -eq "$(ls own | wc -l)" ] || fail "GNU parallel wrote other files"

# every plan verifies against its own variant of the model
for p in own/*.plan; do
    "$takt" verify -q press-shop.takt "$p" > verify.log 2>&1 || fail "$p does not verify: $(cat verify.log)"
done
grep -q '^plant .* scenario "demand=1.2+saturday"$' own/demand=1.2+saturday.plan || fail "the plan does not name its scenario"

# takt compare over the folder
"$takt" compare press-shop.takt own > cmp.md || fail "takt compare"
head -4 cmp.md | grep -q '^| | base | demand=1.1 | demand=1.1+saturday |' || fail "compare's columns: $(head -4 cmp.md)"
"$takt" compare --format=json press-shop.takt own > cmp.json || fail "takt compare --format=json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d["plans"]) == 12 and d["base"] == "base"' cmp.json \
    || fail "compare's JSON"
"$takt" compare --format=html press-shop.takt own -o cmp.html || fail "takt compare --format=html"
grep -q '<td class="worse">' cmp.html || fail "the page marks nothing worse than the base"
# a plan that does not hold is not compared
sed 's/ unit 1 / unit 9 /' own/saturday.plan > broken.plan
"$takt" compare press-shop.takt own/base.plan broken.plan > /dev/null 2>&1 && fail "compare took a plan that does not hold"

# the batch engines' files
# shellcheck disable=SC2086
"$takt" sweep press-shop.takt $grid -o results -j 4 --emit slurm > sweep.sbatch || fail "--emit slurm"
bash -n sweep.sbatch || fail "the Slurm script is not valid bash"
grep -q '^#SBATCH --array=0-11%4$' sweep.sbatch || fail "the Slurm array: $(grep array sweep.sbatch)"
grep -q '"$SLURM_ARRAY_TASK_ID"$' sweep.sbatch || fail "the task does not plan its index"
# shellcheck disable=SC2086
"$takt" sweep press-shop.takt $grid -o results -j 4 --emit k8s > sweep.yaml || fail "--emit k8s"
python3 - sweep.yaml <<'PY' || fail "the Kubernetes manifest"
import sys, yaml
d = yaml.safe_load(open(sys.argv[1]))
assert d["apiVersion"] == "batch/v1" and d["kind"] == "Job", d
s = d["spec"]
assert s["completionMode"] == "Indexed" and s["completions"] == 12 and s["parallelism"] == 4, s
c = s["template"]["spec"]["containers"][0]
assert c["command"][:2] == ["takt", "sweep"] and c["command"][-2:] == ["--run-index", "$(JOB_COMPLETION_INDEX)"], c
assert any(e["name"] == "JOB_COMPLETION_INDEX" for e in c["env"]), c
PY

# a folder name with a newline cannot be carried into an emitted job
nl='res
ults'
# shellcheck disable=SC2086
"$takt" sweep press-shop.takt $grid -o "$nl" --emit slurm > bad.sbatch 2> err.txt && fail "a folder with a newline emitted"
grep -q "control character" err.txt || fail "a folder with a newline: $(cat err.txt)"

# a task of the batch engine plans its index alone
# shellcheck disable=SC2086
"$takt" sweep press-shop.takt $grid -o one --run-index 4 || fail "--run-index 4"
cmp one/demand=1.1+saturday.plan own/demand=1.1+saturday.plan || fail "--run-index 4 differs from the sweep's job 4"
# shellcheck disable=SC2086
"$takt" sweep press-shop.takt $grid -o one --run-index 12 2> err.txt && fail "--run-index 12 accepted"
grep -q "jobs 0 to 11" err.txt || fail "--run-index 12: $(cat err.txt)"

cd / && rm -rf "$work"
echo "sweep: 12 scenarios, takt sweep and GNU parallel alike; every plan verified; compare, Slurm and Kubernetes files checked"
