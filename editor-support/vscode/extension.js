// extension.js: starts `takt lsp` for .takt files (docs/lsp.md). The
// highlighting is the TextMate grammar of this folder, with or without it.
'use strict';
const vscode = require('vscode');

let client = null;

async function start(context) {
    const config = vscode.workspace.getConfiguration('takt');
    if (!config.get('lsp.enable', true)) return;
    let lc;
    try {
        lc = require('vscode-languageclient/node');
    } catch (e) {
        vscode.window.showWarningMessage(
            'Takt: the language client is not installed (run npm install in the extension folder); highlighting only.');
        return;
    }
    const command = config.get('path', 'takt') || 'takt';
    const args = ['lsp', '--stdio', '--debounce=' + Math.round(config.get('lsp.debounce', 50))];
    const serverOptions = {
        run: { command, args, transport: lc.TransportKind.stdio },
        debug: { command, args: args.concat(['--trace']), transport: lc.TransportKind.stdio },
    };
    const clientOptions = {
        documentSelector: [{ scheme: 'file', language: 'takt' }, { scheme: 'untitled', language: 'takt' }],
        synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/*.takt') },
    };
    client = new lc.LanguageClient('takt', 'Takt language server', serverOptions, clientOptions);
    try {
        await client.start();
    } catch (e) {
        vscode.window.showErrorMessage(`Takt: could not start '${command} lsp': ${e.message}. ` +
            'Set takt.path to the takt command.');
        client = null;
    }
}

async function stop() {
    if (client) {
        const c = client;
        client = null;
        await c.stop();
    }
}

function activate(context) {
    context.subscriptions.push(vscode.workspace.onDidChangeConfiguration(async (e) => {
        if (e.affectsConfiguration('takt.path') || e.affectsConfiguration('takt.lsp')) {
            await stop();
            await start(context);
        }
    }));
    return start(context);
}

function deactivate() {
    return stop();
}

module.exports = { activate, deactivate };
