s/^made-by takt version [^ ]* revision [^ ]*/made-by takt version "0.0\\n::error file=x,line=1::injected%0A\\u202e" revision "r\\r\\n"/
