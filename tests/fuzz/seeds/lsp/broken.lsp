Content-Length: 180

{"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"textDocument": {"uri": "file:///fuzz/main.takt", "version": 2}, "contentChanges": [{"text": "machine { units"}]}}Content-Length: 142

{"jsonrpc": "2.0", "id": 8, "method": "textDocument/formatting", "params": {"textDocument": {"uri": "file:///fuzz/main.takt"}, "options": {}}}Content-Length: 163

{"jsonrpc": "2.0", "id": 1, "method": "textDocument/hover", "params": {"textDocument": {"uri": "file:///fuzz/main.takt"}, "position": {"line": 4, "character": 9}}}