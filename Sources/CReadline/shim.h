#ifndef CRUMBS_CREADLINE_SHIM_H
#define CRUMBS_CREADLINE_SHIM_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <unistd.h>
#include <fcntl.h>
#include <readline/readline.h>
#include <readline/history.h>

/* Readline's globals, read and written through functions so that Swift never touches shared
   mutable C state directly. Readline itself is single-threaded: one editor per process. */
static inline const char *crumbs_rl_library_version(void) { return rl_library_version; }
static inline const char *crumbs_rl_line_buffer(void) { return rl_line_buffer; }
static inline void crumbs_rl_set_completer(rl_completion_func_t *f) { rl_attempted_completion_function = f; }
static inline void crumbs_rl_completion_over(void) { rl_attempted_completion_over = 1; }

/* Ctrl-C: while a line is being read, clear it and show a fresh prompt; otherwise remember it
   so the program can cancel what it is doing. The program never exits on Ctrl-C. */
static volatile sig_atomic_t crumbs_reading = 0;
static volatile sig_atomic_t crumbs_interrupted = 0;
/* On a continuation line, Ctrl-C also abandons the unfinished entry (as in Node's REPL): the
   prompt goes back to the primary one and the program is told when the next line arrives. */
static volatile sig_atomic_t crumbs_continuing = 0;
static volatile sig_atomic_t crumbs_abandoned = 0;
static char *crumbs_primary_prompt = NULL;
/* A Ctrl-C outside line editing is also written to this pipe (write is safe in a signal
   handler), so the program can wait for one instead of asking again and again. */
static int crumbs_interrupt_pipe[2] = {-1, -1};

static void crumbs_on_sigint(int sig) {
    (void)sig;
    if (crumbs_reading) {
        ssize_t ignored = write(STDOUT_FILENO, "^C\n", 3);
        (void)ignored;
        if (crumbs_continuing && crumbs_primary_prompt) {
            crumbs_abandoned = 1;
            crumbs_continuing = 0;
            rl_set_prompt(crumbs_primary_prompt);
        }
        rl_replace_line("", 0);
        rl_on_new_line();
        rl_redisplay();
    } else {
        crumbs_interrupted = 1;
        if (crumbs_interrupt_pipe[1] >= 0) {
            ssize_t ignored = write(crumbs_interrupt_pipe[1], "!", 1);
            (void)ignored;
        }
    }
}

/* The reading end of the interrupt pipe (made on first use, non-blocking), or -1. */
static inline int crumbs_interrupt_fd(void) {
    if (crumbs_interrupt_pipe[0] < 0 && pipe(crumbs_interrupt_pipe) == 0) {
        fcntl(crumbs_interrupt_pipe[0], F_SETFL, O_NONBLOCK);
        fcntl(crumbs_interrupt_pipe[1], F_SETFL, O_NONBLOCK);
        fcntl(crumbs_interrupt_pipe[0], F_SETFD, FD_CLOEXEC);
        fcntl(crumbs_interrupt_pipe[1], F_SETFD, FD_CLOEXEC);
    }
    return crumbs_interrupt_pipe[0];
}

static inline void crumbs_install_sigint(void) {
    struct sigaction sa;
    rl_catch_signals = 0;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = crumbs_on_sigint;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGINT, &sa, NULL);
}

static inline void crumbs_set_reading(int reading) { crumbs_reading = reading; }
static inline void crumbs_set_continuation(const char *primary) {
    free(crumbs_primary_prompt);
    crumbs_primary_prompt = primary ? strdup(primary) : NULL;
    crumbs_continuing = primary != NULL;
    crumbs_abandoned = 0;
}
/* Output between two keystrokes: clear the prompt line, print, and draw the prompt again. */
static inline void crumbs_interject(const char *text) {
    if (crumbs_reading) {
        rl_clear_visible_line();
        fputs(text, stdout);
        fflush(stdout);
        rl_on_new_line();
        rl_redisplay();
    } else {
        fputs(text, stdout);
        fflush(stdout);
    }
}
static inline int crumbs_take_abandoned(void) {
    int was = crumbs_abandoned;
    crumbs_abandoned = 0;
    return was;
}
static inline int crumbs_take_interrupt(void) {
    int was = crumbs_interrupted;
    crumbs_interrupted = 0;
    return was;
}
#endif
