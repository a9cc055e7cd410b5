#!/bin/sh
# robust.sh: hostile input never crashes or hangs `takt check`. Every case
# must end with exit 1 or 2 (0 where the input happens to stay valid), within
# a time limit, with no sanitizer report. The limit only tells a hang from a
# slow run, under sanitizers on a loaded machine: TAKT_TEST_TIMEOUT seconds
# (300 by default); how fast takt is belongs in bench/.
#
#   robust.sh TAKT REPO_ROOT [MUTATIONS_PER_EXAMPLE]
#
# Random cases are made with awk's generator from fixed seeds, so a failure
# is reproducible: the failing input is kept under $TMPDIR for a look.
set -u
takt=$1
root=$2
mutations=${3:-40}
limit=${TAKT_TEST_TIMEOUT:-300}
work=$(mktemp -d "${TMPDIR:-/tmp}/takt-robust-XXXXXX")
failed=0
ran=0

# run NAME ALLOWED-CODES ARGS...: run takt check and judge the outcome
run() {
    name=$1
    allowed=$2
    shift 2
    out=$work/out.txt
    timeout "$limit" "$takt" check --color=never "$@" >"$out" 2>&1
    code=$?
    ran=$((ran + 1))
    bad=""
    if [ $code -ge 124 ]; then bad="exit $code (signal or timeout)"; fi
    case " $allowed " in *" $code "*) ;; *) bad="exit $code, expected one of: $allowed" ;; esac
    if grep -q -e 'AddressSanitizer' -e 'runtime error:' -e 'LeakSanitizer' -e 'internal error' "$out"; then
        bad="sanitizer or internal error report"
    fi
    if [ -n "$bad" ]; then
        failed=$((failed + 1))
        echo "FAIL $name: $bad"
        head -20 "$out"
        keep=$work/failed-$failed
        mkdir -p "$keep"
        for a in "$@"; do [ -e "$a" ] && cp -r "$a" "$keep/" 2>/dev/null; done
    fi
}

cd "$work" || exit 2

# fixed cases
: > empty.takt
run empty "1" empty.takt
awk 'BEGIN { srand(7); for (i = 0; i < 65536; i++) printf "%c", int(rand() * 256) }' > garbage.takt
run binary-garbage "1" garbage.takt
printf 'plant { start 2026-12-01 }\0\0\0machine a { }\n' > nul.takt
run nul-bytes "1" nul.takt
printf 'plant "\377\376" { start 2026-12-01 }\n' > utf8.takt
run invalid-utf8 "1" utf8.takt
awk 'BEGIN { printf "plant { start 2026-12-01 }\n"; for (i = 0; i < 400000; i++) printf "material mat%d { unit kg  cost 1 EUR/kg  stock %d }\n", i, i }' > big.takt
run ten-megabytes "0 1" big.takt
awk 'BEGIN { printf "rule r = "; for (i = 0; i < 10000; i++) printf "("; printf "1"; for (i = 0; i < 10000; i++) printf ")"; printf "\n" }' > parens.takt
run nested-parens "1" parens.takt
printf 'plant { start 2026-12-01 }\norder "x' > string.takt
run unterminated-string "1" string.takt
printf 'plant { start 2026-12-01 }\n/* never closed' > comment.takt
run unterminated-comment "1" comment.takt
mkdir -p adir
printf 'plant { start 2026-12-01 }\nimport "adir"\n' > importdir.takt
run import-directory "1" importdir.takt
printf 'plant { start 2026-12-01 }\nimport "missing.takt"\n' > importmissing.takt
run import-missing "1" importmissing.takt
printf 'plant { start 2026-12-01 }\nimport "cyc2.takt"\n' > cyc1.takt
printf 'import "cyc1.takt"\n' > cyc2.takt
run import-cycle "1" cyc1.takt
run root-is-directory "2" adir
run root-missing "2" no-such-model.takt
mkfifo fifo.takt 2>/dev/null && run root-is-fifo "2" fifo.takt

# every example with one random line deleted, or one random byte changed
n=0
for ex in "$root"/examples/*/; do
    [ -f "$ex/main.takt" ] || continue
    exname=$(basename "$ex")
    i=0
    while [ $i -lt "$mutations" ]; do
        n=$((n + 1))
        rm -rf mut
        cp -r "$ex" mut
        files=$(cd mut && ls *.takt | sort)
        count=$(echo "$files" | wc -l)
        pick=$(awk -v s=$n -v c="$count" 'BEGIN { srand(s); print int(rand() * c) + 1 }')
        f=mut/$(echo "$files" | sed -n "${pick}p")
        if [ $((i % 2)) -eq 0 ]; then
            awk -v s=$n 'BEGIN { srand(s) } { line[NR] = $0 } END { k = int(rand() * NR) + 1; for (j = 1; j <= NR; j++) if (j != k) print line[j] }' "$f" > "$f.new"
        else
            awk -v s=$n 'BEGIN { srand(s); RS = "^$"; ORS = "" } { k = int(rand() * length($0)) + 1; b = int(rand() * 256); printf "%s%c%s", substr($0, 1, k - 1), b, substr($0, k + 1) }' "$f" > "$f.new"
        fi
        mv "$f.new" "$f"
        run "$exname-mutation-$i" "0 1" mut/main.takt
        i=$((i + 1))
    done
done

echo "robust: $ran cases, $failed failed"
if [ $failed -eq 0 ]; then rm -rf "$work"; else echo "inputs kept in $work"; fi
[ $failed -eq 0 ]
