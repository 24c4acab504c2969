#ifndef CRUMBS_CREADLINE_SHIM_H
#define CRUMBS_CREADLINE_SHIM_H
#include <stdio.h>
#include <readline/readline.h>
#include <readline/history.h>

/* Readline's globals, read through functions so Swift need not touch shared mutable state. */
static inline const char *crumbs_rl_library_version(void) { return rl_library_version; }
#endif
