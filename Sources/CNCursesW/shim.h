#ifndef QUIRE_CNCURSESW_SHIM_H
#define QUIRE_CNCURSESW_SHIM_H

#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <ncursesw/curses.h>

// Macros of curses.h that Swift cannot import, as functions.
static inline int quire_getmaxy(WINDOW *w) { return getmaxy(w); }
static inline int quire_getmaxx(WINDOW *w) { return getmaxx(w); }
static inline int quire_color_pair(int n) { return (int)COLOR_PAIR(n); }
static inline int quire_key_f(int n) { return KEY_F(n); }
static inline unsigned int quire_a_bold(void) { return A_BOLD; }
static inline unsigned int quire_a_dim(void) { return A_DIM; }
static inline unsigned int quire_a_italic(void) { return A_ITALIC; }
static inline unsigned int quire_a_underline(void) { return A_UNDERLINE; }
static inline unsigned int quire_a_reverse(void) { return A_REVERSE; }
static inline unsigned int quire_a_normal(void) { return A_NORMAL; }
static inline WINDOW *quire_stdscr(void) { return stdscr; }

#endif
