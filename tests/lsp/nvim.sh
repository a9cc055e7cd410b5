#!/bin/sh
# nvim.sh: headless Neovim (Debian's neovim) attaches to takt lsp through
# editor-support/nvim and receives diagnostics and a definition location.
# Skipped (77) where Neovim is not installed.
#   nvim.sh TAKT REPO_ROOT
set -u
takt=$1
root=$2
if ! command -v nvim >/dev/null 2>&1; then
    echo "nvim.sh: Neovim is not installed (apt-get install neovim): skipped"
    exit 77
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/takt-nvim.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/proj" "$tmp/home"
cp "$root/tests/lsp/proj/main.takt" "$root/tests/lsp/proj/machines.takt" "$tmp/proj/"
HOME=$tmp/home XDG_CONFIG_HOME=$tmp/home XDG_DATA_HOME=$tmp/home XDG_STATE_HOME=$tmp/home \
    timeout 300 nvim --headless --clean -u NONE -i NONE -n \
    -c "lua arg = {'$takt', '$tmp/proj/main.takt', '$root/editor-support/nvim'}" \
    -c "luafile $root/tests/lsp/nvim_client.lua" </dev/null 2>&1
status=$?
[ $status -eq 0 ] || echo "nvim.sh: Neovim's session failed ($status)"
exit $status
