#ifndef QUIRE_CNCURSESW_SHIM_H
#define QUIRE_CNCURSESW_SHIM_H

#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <wchar.h>
#include <ncursesw/curses.h>

int wcwidth(wchar_t c);

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
static inline WINDOW *quire_curscr(void) { return curscr; }

// Colour and pair limits (functions in reentrant builds, variables otherwise).
static inline int quire_colors(void) { return COLORS; }
static inline int quire_color_pairs(void) { return COLOR_PAIRS; }

// Width libc gives one code point: what ncurses uses to advance the cursor.
static inline int quire_wcwidth(int c) { return wcwidth((wchar_t)c); }

// Draws one cell: a spacing character and up to four combining characters, with attributes
// and an extended colour pair (pairs above 32767 go through `opts`).
static inline int quire_put_cell(int y, int x, const wchar_t *chars, int count, attr_t attrs, int pair) {
    wchar_t buffer[CCHARW_MAX + 1];
    int used = count < CCHARW_MAX ? count : CCHARW_MAX;
    for (int i = 0; i < used; i++) buffer[i] = chars[i];
    buffer[used] = L'\0';
    cchar_t cell;
    int extended = pair;
    if (setcchar(&cell, buffer, attrs, 0, &extended) != OK) return ERR;
    return mvwadd_wch(stdscr, y, x, &cell);
}

// Reads one key or character; returns OK (a character), KEY_CODE_YES (a key code) or ERR.
static inline int quire_get_wch(unsigned int *out) {
    wint_t value = 0;
    int result = wget_wch(stdscr, &value);
    *out = (unsigned int)value;
    return result;
}

// Mouse masks (macros in curses.h).
static inline mmask_t quire_mouse_all(void) { return (mmask_t)(ALL_MOUSE_EVENTS); }
static inline mmask_t quire_button_pressed(int n) { return (mmask_t)NCURSES_MOUSE_MASK(n, NCURSES_BUTTON_PRESSED); }
static inline mmask_t quire_button_released(int n) { return (mmask_t)NCURSES_MOUSE_MASK(n, NCURSES_BUTTON_RELEASED); }
static inline mmask_t quire_button_clicked(int n) { return (mmask_t)NCURSES_MOUSE_MASK(n, NCURSES_BUTTON_CLICKED); }

// The last mouse event; returns OK or ERR.
static inline int quire_get_mouse(int *y, int *x, mmask_t *state) {
    MEVENT event;
    if (getmouse(&event) != OK) return ERR;
    *y = event.y;
    *x = event.x;
    *state = event.bstate;
    return OK;
}

#endif
