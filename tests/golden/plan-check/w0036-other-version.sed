s/^made-by takt version [^ ]* revision [^ ]*/made-by takt version 0.0.9 revision v0.0.9-3-gabcdef012345/
