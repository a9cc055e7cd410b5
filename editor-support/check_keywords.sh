#!/bin/sh
# check_keywords.sh: checks that the editor support keeps up with the language.
#
#   sh editor-support/check_keywords.sh [REPO-ROOT]
#
# Every keyword of the lexer's table (grammar/lexer.l, keywords[]) and every
# unit of the compiler's table (compiler/units.c, units[]) must appear in both
# the TextMate grammar (editor-support/vscode/syntaxes/takt.tmLanguage.json)
# and the Vim syntax file (editor-support/vim/syntax/takt.vim). So must the
# names a rule reads bare (compiler/builtins.def, objects NONE and PLAN) and
# the built-in functions (compiler/sema_expr.c, fns[]); those two tables are
# skipped with a note if they cannot be found.
#
# A word counts as present when it stands whole (not inside a longer name) in
# a "match"/"begin"/"end" regular expression of the grammar, or in a line of
# the Vim file that is not a comment. The JSON files are also validated with
# `python3 -m json.tool` when python3 is installed.
#
# Exit status: 0 all covered, 1 something missing or invalid, 2 bad usage.
# Only POSIX sh, sed and grep.

set -u

prog=check_keywords.sh
root=${1:-$(dirname "$0")/..}
if [ ! -d "$root" ]; then
    echo "$prog: no such directory: $root" >&2
    exit 2
fi

lexer=$root/grammar/lexer.l
units_c=$root/compiler/units.c
builtins=$root/compiler/builtins.def
sema_expr=$root/compiler/sema_expr.c
es=$root/editor-support
tm=$es/vscode/syntaxes/takt.tmLanguage.json
vim=$es/vim/syntax/takt.vim

for f in "$lexer" "$units_c" "$tm" "$vim"; do
    if [ ! -r "$f" ]; then
        echo "$prog: cannot read $f" >&2
        exit 1
    fi
done

# The string literals of the C array NAME[] in FILE, one a line: everything
# between `NAME[] = {` and the `};` that closes it, block comments removed.
table_strings() {
    sed -n "/[^A-Za-z0-9_]$2\\[[A-Z_0-9]*][[:space:]]*=[[:space:]]*{/,/^[[:space:]]*};/p" "$1" |
        sed 's:/\*[^*]*\*/::g; s://.*$::' |
        sed 's/"\([^"\\]*\)"/\
@\1\
/g' |
        sed -n 's/^@//p'
}

status=0

keywords=$(table_strings "$lexer" keywords)
units=$(table_strings "$units_c" units)
if [ -z "$keywords" ]; then
    echo "$prog: found no keyword table (keywords[] = { {\"word\", K_...}, ... };) in $lexer" >&2
    exit 1
fi
if [ -z "$units" ]; then
    echo "$prog: found no unit table (units[] = { ... };) in $units_c" >&2
    exit 1
fi

# Optional tables.
builtin_names=
if [ -r "$builtins" ]; then
    builtin_names=$(sed -n \
        -e 's/^[[:space:]]*VAR([^,]*,[[:space:]]*NONE[[:space:]]*,[[:space:]]*"\([A-Za-z_][A-Za-z0-9_]*\)".*/\1/p' \
        -e 's/^[[:space:]]*VAR([^,]*,[[:space:]]*PLAN[[:space:]]*,[[:space:]]*"\([A-Za-z_][A-Za-z0-9_]*\)".*/\1/p' \
        "$builtins")
fi
[ -n "$builtin_names" ] || echo "$prog: note: no built-in values found in $builtins; not checked"
functions=
[ -r "$sema_expr" ] && functions=$(table_strings "$sema_expr" fns)
[ -n "$functions" ] || echo "$prog: note: no built-in functions (fns[]) found in $sema_expr; not checked"

# The text the words are looked for in. In the grammar: the regular
# expressions only, with regex escapes (\\b, \\s, \\d) blanked so that they do
# not glue onto a word. In the Vim file: no comment lines, no region options
# (start=, end=, ...), no scope prefixes (s:), no regex escapes (\<, \zs, \d).
tm_text=$(grep -e '"match"[[:space:]]*:' -e '"begin"[[:space:]]*:' -e '"end"[[:space:]]*:' -e '"while"[[:space:]]*:' "$tm" |
    sed 's/\\\\\\\\/ /g; s/\\\\[A-Za-z]/ /g; s/\\[A-Za-z]/ /g')
vim_text=$(grep -v '^[[:space:]]*"' "$vim" |
    sed 's/start=/ /g; s/end=/ /g; s/skip=/ /g; s/matchgroup=/ /g; s/contains=/ /g; s/containedin=/ /g; s/nextgroup=/ /g' |
    sed 's/\([bgslvwt]\):\([A-Za-z_]\)/\1_\2/g' |
    sed 's/\\\\/ /g; s/\\z[se]/ /g; s/\\[A-Za-z]/ /g')

# present WORD TEXT: WORD stands whole somewhere in TEXT.
present() {
    printf '%s\n' "$2" | grep -Eq "(^|[^A-Za-z0-9_])$1([^A-Za-z0-9_]|\$)"
}

# check LABEL FILE TEXT KIND WORDS...: report the words missing from TEXT.
check() {
    label=$1 file=$2 text=$3 kind=$4
    shift 4
    missing=
    for w in "$@"; do
        present "$w" "$text" || missing="$missing $w"
    done
    if [ -n "$missing" ]; then
        echo "$prog: $kind missing from the $label ($file):$missing"
        status=1
    fi
}

# Word lists are plain names: split them on white space on purpose.
# shellcheck disable=SC2086
for target in tm vim; do
    if [ $target = tm ]; then
        label="TextMate grammar" file=$tm text=$tm_text
    else
        label="Vim syntax file" file=$vim text=$vim_text
    fi
    check "$label" "$file" "$text" keywords $keywords
    check "$label" "$file" "$text" units $units
    [ -z "$builtin_names" ] || check "$label" "$file" "$text" "built-in values" $builtin_names
    [ -z "$functions" ] || check "$label" "$file" "$text" "built-in functions" $functions
done

# JSON validity.
if command -v python3 >/dev/null 2>&1; then
    for f in "$es/vscode/package.json" "$es/vscode/language-configuration.json" "$tm"; do
        if [ ! -r "$f" ]; then
            echo "$prog: cannot read $f"
            status=1
        elif ! python3 -m json.tool "$f" >/dev/null 2>"${TMPDIR:-/tmp}/check_keywords.$$"; then
            echo "$prog: $f is not valid JSON: $(cat "${TMPDIR:-/tmp}/check_keywords.$$")"
            status=1
        fi
        rm -f "${TMPDIR:-/tmp}/check_keywords.$$"
    done
    json_note="JSON valid"
else
    json_note="JSON not validated (no python3)"
fi

if [ $status -eq 0 ]; then
    count() { printf '%s\n' "$1" | grep -c .; }
    echo "$prog: ok: $(count "$keywords") keywords, $(count "$units") units, $(count "$builtin_names") built-in values and $(count "$functions") functions covered; $json_note"
fi
exit $status
