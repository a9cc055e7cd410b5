# actuals_lib.sh: shell functions the re-planning tests share (sourced).

# actuals_until PLAN T LATE: an actuals block that reports every operation
# PLAN starts before T, done (ending LATE minutes later than planned, where
# that is still before T and the same day) or running at T, with the
# resource units it held; fails with 3 if there is none
actuals_until() {
    awk -v T="$2" -v late="$3" 'function tm(s) { sub("T", " ", s); return s }
        function later(s, d,   h, m) { h = substr(s, 12, 2) + 0; m = substr(s, 15, 2) + d; h += int(m / 60); m %= 60
                                       return substr(s, 1, 11) sprintf("%02d:%02d", h, m) }
        BEGIN { print "actuals {"; print "  now " tm(T) }
        /^op / {
            for (i = 1; i <= NF; i++) { if ($i == "start") s = $(i + 1); if ($i == "end") e = $(i + 1)
                                        if ($i == "machine") m = $(i + 1); if ($i == "unit") u = $(i + 1) }
            if (s >= T) next
            n++
            printf "  op \"%s\" %s on %s %s { start %s", $2, $3, m, u, tm(s)
            if (e <= T) { e2 = later(e, late); printf "  end %s", tm(substr(e2, 12, 2) + 0 < 24 && e2 <= T ? e2 : e) }
            # the resource units it held: the operator reported with it
            for (i = 1; i < NF; i++) if ($i == "uses") { nu = split($(i + 1), us, ","); for (k = 1; k <= nu; k++) { split(us[k], pu, ":"); printf "  with %s %s", pu[1], pu[2] } }
            print " }"
        }
        END { print "}"; if (!n) exit 3 }' "$1"
}

# placed PLAN T MODEL: MODEL with every purchase PLAN orders before T as a
# receipt of its material (an open purchase order), arriving when planned: a
# re-plan orders nothing before its now
placed() {
    awk -v T="$2" 'FNR == NR { if ($1 == "purchase") {
                                   for (i = 1; i <= NF; i++) { if ($i == "qty") q = $(i + 1); if ($i == "order") o = $(i + 1)
                                                               if ($i == "arrive") a = $(i + 1) }
                                   if (o < T) { sub("T", " ", a); r[$2] = r[$2] " receipt " q " on " a } }
                               next }
                   $1 == "material" && ($2 in r) && index($0, "{") { sub(/\{/, "{" r[$2] " ") }
                   { print }' "$1" "$3"
}

# stands ACTUALS PLAN LABEL: every operation ACTUALS reports is in PLAN where
# and when it was reported, done or running as reported
stands() {
    awk -v label="$3" 'function tm(s) { sub(" ", "T", s); return s }
         FNR == NR && /^  op / {
             wo = $2; gsub("\"", "", wo); key = wo " " $3
             match($0, /start [0-9-]+ [0-9:]+/); st[key] = tm(substr($0, RSTART + 6, RLENGTH - 6))
             en[key] = ""; if (match($0, /end [0-9-]+ [0-9:]+/)) en[key] = tm(substr($0, RSTART + 4, RLENGTH - 4))
             mach[key] = $5; unit[key] = $6; n++; next }
         FNR != NR && /^op / {
             key = $2 " " $3; if (!(key in st)) next
             seen++
             for (i = 1; i <= NF; i++) { if ($i == "start") s = $(i + 1); if ($i == "end") e = $(i + 1)
                                         if ($i == "machine") m = $(i + 1); if ($i == "unit") u = $(i + 1); if ($i == "actual") a = $(i + 1) }
             if (s != st[key] || m != mach[key] || u != unit[key] || (en[key] != "" && e != en[key]) ||
                 a != (en[key] == "" ? "running" : "done")) { print "FAIL: " key " moved: " $0; bad++ }
         }
         END { if (seen != n) { print "FAIL: " n " operations reported, " seen " in the plan"; bad++ }
               if (!bad) print label ": " n " reported operations stand where reported"; exit bad > 0 }' "$1" "$2"
}

# unit_seq PLAN: each unit's operations in start order, one a line:
# machine, unit, work order, step
unit_seq() {
    awk '/^op / { for (i = 1; i <= NF; i++) { if ($i == "start") s = $(i + 1); if ($i == "machine") m = $(i + 1)
                                             if ($i == "unit") u = $(i + 1) } print m, u, s, $2, $3 }' "$1" |
        sort -k1,1 -k2,2n -k3,3 | awk '{ print $1, $2, $4, $5 }'
}
