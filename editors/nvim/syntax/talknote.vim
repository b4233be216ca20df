" Vim syntax file for talk notes (notelint). Line-local approximation of the
" format; the notelint server's semantic tokens refine it where supported.
if exists('b:current_syntax')
  finish
endif

syn case ignore

" A separator opens a talk; the first non-blank line after it is the title,
" the next the speaker line (unless it is a meta line or a section).
syn match talknoteSeparator /^\s*\%(_\{3,}\|-\{3,}\|=\{3,}\)\s*$/ skipwhite skipnl skipempty nextgroup=talknoteComment,talknoteSepTitle
syn match talknoteSepTitle /^\%(\/\/\)\@!\%(\%(authors\=\|speakers\=\|description\|abstract\|bio\|track\|level\)\s*\%(:\|$\)\)\@!\S.*$/ contained skipwhite skipnl skipempty nextgroup=talknoteMeta,talknoteSpeakerLine
syn match talknoteSpeakerLine /^\%(\/\/\)\@!\%(\%(authors\=\|speakers\=\|description\|abstract\|bio\|track\|level\)\s*\%(:\|$\)\)\@!\S.*$/ contained contains=talknoteBy,talknoteHandle,talknoteSpeakerSep skipwhite skipnl skipempty nextgroup=talknoteMeta

" A title line: exactly one space, then text.
syn match talknoteTitle /^ \%(\/\/\)\@!\S.*$/

syn match talknoteMeta /^\S[^,]*\%(,[^,]\+\)*,\s*\%(beginner\|intermediate\|advanced\|experienced\|all\)\s*$/ contains=talknoteLevel
syn match talknoteLevel /,\s*\zs\%(beginner\|intermediate\|advanced\|experienced\|all\)\ze\s*$/ contained

" Field labels; speaker fields highlight their names.
syn match talknoteLabel /^\%(authors\=\|speakers\=\|description\|abstract\|bio\|track\|level\)\ze\s*:/ nextgroup=talknoteColon
syn match talknoteColon /\s*:/ contained
syn match talknoteSpeakerField /^\%(authors\=\|speakers\=\)\s*:.*$/ contains=talknoteLabel,talknoteSpeakers
syn match talknoteSpeakers /:\s*\zs.*$/ contained contains=talknoteBy,talknoteHandle,talknoteSpeakerSep
syn match talknoteBareLabel /^\%(description\|abstract\|bio\)\s*$/
syn match talknoteBareLabel /^\%(authors\=\|speakers\=\)\s*$/ skipwhite skipnl skipempty nextgroup=talknoteSpeakerLine

syn match talknoteBy /^\s*\%(talk\s\+\)\=by\ze\s/ contained
syn match talknoteHandle /(\zs@[[:alnum:]_.-]\+\ze)/ contained
syn match talknoteSpeakerSep /\s*\%(,\|&\|\<and\>\)\s*/ contained

syn match talknoteBullet /^\s*\zs\%([-*+•]\|\d\+[.)]\)\ze\s/

syn match talknoteUrl /\<https\=:\/\/[^[:space:]<>"]\{-}\ze[.,;:!?)\]]*\%(\s\|$\)/
syn match talknoteLink /\[[^\]]*\]([^)]*)/ contains=talknoteUrl

syn match talknoteComment /^\s*\/\/.*$/ contains=talknoteDirective
syn match talknoteDirective /notelint:\s*disable\%(-next-line\)\=\s*=\s*[[:alnum:],_ -]*/ contained

hi def link talknoteSeparator  Delimiter
hi def link talknoteTitle      Title
hi def link talknoteSepTitle   Title
hi def link talknoteSpeakerLine Identifier
hi def link talknoteSpeakers   Identifier
hi def link talknoteBy         Keyword
hi def link talknoteHandle     Constant
hi def link talknoteSpeakerSep Delimiter
hi def link talknoteMeta       Type
hi def link talknoteLevel      Constant
hi def link talknoteLabel      Keyword
hi def link talknoteBareLabel  Keyword
hi def link talknoteColon      Delimiter
hi def link talknoteBullet     Special
hi def link talknoteUrl        Underlined
hi def link talknoteLink       Underlined
hi def link talknoteComment    Comment
hi def link talknoteDirective  PreProc

" The head after a separator is found through nextgroup chains: sync far
" enough back to see the separator.
syn sync minlines=50

let b:current_syntax = 'talknote'
