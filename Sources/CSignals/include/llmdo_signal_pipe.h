/*
 * llmdo_signal_pipe.h: SIGINT, SIGTERM and SIGHUP as bytes on a pipe.
 *
 * The handler is installed with sigaction the moment llmdo_signal_pipe_catch returns, and
 * only write()s the signal's number to a close-on-exec pipe, so no signal is lost however
 * late the reader starts, and the handler stays async-signal-safe. Installed with SA_RESTART,
 * so interrupted system calls resume.
 */
#ifndef LLMDO_SIGNAL_PIPE_H
#define LLMDO_SIGNAL_PIPE_H

#ifdef __cplusplus
extern "C" {
#endif

/** The pipe's read end (non-blocking; created once per process), or -1 if it cannot be made. */
int llmdo_signal_pipe_open(void);

/** Sends `sig` to the pipe from now on; returns 0, or -1 with errno set. */
int llmdo_signal_pipe_catch(int sig);

#ifdef __cplusplus
}
#endif

#endif
