" Vim syntax file
" Language:    Takt (production planning models)
" Filenames:   *.takt
"
" The keywords follow the keyword table of grammar/lexer.l, the units the
" table of compiler/units.c and the rule built-ins compiler/builtins.def.
" editor-support/check_keywords.sh fails when one of them is missing here.
"
" Priority, for whoever edits this file: a :syn keyword beats a :syn match
" that starts at the same column, and among matches the one defined last wins.
" So the catch-all name comes first, and words that are a keyword in one place
" and something else in another (order, machine, cost, penalty) are matches.

if exists('b:current_syntax')
  finish
endif

let s:cpo_save = &cpo
set cpo&vim

syn case match
syn sync fromstart

" ---- names, operators, punctuation ------------------------------------------
" Any other name is taken whole, so that no unit is found inside x5min.
syn match   taktName        "\<\h\w*\>"
syn match   taktOperator    "==\|!=\|<=\|>=\|[-<>+*/=|]"
syn match   taktOperator    "->"
syn match   taktRange       "\.\."
syn match   taktDelimiter   "[()\[\],:]"
syn region  taktBraces      matchgroup=taktDelimiter start="{" end="}" transparent fold contains=TOP

" After a dot every word is a member name, keywords included: order.due,
" machine.units, std.day_shift. The match starts at the dot, before any keyword.
syn match   taktMember      "\.\@1<!\.[ \t]*\h\w*"

" ---- literals ----------------------------------------------------------------
" 7, 1.5, 10_000, 1e3; a unit may follow with or without a space (5min).
syn match   taktNumber      "\<\d\+\%(_\d\+\)*\%(\.\d\+\)\=\%([eE][+-]\=\d\+\)\="
syn match   taktTime        "\<\d\{1,2}:\d\d\>"
" the +1 of a shift that ends on the next day: 22:00-06:00+1
syn match   taktDayOffset   "\%(\d:\d\d\)\@<=\s*+\s*\d\+\>"
syn match   taktDate        "\<\d\{4}-\d\{1,2}-\d\{1,2}\>"
syn match   taktDateTime    "\<\d\{4}-\d\{1,2}-\d\{1,2}T\d\{1,2}:\d\d\>"

syn match   taktEscapeError +\\.+ contained
syn match   taktEscape      +\\[\\"nt]+ contained
syn region  taktString      start=+"+ skip=+\\\\\|\\"+ end=+"+ end=+$+ contains=taktEscape,taktEscapeError,@Spell

" ---- units (compiler/units.c) --------------------------------------------------
" The lexer reads these words as units wherever they stand; compound units are
" written without spaces: EUR/h, min/pcs.
let s:units = [
      \ 's', 'sec', 'secs', 'second', 'seconds',
      \ 'min', 'mins', 'minute', 'minutes',
      \ 'h', 'hr', 'hrs', 'hour', 'hours',
      \ 'd', 'day', 'days',
      \ 'wk', 'week', 'weeks',
      \ 'EUR', 'USD', 'GBP', 'CHF', 'JPY', 'CNY', 'SEK',
      \ 'NOK', 'DKK', 'PLN', 'CZK', 'HUF', 'RON', 'BGN',
      \ 'CAD', 'AUD', 'NZD', 'INR', 'BRL', 'MXN', 'KRW',
      \ 'ZAR', 'SGD', 'HKD', 'TRY', 'ILS', 'AED', 'THB',
      \ 'pcs', 'pc', 'piece', 'pieces', 'ea',
      \ 'mm', 'cm', 'm', 'km',
      \ 'mm2', 'cm2', 'm2',
      \ 'ml', 'mL', 'L', 'cm3', 'm3',
      \ 'g', 'kg', 'tonne', 'tonnes',
      \ ]
let s:unit = '\%(' . join(s:units, '\|') . '\)'
execute 'syn match taktUnit "\%(\<\|\d\@1<=\)' . s:unit . '\%(/' . s:unit . '\)*\>"'
" a percentage, right after its number: efficiency 70%
syn match   taktUnit        "\d\@1<=%"
unlet s:units s:unit

" ---- keywords (grammar/lexer.l) ------------------------------------------------
syn keyword taktImport      import nextgroup=taktModule skipwhite
syn keyword taktDecl        plant forecast history schedule actuals pins scenario
syn keyword taktDecl        material product resource nextgroup=taktEntityName skipwhite
syn match   taktDecl        "\<\%(machine\|subcontractor\|order\)\>" nextgroup=taktEntityName skipwhite
syn keyword taktDecl        calendar nextgroup=taktCalendarName skipwhite
syn keyword taktDecl        rule nextgroup=taktRuleName skipwhite

syn keyword taktBlock       bom routing buy on after by same change first receipt op used received issued
syn keyword taktBlock       closed overtime each firm with for

syn keyword taktSetting     start horizon currency time_unit units setup unit
syn keyword taktSetting     stock safety_stock lead lot min_order multiple consolidate due
syn keyword taktSetting     release priority dispatch minimize search iterations
syn keyword taktSetting     seed threads split run wait within transfer base receiving efficiency source supplier
syn keyword taktSetting     capacity cycle fill batch
syn keyword taktSetting     max_lot sublot sublots frozen
syn keyword taktSetting     scrap yield
syn match   taktSetting     "\<\%(cost\|penalty\)\>"

syn keyword taktConditional if then else
syn keyword taktLogical     and or not
syn keyword taktBoolean     true false

" the name being declared
syn match   taktEntityName  "\h\w*" contained
" calendar NAME { is a declaration; calendar NAME alone is a machine's setting
syn match   taktCalendarName "\h\w*\ze\s*{" contained
syn match   taktRuleName    "\h\w*" contained nextgroup=taktParams skipwhite
syn region  taktParams      matchgroup=taktDelimiter start="(" end=")" contained contains=TOP
syn region  taktParen       matchgroup=taktDelimiter start="(" end=")" contained transparent contains=TOP containedin=taktParams,taktParen
syn match   taktParam       "\%([(,]\s*\)\@<=\h\w*\ze\s*\%(==\@!\|,\|)\|$\)" contained containedin=taktParams
syn match   taktModule      "\h\w*\%(\s*\.\s*\h\w*\)*" contained contains=taktStd

" ---- built-ins -----------------------------------------------------------------
syn keyword taktDay         mon tue wed thu fri sat sun
syn keyword taktDay         monday tuesday wednesday thursday friday saturday sunday
syn keyword taktDay         daily weekdays weekend

" values a rule reads (compiler/builtins.def)
syn keyword taktBuiltinVar  now remaining_work
syn match   taktBuiltinObj  "\<\%(order\|job\|operation\|machine\|prev\)\ze[ \t]*\.\.\@!"
syn match   taktStd         "\<std\ze[ \t]*\.\.\@!"
" measures of a plan, for minimize; cost and penalty only inside an expression
syn keyword taktObjective   makespan tardiness max_tardiness weighted_tardiness
syn keyword taktObjective   setups setup_time late_orders flow_time moved reassigned shifted
syn match   taktObjective   "\%(\%([-+*/(,=<>]\|\<\%(minimize\|if\|then\|else\|and\|or\|not\)\)\s*\)\@16<=\<\%(cost\|penalty\)\>"
" built-in functions, when called
syn match   taktFunction    "\<\%(min\|max\|abs\|exp\|log\|sqrt\|floor\|ceil\|round\|pow\|clamp\)\ze\s*("

" ---- comments (last: they win over the / operator) ----------------------------
syn keyword taktTodo        TODO FIXME XXX NOTE contained
syn match   taktLineComment "//.*$" contains=taktTodo,@Spell
syn region  taktBlockComment start="/\*" end="\*/" contains=taktTodo,@Spell fold

" ---- colours -------------------------------------------------------------------
hi def link taktLineComment   Comment
hi def link taktBlockComment  Comment
hi def link taktTodo          Todo
hi def link taktString        String
hi def link taktEscape        SpecialChar
hi def link taktEscapeError   Error
hi def link taktNumber        Number
hi def link taktDayOffset     Number
hi def link taktTime          Constant
hi def link taktDate          Constant
hi def link taktDateTime      Constant
hi def link taktUnit          Type
hi def link taktImport        Include
hi def link taktModule        Identifier
hi def link taktStd           Include
hi def link taktDecl          Structure
hi def link taktEntityName    Identifier
hi def link taktCalendarName  Identifier
hi def link taktRuleName      Function
hi def link taktParam         Identifier
hi def link taktBlock         Keyword
hi def link taktSetting       Statement
hi def link taktConditional   Conditional
hi def link taktLogical       Operator
hi def link taktBoolean       Boolean
hi def link taktDay           Constant
hi def link taktBuiltinVar    Special
hi def link taktBuiltinObj    Special
hi def link taktObjective     Special
hi def link taktFunction      Function
hi def link taktOperator      Operator
hi def link taktRange         Operator
hi def link taktDelimiter     Delimiter

let b:current_syntax = 'takt'

let &cpo = s:cpo_save
unlet s:cpo_save
