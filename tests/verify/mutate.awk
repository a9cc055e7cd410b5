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
#   poolover  E0627  a resource unit given to a second operation at the same time
#   poolclosed E0628 an operation holding a resource moved to when the resource does not work
#   batchover E0630  an operation given more pieces in a cycle of a batch machine than it has
#   batchtime E0632  a cycle of a batch machine ending later than its machine's cycle
#   batchmember E0632 an operation on a batch machine ending seven minutes after its cycles
#   batchmix  E0631  an operation put into a cycle (its first) of another operation that
#                    may not share one with it (another value of the machine's `batch by`)
#   scrapqty  E0637  an operation's good pieces, where scrap makes them differ
#                    from its work order's quantity, off by one (a plan file: a
#                    schedule's work orders' quantities are mostly not known)
#   window    E0633  an operation of a step with a time window moved to start an hour and a
#                    minute after its window (after the latest of its predecessors) ends
#   transfer  E0642  an operation of a step that takes transfer lots overtaking its
#                    predecessor: moved to end (same length) a minute before the
#                    latest of its predecessors does, or (one without a setup) to
#                    start a minute before it starts
# and of what a plan file's records claim (plan files only):
#   p_early   E0614  a purchase ordered the day before the plan starts
#   p_lead    E0615  a purchase ordered a minute after its lead time before its arrival
#   p_lot     E0616  a purchase of a quantity its material's lot sizing does not allow: half
#                    a lot (a whole number of lots, when it consolidates) or a multiple more,
#                    or half the minimum order
#   wo_qty    E0617  a work order's quantity one more
#   wo_time   E0618  a work order's start or end a minute off its operations
#   o_done    E0619  an order's completion, or its lateness, a minute off
#   measures  E0620  one measure off: a minute, a count, a cent
#   booked    E0621  a minute of an operation's setup booked as run, or of its run as setup
#   plant     E0622  the plant's horizon a week longer, or another currency
# and of cycles of batch machines the shop floor reported whole (plan files
# only: a schedule CSV has no cycles):
#   cycend    E0640  a reported cycle's end seven minutes later than the report's
#   cycmember E0640  an operation the actuals do not report in a reported cycle
#                    put into it (its first cycle changed to the reported one)
#   cycref    E0640  a reported cycle's name (ref) other than the shop floor's
#   cycmark   E0641  a planned cycle marked as reported (actual done)
#   b_short   E0638  a purchase of a product bought for a need made too small to cover it
#   b_arrive  E0660  a purchase of a product arriving a minute after its lead time
#   b_cost    E0661  a purchase of a product costing a cent more than its price times its pieces
# Operations on batch machines are corrupted only by the batch kinds: the
# others would be caught as E0630-E0632, not with their own codes.

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
        O_uses = csvres ? F[csvres] : ""
        O_rest = ""; for (f = 7; f in F; f++) O_rest = O_rest "," F[f]
    } else {
        split(L[i], F, " ")
        O_wo = F[2]; O_step = F[3]; O_m = val(L[i], "machine"); O_u = val(L[i], "unit")
        O_s = val(L[i], "start"); O_e = val(L[i], "end"); O_uses = val(L[i], "uses")
    }
}
# resource units of an operation (POOL:UNIT, by ',' or ' ') into U_pool[], U_unit[]; returns how many
function uses_of(u,    n, parts, k, pu) {
    n = split(u, parts, /[, ]/)
    for (k = 1; k <= n; k++) { split(parts[k], pu, ":"); U_pool[k] = pu[1]; U_unit[k] = pu[2] }
    return n
}
function setuses(i, u) {
    if (csv) {
        nf = split(L[i], F, ","); F[csvres] = u; L[i] = F[1]
        for (f = 2; f <= nf; f++) L[i] = L[i] "," F[f]
    }
    else L[i] = setval(L[i], "uses", u)
}
function opset(i, m, u, s, e) {
    if (csv) L[i] = O_wo "," O_step "," m "," u "," s "," e O_rest
    else L[i] = setval(setval(setval(setval(L[i], "machine", m), "unit", u), "start", s), "end", e)
}
function skip() { print "skip" > "/dev/stderr"; done = 1 }
# work sent to a subcontractor (no machine or unit: its times are its
# subcontractor's lead, E0650), and a sublot of a split step (which its
# sibling sublots do not wait for, and whose count a schedule CSV may not
# tell): left out of the kinds that would be caught by another code
function sent_out(i) { opget(i); return csv ? O_u == "" : val(L[i], "subcontractor") != "" }
function sublot(i) { opget(i); return index(O_step, "#") > 0 }

FNR == NR {
    # the IR
    if ($1 == "calendar") { cal = $2; next }
    if (cal != "" && $1 ~ /^[0-9][0-9][0-9][0-9]-/) { nci[cal]++; clo[cal, nci[cal]] = tmin($1); chi[cal, nci[cal]] = tmin($2); next }
    if ($1 != "" && $1 !~ /^[0-9]/) cal = ""
    if ($1 == "machine") { nm++; mname[nm] = $2; mcal[$2] = val($0, "calendar"); munits[$2] = val($0, "units"); if ($0 ~ / batch capacity /) isbatch[$2] = 1
                           if ($0 ~ / batch capacity .* by [^ ]+$/) bby[$2] = $NF }
    if ($1 == "attr" && prod != "") pattr[prod, $2] = $3
    if ($1 == "resource") { pcal[$2] = val($0, "calendar"); punits[$2] = val($0, "units") }
    if ($1 == "with" && $NF == "setup") for (q = 2; q < NF; q++) if ($q !~ /^[0-9|]/ && $q != "for") setuponly[$q] = 1
    if ($1 == "op") { reported[$2, $3] = 1; next }   # the model's actuals
    if ($1 == "material") { mstock[$2] = val($0, "stock"); mat = $2; mrecv[$2] = val($0, "receiving"); mlead[$2] = val($0, "lead")
                            mlot[$2] = val($0, "lot"); mmin[$2] = val($0, "min_order"); mmul[$2] = val($0, "multiple") }
    if ($1 == "receipt") msupply[mat] += $2
    if ($1 == "product") { prod = $2; mat = "" }
    if ($1 == "bom" && $2 == "material") { nb[prod]++; bm[prod, nb[prod]] = $3; bq[prod, nb[prod]] = $4 }
    if ($1 == "step") {
        step = $2; if ($3 == "after" && $4 == "-") firststep[prod, step] = 1
        wdup[step]++ # products with a step of this name: a CSV's row names only the step
        if (val($0, "within") != "" && $4 != "-") { win[prod, step] = val($0, "within"); wafter[prod, step] = $4; wname[step] = prod }
        if (val($0, "transfer") != "" && $4 != "-") { tlot[prod, step] = 1; wafter[prod, step] = $4; tname[step] = prod }
    }
    if ($1 == "on") elig[prod, step, $2] = 1
    next
}
{
    n++; L[n] = $0
    if (n == 1 && $0 ~ /^order,operation,machine,unit,start,end(,|$)/) {
        # a schedule CSV; its resources column, if it has one
        csv = 1; nh = split($0, H, ","); csvres = 0
        for (f = 7; f <= nh; f++) if (H[f] == "resources") csvres = f
    }
}
END {
    srand(seed)
    # operations, their work orders' products, releases and materials
    for (i = 1; i <= n; i++) {
        if (csv ? i > 1 : L[i] ~ /^op /) {
            if (csv) { split(L[i], F, ","); opm = F[3] } else opm = val(L[i], "machine")
            if (opm in isbatch) { if (!csv && val(L[i], "batches") != "") { nbops++; BOP[nbops] = i } } else { nops++; OP[nops] = i }
        }
        if (!csv && L[i] ~ /^batch /) {
            nbat++; BAT[nbat] = i
            if (L[i] ~ / actual (done|running)/) { nrbat++; RBAT[nrbat] = i } else { npbat++; PBAT[npbat] = i }
        }
        if (!csv && L[i] ~ /^workorder /) { split(L[i], F, " "); wprod[F[2]] = val(L[i], "product"); wrel[F[2]] = val(L[i], "release"); wqty[F[2]] = val(L[i], "qty"); wpar[F[2]] = val(L[i], "parent"); wend[F[2]] = val(L[i], "end"); nwo++; WON[nwo] = F[2] }
        if (!csv && L[i] ~ /^plant /) { hend = val(L[i], "end"); pstart = val(L[i], "start") }
    }
    if (kind == "batchover" || kind == "batchtime" || kind == "batchmember" || kind == "batchmix") {
        if (csv || !nbops || !nbat) { skip(); exit }
        if (kind == "batchmix") {
            # two operations on one machine that batches by an attribute, of
            # products with other values of it: the first into the second's cycle
            nc = 0
            for (j = 1; j <= nbops; j++) {
                a = BOP[j]; ma = val(L[a], "machine"); if (!(ma in bby) || L[a] ~ / actual /) continue
                split(L[a], F, " "); va = pattr[wprod[F[2]], bby[ma]]
                for (q = 1; q <= nbops; q++) {
                    c = BOP[q]; if (q == j || val(L[c], "machine") != ma) continue
                    split(L[c], G, " "); if (pattr[wprod[G[2]], bby[ma]] == va) continue
                    nc++; C[nc] = a; CP[nc] = c
                    break
                }
            }
            if (!nc) { skip(); exit }
            q = pick(nc); k = C[q]; split(val(L[CP[q]], "batches"), cb, ","); split(cb[1], cq, ":")
            b = val(L[k], "batches"); split(b, bp, ","); split(bp[1], nq, ":")
            L[k] = setval(L[k], "batches", cq[1] ":" nq[2] substr(b, length(bp[1]) + 1))
            for (i = 1; i <= n; i++) print L[i]
            exit
        }
        if (kind == "batchmember") {
            k = BOP[pick(nbops)]; L[k] = setval(L[k], "end", tstr(tmin(val(L[k], "end")) + 7))
            for (i = 1; i <= n; i++) print L[i]
            exit
        }
        if (kind == "batchover") {
            # the first part of an operation's cycles: more pieces than it has
            k = BOP[pick(nbops)]; b = val(L[k], "batches"); split(b, bp, ",")
            split(bp[1], nq, ":"); rest = substr(b, length(bp[1]) + 1)
            L[k] = setval(L[k], "batches", nq[1] ":" (nq[2] + 1000000) rest)
        } else {
            k = BAT[pick(nbat)]; L[k] = setval(L[k], "end", tstr(tmin(val(L[k], "end")) + 7))
        }
        for (i = 1; i <= n; i++) print L[i]
        exit
    }
    if (kind == "cycend" || kind == "cycmember" || kind == "cycref" || kind == "cycmark") {
        if (csv || !nrbat) { skip(); exit }
        if (kind == "cycend") {
            k = RBAT[pick(nrbat)]; L[k] = setval(L[k], "end", tstr(tmin(val(L[k], "end")) + 7))
        } else if (kind == "cycref") {
            nc = 0
            for (j = 1; j <= nrbat; j++) if (val(L[RBAT[j]], "ref") != "") { nc++; C[nc] = RBAT[j] }
            if (!nc) { skip(); exit }
            k = C[pick(nc)]; L[k] = setval(L[k], "ref", "\"X-" int(rand() * 1000) "\"")
        } else if (kind == "cycmark") {
            if (!npbat) { skip(); exit }
            k = PBAT[pick(npbat)]; L[k] = L[k] " actual done"
        } else {
            # a planned operation on the machine of a reported cycle, its first cycle that one
            r = RBAT[pick(nrbat)]; split(L[r], F, " ")
            nc = 0
            for (j = 1; j <= nbops; j++) if (val(L[BOP[j]], "machine") == F[2] && L[BOP[j]] !~ / actual /) { nc++; C[nc] = BOP[j] }
            if (!nc) { skip(); exit }
            k = C[pick(nc)]; b = val(L[k], "batches"); split(b, bp, ","); split(bp[1], nq, ":")
            L[k] = setval(L[k], "batches", F[3] ":" nq[2] substr(b, length(bp[1]) + 1))
        }
        for (i = 1; i <= n; i++) print L[i]
        exit
    }
    if (!nops) { skip(); exit }
    if (kind == "drop") {
        nc = 0
        for (j = 1; j <= nops; j++) if (!(csv && sublot(OP[j]))) { nc++; C[nc] = OP[j] }
        if (!nc) { skip(); exit }
        L[C[pick(nc)]] = "\001"
    }
    else if (kind == "duplicate") { k = OP[pick(nops)]; L[k] = L[k] "\n" L[k] }
    else if (kind == "unit") {
        nc = 0
        for (j = 1; j <= nops; j++) if (!sent_out(OP[j])) { nc++; C[nc] = OP[j] }
        if (!nc) { skip(); exit }
        k = C[pick(nc)]; opget(k); opset(k, O_m, 99, O_s, O_e)
    }
    else if (kind == "scrapqty") {
        # an operation whose pieces scrap makes differ from its work order's
        nc = 0
        for (j = 1; j <= nops && !csv; j++)
            if (val(L[OP[j]], "good") != "" && val(L[OP[j]], "actual") == "") C[++nc] = OP[j]
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
            if (sent_out(OP[j]) || (kind == "swap" && sublot(OP[j]))) continue
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
            if (!k2 || sent_out(k2) || sublot(k2)) { skip(); exit }
            opget(k2); s2 = O_s; e2 = O_e; m2 = O_m; u2 = O_u
            if ((O_wo, O_step) in reported) { skip(); exit }
            # a step that takes transfer lots may start before the one before it
            # ends: swapped, it overtakes it (E0642), which the transfer kind tests
            if (csv ? (O_step in tname) : ((wprod[O_wo], O_step) in tlot)) { skip(); exit }
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
    } else if (kind == "poolover") {
        # two planned operations holding units of one resource (for all their
        # time) at overlapping times: the second takes the first's unit
        nc = 0
        for (j = 1; j <= nops; j++) {
            opget(OP[j]); if (O_uses == "" || ((O_wo, O_step) in reported) || val(L[OP[j]], "actual") != "") continue
            if (tmin(O_e) <= tmin(O_s)) continue
            nu = uses_of(O_uses)
            for (q = 1; q <= nu; q++) if (!(U_pool[q] in setuponly)) { nc++; C[nc] = OP[j]; CP[nc] = U_pool[q]; CU[nc] = U_unit[q]; CS[nc] = tmin(O_s); CE[nc] = tmin(O_e) }
        }
        found = 0
        for (a = 1; a <= nc && !found; a++) for (b = 1; b <= nc && !found; b++)
            if (C[a] != C[b] && CP[a] == CP[b] && CU[a] != CU[b] && CS[a] < CE[b] && CS[b] < CE[a]) found = a * 100000 + b
        if (!found) { skip(); exit }
        a = int(found / 100000); b = found % 100000
        opget(C[b]); nu = uses_of(O_uses); u = ""
        for (q = 1; q <= nu; q++) {
            uu = (U_pool[q] == CP[b] && U_unit[q] == CU[b]) ? CU[a] : U_unit[q]
            u = u (q > 1 ? (csv ? " " : ",") : "") U_pool[q] ":" uu
        }
        setuses(C[b], u)
    } else if (kind == "poolclosed") {
        # an operation holding a resource with a calendar, moved to the first
        # minute after the resource's first working interval
        nc = 0
        for (j = 1; j <= nops; j++) {
            opget(OP[j]); if (O_uses == "" || ((O_wo, O_step) in reported) || val(L[OP[j]], "actual") != "") continue
            if (tmin(O_e) <= tmin(O_s)) continue
            nu = uses_of(O_uses)
            for (q = 1; q <= nu; q++) { cl = pcal[U_pool[q]]; if (cl != "" && cl != "-" && nci[cl] >= 2) { nc++; C[nc] = OP[j]; CP[nc] = cl; break } }
        }
        if (!nc) { skip(); exit }
        q = pick(nc); k = C[q]; opget(k); s = tmin(O_s); e = tmin(O_e)
        t = chi[CP[q], 1]
        opset(k, O_m, O_u, tstr(t), tstr(t + e - s))
    } else if (kind == "window") {
        # one operation of a step with a window (not a sublot, not reported):
        # a schedule CSV names no products, so there only steps whose name
        # one product with windows has
        nc = 0
        for (j = 1; j <= nops; j++) {
            opget(OP[j])
            if (index(O_step, "#") > 0 || ((O_wo, O_step) in reported) || val(L[OP[j]], "actual") != "") continue
            wp = csv ? (wdup[O_step] == 1 ? wname[O_step] : "") : wprod[O_wo]
            if (wp == "" || !((wp, O_step) in win)) continue
            nc++; C[nc] = OP[j]; CP[nc] = wp
        }
        if (!nc) { skip(); exit }
        q = pick(nc); k = C[q]; wp = CP[q]; opget(k); wo = O_wo; wst = O_step
        np = split(wafter[wp, wst], PS, ",")
        latest = -1
        for (j = 1; j <= nops; j++) {
            opget(OP[j]); if (O_wo != wo) continue
            s0 = O_step; sub(/#.*/, "", s0)
            for (r = 1; r <= np; r++) if (s0 == PS[r] && tmin(O_e) > latest) latest = tmin(O_e)
        }
        if (latest < 0) { skip(); exit }
        opget(k); s = tmin(O_s); e = tmin(O_e)
        t = latest + win[wp, wst]; if (s > t) t = s
        t += 61
        opset(k, O_m, O_u, tstr(t), tstr(t + e - s))
    } else if (kind == "transfer") {
        # one operation of a step that takes transfer lots (not reported); a
        # schedule CSV names no products, so there only steps whose name one
        # product with transfer lots has
        nc = 0
        for (j = 1; j <= nops; j++) {
            opget(OP[j])
            if (((O_wo, O_step) in reported) || val(L[OP[j]], "actual") != "") continue
            wp = csv ? (wdup[O_step] == 1 ? tname[O_step] : "") : wprod[O_wo]
            if (wp == "" || !((wp, O_step) in tlot)) continue
            nc++; C[nc] = OP[j]; CP[nc] = wp
        }
        if (!nc) { skip(); exit }
        q = pick(nc); k = C[q]; wp = CP[q]; opget(k); wo = O_wo; wst = O_step
        np = split(wafter[wp, wst], PS, ",")
        latest = -1; first = -1
        for (j = 1; j <= nops; j++) {
            opget(OP[j]); if (O_wo != wo) continue
            for (r = 1; r <= np; r++) if (O_step == PS[r] && tmin(O_e) > latest) { latest = tmin(O_e); first = tmin(O_s) }
        }
        if (latest < 0) { skip(); exit }
        opget(k); s = tmin(O_s); e = tmin(O_e)
        # the successor ending too early, or (half the time, where the plan
        # file says it has no setup) starting a minute before its predecessor
        if (!csv && val(L[k], "setup") == "0" && rand() < 0.5) t = first - 1
        else t = latest - 1 - (e - s)
        opset(k, O_m, O_u, tstr(t), tstr(t + e - s))
    } else if (kind ~ /^(p_early|p_lead|p_lot|wo_qty|wo_time|o_done|measures|booked|plant|b_short|b_arrive|b_cost)$/) {
        if (csv) { skip(); exit }
        claims()
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

# the records' claims: one record made to say something its plan does not bear out
function claims(    i, nc, k, m, q, t, keys, nk, key, v, F2, BQ) {
    nc = 0
    # what the plan buys for each need of a product, in all
    for (i = 1; i <= n; i++)
        if (L[i] ~ /^buy /) { split(L[i], F2, " "); BQ[F2[2] " " F2[3]] += val(L[i], "qty") }
    for (i = 1; i <= n; i++) {
        if (kind ~ /^b_/ && L[i] ~ /^buy /) {
            split(L[i], F2, " ")
            # too small: the need's purchases in all one piece short of it
            if (kind == "b_short" && val(L[i], "qty") - (BQ[F2[2] " " F2[3]] - val(L[i], "need") + 1) <= 0) continue
            nc++; C[nc] = i
        }
        if (kind ~ /^p_/ && L[i] ~ /^purchase /) {
            split(L[i], F2, " "); m = F2[2]
            if (kind == "p_lead" && !(mlead[m] > 0)) continue
            if (kind == "p_lot" && mlot[m] == "" && mmul[m] == "" && mmin[m] == "") continue
            nc++; C[nc] = i
        }
        if (kind ~ /^wo_/ && L[i] ~ /^workorder / && (kind == "wo_qty" || val(L[i], "end") != "")) { nc++; C[nc] = i }
        if (kind == "o_done" && L[i] ~ /^order /) { nc++; C[nc] = i }
        if (kind == "measures" && L[i] ~ /^measures /) { nc++; C[nc] = i }
        if (kind == "plant" && L[i] ~ /^plant /) { nc++; C[nc] = i }
        if (kind == "booked" && L[i] ~ /^op / && val(L[i], "actual") == "" && val(L[i], "setup") + val(L[i], "run") >= 1) { nc++; C[nc] = i }
    }
    if (!nc) { skip(); return }
    k = C[pick(nc)]
    if (kind == "b_short") {
        split(L[k], F2, " ")
        L[k] = setval(L[k], "qty", val(L[k], "qty") - (BQ[F2[2] " " F2[3]] - val(L[k], "need") + 1))
    } else if (kind == "b_arrive") L[k] = setval(L[k], "arrive", tstr(tmin(val(L[k], "arrive")) + 1))
    else if (kind == "b_cost") L[k] = setval(L[k], "cost", sprintf("%.2f", val(L[k], "cost") + 0.01))
    else if (kind == "p_early") L[k] = setval(L[k], "order", tstr(tmin(pstart) - 1440))
    else if (kind == "p_lead") { split(L[k], F2, " "); L[k] = setval(L[k], "order", tstr(tmin(val(L[k], "arrive")) - mlead[F2[2]] + 1)) }
    else if (kind == "p_lot") {
        split(L[k], F2, " "); m = F2[2]; q = val(L[k], "qty")
        if (mlot[m] != "") q = q + mlot[m] / 2   # off the lot, and off a whole number of lots
        else if (mmul[m] != "") q = q + mmul[m] / 2
        else q = mmin[m] / 2
        L[k] = setval(L[k], "qty", q)
    } else if (kind == "wo_qty") L[k] = setval(L[k], "qty", val(L[k], "qty") + 1)
    else if (kind == "wo_time") {
        if (pick(2) == 1 && val(L[k], "start") != "") L[k] = setval(L[k], "start", tstr(tmin(val(L[k], "start")) - 1))
        else L[k] = setval(L[k], "end", tstr(tmin(val(L[k], "end")) + 1))
    } else if (kind == "o_done") {
        if (pick(2) == 1) L[k] = setval(L[k], "done", tstr(tmin(val(L[k], "done")) + 1))
        else L[k] = setval(L[k], "lateness", val(L[k], "lateness") - 1)
    } else if (kind == "measures") {
        nk = split("objective finish makespan tardiness late_orders penalty cost setups setup_time", keys, " ")
        key = keys[pick(nk)]; v = val(L[k], key)
        if (key == "finish") v = tstr(tmin(v) + 1)
        else if (key == "penalty" || key == "cost") v = sprintf("%.2f", v + 0.02)
        else v = v + 1
        L[k] = setval(L[k], key, v)
    } else if (kind == "booked") {
        if (val(L[k], "run") >= 1) { L[k] = setval(setval(L[k], "setup", val(L[k], "setup") + 1), "run", val(L[k], "run") - 1) }
        else L[k] = setval(setval(L[k], "setup", val(L[k], "setup") - 1), "run", val(L[k], "run") + 1)
    } else if (kind == "plant") {
        if (pick(2) == 1) L[k] = setval(L[k], "end", tstr(tmin(val(L[k], "end")) + 7 * 1440))
        else L[k] = setval(L[k], "currency", val(L[k], "currency") == "XTS" ? "XXX" : "XTS")
    }
}
