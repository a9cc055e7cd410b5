/^made-by /d
