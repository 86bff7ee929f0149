/* ARM signal frames (signal.c), for lu_target_arm's signal hooks. */
#ifndef DUET_LU_ARM_SIGNAL_H
#define DUET_LU_ARM_SIGNAL_H

#include "linux-user/process.h"

int lu_arm_setup_frame(struct lu_process *p, int sig, const struct lu_sigaction *act,
                       const struct lu_siginfo *info, uint64_t oldmask);
int lu_arm_restore_frame(struct lu_process *p, bool rt);
void lu_arm_syscall_restart(struct lu_process *p, uint64_t a0);
lu_addr lu_arm_get_sp(struct lu_process *p);

#endif
