# sales.awk: the sales history of Nordlicht Elektronik (sales.csv), made up
# deterministically: three years of shipments, December 2023 to November
# 2026, of the gateways and motor controllers (growing, with a season) and of
# the spare boards (sold now and then). Every number comes from a fixed
# Park-Miller generator, so any awk writes the same file:
#
#   awk -f sales.awk > sales.csv
function rnd() { seed = (seed * 16807) % 2147483647; return seed / 2147483647 }
function ship(item, y, m, qty,    n, k, part, day) {
    # the month's quantity in up to three shipments, on the 5th, 15th and 25th
    n = qty >= 60 ? 3 : qty >= 20 ? 2 : 1
    for (k = 1; k <= n; k++) {
        part = k < n ? int(qty / n) : qty - (n - 1) * int(qty / n)
        day = k == 1 ? 5 : k == 2 ? 15 : 25
        if (n == 1) day = 12
        printf "%s,%04d-%02d-%02d,%d\n", item, y, m, day, part
    }
}
BEGIN {
    seed = 20261207
    pi = 3.141592653589793
    print "item,date,quantity"
    for (t = 0; t < 36; t++) {
        y = 2023 + int((t + 11) / 12); m = (t + 11) % 12 + 1
        season = cos(2 * pi * (m - 4) / 12)          # high in spring, low in autumn
        ship("gateway_g2", y, m, int((230 + 2.5 * t) * (1 + 0.25 * season) * (0.9 + 0.2 * rnd()) + 0.5))
        ship("motor_ctrl", y, m, int((180 + 1.5 * t) * (1 + 0.10 * season) * (0.88 + 0.24 * rnd()) + 0.5))
        if (rnd() < 0.45) ship("psu_board", y, m, 30 + int(41 * rnd()))
        if (rnd() < 0.35) ship("ctrl_board", y, m, 20 + int(31 * rnd()))
        if (rnd() < 0.30) ship("drive_board", y, m, 15 + int(26 * rnd()))
    }
}
