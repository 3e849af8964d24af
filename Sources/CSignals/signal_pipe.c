/* See llmdo_signal_pipe.h. */
#define _GNU_SOURCE
#include "llmdo_signal_pipe.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

static int pipe_fds[2] = {-1, -1};
static pthread_once_t open_once = PTHREAD_ONCE_INIT;

static void on_signal(int sig) {
    int saved = errno;
    unsigned char byte = (unsigned char)sig;
    ssize_t written = write(pipe_fds[1], &byte, 1); /* a full pipe drops the byte: enough are queued */
    (void)written;
    errno = saved;
}

static void open_pipe(void) {
    if (pipe2(pipe_fds, O_CLOEXEC | O_NONBLOCK) != 0) pipe_fds[0] = pipe_fds[1] = -1;
}

int llmdo_signal_pipe_open(void) {
    pthread_once(&open_once, open_pipe);
    return pipe_fds[0];
}

int llmdo_signal_pipe_catch(int sig) {
    if (llmdo_signal_pipe_open() < 0) return -1;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_signal;
    action.sa_flags = SA_RESTART;
    sigemptyset(&action.sa_mask);
    return sigaction(sig, &action, NULL);
}
