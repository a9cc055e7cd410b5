# mutate.awk: one corruption of a valid plan, for tests/verify/mutate.sh.
#
#   awk -v kind=KIND -v seed=N -f mutate.awk MODEL.ir PLAN > BAD
#
# MODEL.ir is `takt plan --emit=ir` of the plan's model (machines, their
# calendars' working intervals, each product's steps and machines). PLAN is
# a plan file or a schedule CSV. Prints the corrupted plan, and on stderr
# "skip" when this plan offers nothing to corrupt that way. The kinds, and
# the code takt verify must report:
#   overlap   E0607  an operation moved onto another's time on the same unit
#   drop      E0603  an operation removed
#   duplicate E0604  an operation twice
#   shorten   E0606  an operation a minute shorter
#   closed    E0608  an operation moved into its machine's closed time
#   swap      E0609  two routing steps of a work order trade places
#   machine   E0605  an operation on a machine its step cannot use
#   unit      E0605  an operation on a unit that does not exist
#   release   E0611  an operation of an order released later, or of a component of one
#                    (released its lead before it), moved before its release
#   component E0609  a work order's first step moved before a component's work order is done
#   material  E0610  a needed purchase arrives only at the end of the horizon
#   received  E0623  a purchase arrives when its receiving calendar is closed
#   truncate  E0613  the file cut off in the middle of a line
#   garbage   E0601  a line of garbage
#   scrapqty  E0637  an operation's good pieces, where scrap makes them differ
#                    from its work order's quantity, off by one (a plan file: a
#                    schedule's work orders' quantities are mostly not known)

function civil(y, m, d,    era, yoe, doy, doe) {
    y -= (m <= 2)
    era = int((y >= 0 ? y : y - 399) / 400)
    yoe = y - era * 400
    doy = int((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1
    doe = yoe * 365 + int(yoe / 4) - int(yoe / 100) + doy
    return era * 146097 + doe - 719468
}
function tmin(s) { return civil(substr(s, 1, 4) + 0, substr(s, 6, 2) + 0, substr(s, 9, 2) + 0) * 1440 + substr(s, 12, 2) * 60 + substr(s, 15, 2) }
function tstr(t,    z, era, doe, yoe, y, doy, mp, d, m, mins) {
    mins = t % 1440; z = (t - mins) / 1440 + 719468
    era = int((z >= 0 ? z : z - 146096) / 146097)
    doe = z - era * 146097
    yoe = int((doe - int(doe / 1460) + int(doe / 36524) - int(doe / 146096)) / 365)
    y = yoe + era * 400
    doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100))
    mp = int((5 * doy + 2) / 153)
    d = doy - int((153 * mp + 2) / 5) + 1
    m = mp + (mp < 10 ? 3 : -9)
    y += (m <= 2)
    return sprintf("%04d-%02d-%02dT%02d:%02d", y, m, d, int(mins / 60), mins % 60)
}
function pick(n) { return int(rand() * n) + 1 }
# field value after a key in a plan record
function val(line, key,    n, f, i) { n = split(line, f, " "); for (i = 1; i < n; i++) if (f[i] == key) return f[i + 1]; return "" }
function setval(line, key, v,    n, f, i, out) {
    n = split(line, f, " ")
    for (i = 1; i < n; i++) if (f[i] == key) { f[i + 1] = v; break }
    out = f[1]; for (i = 2; i <= n; i++) out = out " " f[i]
    return out
}
# the parts of an operation, plan file or CSV
function opget(i) {
    if (csv) {
        split(L[i], F, ",")
        O_wo = F[1]; O_step = F[2]; O_m = F[3]; O_u = F[4]; O_s = F[5]; O_e = F[6]
        O_rest = ""; for (f = 7; f in F; f++) O_rest = O_rest "," F[f]
    } else {
        split(L[i], F, " ")
        O_wo = F[2]; O_step = F[3]; O_m = val(L[i], "machine"); O_u = val(L[i], "unit")
        O_s = val(L[i], "start"); O_e = val(L[i], "end")
    }
}
function opset(i, m, u, s, e) {
    if (csv) L[i] = O_wo "," O_step "," m "," u "," s "," e O_rest
    else L[i] = setval(setval(setval(setval(L[i], "machine", m), "unit", u), "start", s), "end", e)
}
function skip() { print "skip" > "/dev/stderr"; done = 1 }

FNR == NR {
    # the IR
    if ($1 == "calendar") { cal = $2; next }
    if (cal != "" && $1 ~ /^[0-9][0-9][0-9][0-9]-/) { nci[cal]++; clo[cal, nci[cal]] = tmin($1); chi[cal, nci[cal]] = tmin($2); next }
    if ($1 != "" && $1 !~ /^[0-9]/) cal = ""
    if ($1 == "machine") { nm++; mname[nm] = $2; mcal[$2] = val($0, "calendar"); munits[$2] = val($0, "units") }
    if ($1 == "op") { reported[$2, $3] = 1; next }   # the model's actuals
    if ($1 == "material") { mstock[$2] = val($0, "stock"); mat = $2; mrecv[$2] = val($0, "receiving") }
    if ($1 == "receipt") msupply[mat] += $2
    if ($1 == "product") { prod = $2; mat = "" }
    if ($1 == "bom" && $2 == "material") { nb[prod]++; bm[prod, nb[prod]] = $3; bq[prod, nb[prod]] = $4 }
    if ($1 == "step") { step = $2; if ($3 == "after" && $4 == "-") firststep[prod, step] = 1 }
    if ($1 == "on") elig[prod, step, $2] = 1
    next
}
{ n++; L[n] = $0; if (n == 1 && $0 ~ /^order,operation,machine,unit,start,end(,|$)/) csv = 1 }
END {
    srand(seed)
    # operations, their work orders' products, releases and materials
    for (i = 1; i <= n; i++) {
        if (csv ? i > 1 : L[i] ~ /^op /) { nops++; OP[nops] = i }
        if (!csv && L[i] ~ /^workorder /) { split(L[i], F, " "); wprod[F[2]] = val(L[i], "product"); wrel[F[2]] = val(L[i], "release"); wqty[F[2]] = val(L[i], "qty"); wpar[F[2]] = val(L[i], "parent"); wend[F[2]] = val(L[i], "end"); nwo++; WON[nwo] = F[2] }
        if (!csv && L[i] ~ /^plant /) { hend = val(L[i], "end"); pstart = val(L[i], "start") }
    }
    if (!nops) { skip(); exit }
    if (kind == "drop") { L[OP[pick(nops)]] = "\001" }
    else if (kind == "duplicate") { k = OP[pick(nops)]; L[k] = L[k] "\n" L[k] }
    else if (kind == "unit") { k = OP[pick(nops)]; opget(k); opset(k, O_m, 99, O_s, O_e) }
    else if (kind == "scrapqty") {
        # an operation whose pieces scrap makes differ from its work order's
        nc = 0
        for (j = 1; j <= nops && !csv; j++)
            if (val(L[OP[j]], "qty") != "" && val(L[OP[j]], "actual") == "") C[++nc] = OP[j]
        if (!nc) { skip(); exit }
        k = C[pick(nc)]
        L[k] = setval(L[k], "good", val(L[k], "good") + 1)
    }
    else if (kind == "garbage") { k = pick(n); L[k] = L[k] "\n" (csv ? "%%% not a row %%%" : "frobnicate the plan 42") }
    else if (kind == "truncate") {
        # cut inside an operation line, after its first character
        k = OP[pick(nops)]; c = 1 + pick(length(L[k]) - 2)
        n = k; L[k] = substr(L[k], 1, c); trunc = 1
    } else if (kind == "shorten" || kind == "overlap" || kind == "closed" || kind == "swap" || kind == "machine") {
        # candidates: operations that take time
        nc = 0
        for (j = 1; j <= nops; j++) {
            opget(OP[j]); if (tmin(O_e) <= tmin(O_s)) continue
            if (kind != "machine" && ((O_wo, O_step) in reported)) continue
            if (kind == "shorten" && (csv || val(L[OP[j]], "actual") != "")) continue
            if (kind == "closed" && (mcal[O_m] == "-" || mcal[O_m] == "" || nci[mcal[O_m]] < 2 || val(L[OP[j]], "actual") != "")) continue
            if (kind == "machine" && csv) continue
            nc++; C[nc] = OP[j]
        }
        if (!nc) { skip(); exit }
        k = C[pick(nc)]; opget(k); s = tmin(O_s); e = tmin(O_e)
        if (kind == "shorten") opset(k, O_m, O_u, O_s, tstr(e - 1))
        else if (kind == "closed") {
            # the first closed minute after the first working interval of its calendar
            cl = mcal[O_m]; t = chi[cl, 1]
            opset(k, O_m, O_u, tstr(t), tstr(t + e - s))
        } else if (kind == "machine") {
            p = wprod[O_wo]; other = ""
            for (q = 1; q <= nm; q++) if (!((p, O_step, mname[q]) in elig)) { other = mname[q]; break }
            if (other == "") { skip(); exit }
            opset(k, other, 1, O_s, O_e)
        } else if (kind == "overlap") {
            # another operation that takes time on the same unit
            m0 = O_m; u0 = O_u; cnt = 0
            for (j = 1; j <= nc; j++) { opget(C[j]); if (C[j] != k && O_m == m0 && O_u == u0) { cnt++; D[cnt] = C[j] } }
            if (!cnt) { skip(); exit }
            k2 = D[pick(cnt)]; opget(k2); s2 = tmin(O_s)
            opget(k); opset(k, O_m, O_u, tstr(s2), tstr(s2 + e - s))
        } else if (kind == "swap") {
            # this step and the next of the same work order trade times
            opget(k); wo = O_wo; st = O_step
            k2 = 0
            for (j = 1; j <= nops; j++) if (OP[j] == k && j < nops) { opget(OP[j + 1]); if (O_wo == wo) k2 = OP[j + 1] }
            if (!k2) { skip(); exit }
            opget(k2); s2 = O_s; e2 = O_e; m2 = O_m; u2 = O_u
            if ((O_wo, O_step) in reported) { skip(); exit }
            opget(k); s1 = O_s; e1 = O_e
            opset(k, O_m, O_u, s2, e2)
            opget(k2); opset(k2, m2, u2, s1, e1)
        }
    } else if (kind == "material") {
        # a purchase the plan cannot do without arrives at the end of the
        # horizon: every material in stock, received and bought is counted
        # against what the work orders need, so the plan is short of it
        if (csv) { skip(); exit }
        for (i = 1; i <= n; i++) if (L[i] ~ /^op /) { split(L[i], F, " "); hasop[F[2]] = 1 }
        for (w in wprod) if (w in hasop) { p = wprod[w]; for (b = 1; b <= nb[p]; b++) need[bm[p, b]] += bq[p, b] * wqty[w] }
        for (i = 1; i <= n; i++) if (L[i] ~ /^purchase /) { split(L[i], F, " "); bought[F[2]] += val(L[i], "qty") }
        nc = 0
        for (i = 1; i <= n; i++) {
            if (L[i] !~ /^purchase /) continue
            split(L[i], F, " "); m = F[2]
            surplus = mstock[m] + msupply[m] + bought[m] - need[m]
            if (val(L[i], "qty") > surplus + 1e-6 && need[m] > 0) { nc++; C[nc] = i }
        }
        if (!nc) { skip(); exit }
        k = C[pick(nc)]
        L[k] = setval(L[k], "arrive", hend)
    } else if (kind == "received") {
        # a purchase of a material received by a calendar, arriving in the
        # first gap of that calendar (after its first working interval)
        if (csv) { skip(); exit }
        nc = 0
        for (i = 1; i <= n; i++) {
            if (L[i] !~ /^purchase /) continue
            split(L[i], F, " "); cl = mrecv[F[2]]
            if (cl == "" || nci[cl] < 2 || chi[cl, 1] + 1 >= clo[cl, 2]) continue
            nc++; C[nc] = i
        }
        if (!nc) { skip(); exit }
        k = C[pick(nc)]; split(L[k], F, " "); cl = mrecv[F[2]]
        L[k] = setval(L[k], "arrive", tstr(chi[cl, 1] + 1))
    } else if (kind == "release") {
        if (csv) { skip(); exit }
        # the first operation of a work order released after the plan starts (or whose material comes late)
        nc = 0
        for (j = 1; j <= nops; j++) {
            opget(OP[j]); limit = wrel[O_wo]
            if (limit == "" || ((O_wo, O_step) in reported) || seen[O_wo]) continue
            seen[O_wo] = 1
            if (tmin(O_s) < tmin(limit)) continue
            if (!first_release(O_wo) || tmin(limit) <= tmin(pstart)) continue
            nc++; C[nc] = OP[j]
        }
        if (!nc) { skip(); exit }
        k = C[pick(nc)]; opget(k); limit = wrel[O_wo]
        d = tmin(O_s) - (tmin(limit) - 1)
        opset(k, O_m, O_u, tstr(tmin(O_s) - d), tstr(tmin(O_e) - d))
    } else if (kind == "component") {
        if (csv) { skip(); exit }
        # a first step of a parent, moved to start a minute before a component's work order is done
        nc = 0
        for (j = 1; j <= nops; j++) {
            opget(OP[j]); p = O_wo
            if (((O_wo, O_step) in reported) || !((wprod[p], O_step) in firststep) || tmin(O_e) <= tmin(O_s)) continue
            for (x = 1; x <= nwo; x++) { c = WON[x]; if (wpar[c] == p && wend[c] != "" && tmin(O_s) >= tmin(wend[c])) { nc++; C[nc] = OP[j]; CW[nc] = c } }
        }
        if (!nc) { skip(); exit }
        q = pick(nc); k = C[q]; opget(k)
        d = tmin(O_s) - (tmin(wend[CW[q]]) - 1)
        opset(k, O_m, O_u, tstr(tmin(O_s) - d), tstr(tmin(O_e) - d))
    } else { print "unknown kind " kind > "/dev/stderr"; exit 2 }
    if (done) exit
    for (i = 1; i <= n; i++) {
        if (L[i] == "\001") continue
        if (trunc && i == n) printf "%s", L[i]
        else print L[i]
    }
}
# every work order's release is the model's: an order's own, and a
# component's its lead before its parent's (docs/planning.md)
function first_release(wo) { return 1 }
