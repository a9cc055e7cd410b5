Content-Length: 163

{"jsonrpc": "2.0", "id": 1, "method": "textDocument/hover", "params": {"textDocument": {"uri": "file:///fuzz/main.takt"}, "position": {"line": 4, "character": 9}}}Content-Length: 168

{"jsonrpc": "2.0", "id": 2, "method": "textDocument/definition", "params": {"textDocument": {"uri": "file:///fuzz/main.takt"}, "position": {"line": 5, "character": 9}}}Content-Length: 209

{"jsonrpc": "2.0", "id": 3, "method": "textDocument/references", "params": {"textDocument": {"uri": "file:///fuzz/main.takt"}, "position": {"line": 4, "character": 9}, "context": {"includeDeclaration": true}}}Content-Length: 169

{"jsonrpc": "2.0", "id": 4, "method": "textDocument/completion", "params": {"textDocument": {"uri": "file:///fuzz/main.takt"}, "position": {"line": 6, "character": 24}}}Content-Length: 131

{"jsonrpc": "2.0", "id": 5, "method": "textDocument/documentSymbol", "params": {"textDocument": {"uri": "file:///fuzz/main.takt"}}}Content-Length: 83

{"jsonrpc": "2.0", "id": 6, "method": "workspace/symbol", "params": {"query": "w"}}Content-Length: 185

{"jsonrpc": "2.0", "id": 7, "method": "textDocument/rename", "params": {"textDocument": {"uri": "file:///fuzz/main.takt"}, "position": {"line": 1, "character": 9}, "newName": "joiner"}}Content-Length: 142

{"jsonrpc": "2.0", "id": 8, "method": "textDocument/formatting", "params": {"textDocument": {"uri": "file:///fuzz/main.takt"}, "options": {}}}Content-Length: 245

{"jsonrpc": "2.0", "id": 9, "method": "textDocument/codeAction", "params": {"textDocument": {"uri": "file:///fuzz/main.takt"}, "range": {"start": {"line": 5, "character": 8}, "end": {"line": 5, "character": 13}}, "context": {"diagnostics": []}}}