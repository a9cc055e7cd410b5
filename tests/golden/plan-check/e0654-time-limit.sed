s/^\(made-by .*\)$/\1 search-seconds 10/
