" Takt production planning models
autocmd BufRead,BufNewFile *.takt setfiletype takt
