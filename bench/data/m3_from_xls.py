#!/usr/bin/python3
# m3_from_xls.py: M3C.xls (the M3 competition's data file, sheet M3Month) ->
# m3_monthly.csv: the 1,428 monthly series, one row per observation:
#   series,category,start_year,start_month,t,value
# as in the file: the series' name, its category, its starting year and
# month (0 where the file has 0, unknown), the observation's number from 1,
# and its value (%.10g). The last 18 observations of each series are the
# test part. Needs Debian's python3-xlrd.
#   m3_from_xls.py M3C.xls > m3_monthly.csv
import sys
import xlrd

sheet = xlrd.open_workbook(sys.argv[1]).sheet_by_name("M3Month")
out = sys.stdout
out.write("series,category,start_year,start_month,t,value\n")
for r in range(1, sheet.nrows):
    row = sheet.row_values(r)
    name, n, cat = row[0].strip(), int(row[1]), row[3].strip()
    year, month = int(row[4]), int(row[5])
    for i, v in enumerate(row[6:6 + n]):
        out.write("%s,%s,%d,%d,%d,%.10g\n" % (name, cat, year, month, i + 1, v))
