# carparts_from_rda.R: carparts.rda of the R package expsmooth -> carparts.csv,
# the 2,674 monthly car part series (Jan 1998 - Mar 2002) as takt forecast
# history: item,period,quantity, one row per month that has a value (months
# missing in the data have no row). Item names get the prefix "p" (names
# start with a letter). Usage: Rscript carparts_from_rda.R carparts.rda > carparts.csv
args <- commandArgs(trailingOnly = TRUE)
load(args[1])
cat("item,period,quantity\n")
start <- tsp(carparts)[1]
for (j in seq_len(ncol(carparts))) {
  x <- carparts[, j]
  for (t in seq_along(x)) {
    if (is.na(x[t])) next
    m <- round(start * 12) + t - 1
    cat(sprintf("p%s,%04d-%02d,%d\n", colnames(carparts)[j], m %/% 12, m %% 12 + 1, as.integer(x[t])))
  }
}
