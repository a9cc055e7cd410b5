" Vim filetype plugin
" Language:    Takt (production planning models)

if exists('b:did_ftplugin')
  finish
endif
let b:did_ftplugin = 1

let s:cpo_save = &cpo
set cpo&vim

setlocal commentstring=//\ %s
setlocal comments=s1:/*,mb:*,ex:*/,://
setlocal formatoptions-=t formatoptions+=croql
setlocal suffixesadd=.takt

let b:undo_ftplugin = 'setlocal commentstring< comments< formatoptions< suffixesadd<'

let &cpo = s:cpo_save
unlet s:cpo_save
