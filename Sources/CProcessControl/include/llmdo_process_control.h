/* llmdo_process_control.h: process-control calls Swift cannot make itself (prctl is variadic). */
#ifndef LLMDO_PROCESS_CONTROL_H
#define LLMDO_PROCESS_CONTROL_H

#include <sys/prctl.h>

/* Asks the kernel to send `signal` to this process when its parent thread exits.
 * Returns 0, or -1 with errno set. */
static inline int llmdo_set_parent_death_signal(int signal) {
    return prctl(PR_SET_PDEATHSIG, (unsigned long)signal, 0UL, 0UL, 0UL);
}

#endif
