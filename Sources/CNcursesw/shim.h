#ifndef REELSHOP_CNCURSESW_SHIM_H
#define REELSHOP_CNCURSESW_SHIM_H

/* SwiftPM drops the flags `pkg-config ncursesw` adds, so ask for the wide API here. */
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif

#include <locale.h>
#include <wchar.h>
#include <ncursesw/curses.h>
#include <ncursesw/term.h>

/* Swift 6 rejects ncurses' mutable globals and cannot import its macros: wrap them. */
static inline WINDOW *rs_stdscr(void) { return stdscr; }
static inline int rs_colors(void) { return COLORS; }
static inline int rs_color_pairs(void) { return COLOR_PAIRS; }
static inline int rs_cols(void) { return COLS; }
static inline int rs_lines(void) { return LINES; }
static inline void rs_getmaxyx(WINDOW *w, int *y, int *x) { int yy, xx; getmaxyx(w, yy, xx); *y = yy; *x = xx; }

static inline attr_t rs_a_normal(void) { return A_NORMAL; }
static inline attr_t rs_a_bold(void) { return A_BOLD; }
static inline attr_t rs_a_dim(void) { return A_DIM; }
static inline attr_t rs_a_underline(void) { return A_UNDERLINE; }
static inline attr_t rs_a_reverse(void) { return A_REVERSE; }
static inline attr_t rs_a_italic(void) { return A_ITALIC; }

static inline int rs_key_resize(void) { return KEY_RESIZE; }
static inline int rs_key_mouse(void) { return KEY_MOUSE; }
static inline int rs_key_up(void) { return KEY_UP; }
static inline int rs_key_down(void) { return KEY_DOWN; }
static inline int rs_key_left(void) { return KEY_LEFT; }
static inline int rs_key_right(void) { return KEY_RIGHT; }
static inline int rs_key_enter(void) { return KEY_ENTER; }
static inline int rs_key_backspace(void) { return KEY_BACKSPACE; }
static inline int rs_key_npage(void) { return KEY_NPAGE; }
static inline int rs_key_ppage(void) { return KEY_PPAGE; }
static inline int rs_key_home(void) { return KEY_HOME; }
static inline int rs_key_end(void) { return KEY_END; }
static inline int rs_key_dc(void) { return KEY_DC; }
static inline int rs_key_btab(void) { return KEY_BTAB; }

static inline mmask_t rs_button4_pressed(void) { return BUTTON4_PRESSED; }
#ifdef BUTTON5_PRESSED
static inline mmask_t rs_button5_pressed(void) { return BUTTON5_PRESSED; }
#else
static inline mmask_t rs_button5_pressed(void) { return 0; }
#endif
static inline mmask_t rs_button1_clicked(void) { return BUTTON1_CLICKED | BUTTON1_PRESSED; }
static inline mmask_t rs_all_mouse_events(void) { return ALL_MOUSE_EVENTS | REPORT_MOUSE_POSITION; }

#include <langinfo.h>
/* Frees the terminfo entry setupterm() loaded (cur_term is a global Swift 6 rejects). */
static inline void rs_free_current_terminal(void) { del_curterm(cur_term); }
static inline const char *rs_codeset(void) { return nl_langinfo(CODESET); }

static inline int rs_ok(void) { return OK; }
static inline int rs_err(void) { return ERR; }

#endif
