#ifndef QUIRE_CCMARKGFM_SHIM_H
#define QUIRE_CCMARKGFM_SHIM_H

#include <cmark-gfm.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm-core-extensions.h>

// The table and strikethrough node types are exported variables without a header of
// their own in Debian's package; declare them so Swift can compare node types.
extern cmark_node_type CMARK_NODE_TABLE;
extern cmark_node_type CMARK_NODE_TABLE_ROW;
extern cmark_node_type CMARK_NODE_TABLE_CELL;
extern cmark_node_type CMARK_NODE_STRIKETHROUGH;

// Swift 6 treats imported mutable globals as unsafe to share; these read them through a
// function instead. The values are fixed once cmark_gfm_core_extensions_ensure_registered ran.
static inline cmark_node_type quire_cmark_node_table(void) { return CMARK_NODE_TABLE; }
static inline cmark_node_type quire_cmark_node_table_row(void) { return CMARK_NODE_TABLE_ROW; }
static inline cmark_node_type quire_cmark_node_table_cell(void) { return CMARK_NODE_TABLE_CELL; }
static inline cmark_node_type quire_cmark_node_strikethrough(void) { return CMARK_NODE_STRIKETHROUGH; }

#endif
