Content-Length: 257

{"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"textDocument": {"uri": "file:///fuzz/main.takt", "version": 2}, "contentChanges": [{"range": {"start": {"line": 5, "character": 8}, "end": {"line": 5, "character": 13}}, "text": "welder"}]}}Content-Length: 169

{"jsonrpc": "2.0", "id": 4, "method": "textDocument/completion", "params": {"textDocument": {"uri": "file:///fuzz/main.takt"}, "position": {"line": 6, "character": 24}}}Content-Length: 50

{"jsonrpc": "2.0", "id": 50, "method": "shutdown"}Content-Length: 36

{"jsonrpc": "2.0", "method": "exit"}