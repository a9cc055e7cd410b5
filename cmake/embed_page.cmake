# embed_page.cmake: the plan page's own CSS and JavaScript
# (runtime/page/page.css, page.js) as C strings for runtime/page.c, which
# writes them inline into every page. Run with -DOUT=... -DROOT=...
set(out "/* Generated from runtime/page/ by cmake/embed_page.cmake. Do not edit. */\n#include <stddef.h>\n\n")
foreach(part css js)
  file(READ ${ROOT}/page.${part} hex HEX)
  string(LENGTH "${hex}" hexlen)
  math(EXPR len "${hexlen} / 2")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  string(APPEND out "const unsigned char takt_page_${part}[] = {${bytes} 0};\nconst size_t takt_page_${part}_len = ${len};\n")
endforeach()
file(WRITE ${OUT}.tmp "${out}")
file(RENAME ${OUT}.tmp ${OUT})
