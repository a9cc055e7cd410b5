# rule_size.awk: a model whose rule b is exactly 100000 nodes with the calls
# of rule a written out (docs/limits.md), and over=N nodes more. a is 47
# nodes; each call of it counts 50 (the call, its callee, its argument and
# a); 1960 calls and 20 other terms, the last negated, summed in a balanced
# tree (1979 additions) make 100000; each further minus sign is one more.
# a balanced sum of the terms t[lo..hi]
function bal(lo, hi,   h) {
    if (lo == hi) return t[lo]
    h = lo + int((hi - lo + 1) / 2)
    return "(" bal(lo, h - 1) " + " bal(h, hi) ")"
}
BEGIN {
    print "plant \"Works\" { start 2026-03-02 06:00  horizon 4 weeks  currency EUR }"
    print "machine saw { units 1  setup b }"
    print "product p { routing { cut on saw run 10 min each } }"
    print "order A1 { p 3  due 2026-03-20 }"
    for (i = 1; i <= 24; i++) t[i] = "k"
    print "rule a(k = 0 min) = " bal(1, 24)
    n = 0
    for (i = 0; i < 1960; i++) t[++n] = "a(0 min)"
    for (i = 0; i < 19; i++) t[++n] = "0 min"
    neg = "-"
    for (i = 0; i < over; i++) neg = neg "-"
    t[++n] = neg "(0 min)"
    print "rule b = " bal(1, n)
}
