s/^op C cut machine saw unit 1 /op C cut machine saw unit 2 /
